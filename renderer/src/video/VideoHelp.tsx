import type { ReactElement } from 'react'
import type { HelpContext } from './help-context'

/**
 * Full-screen video help: queue, waiting, call, reconnecting. Placeholder until the video
 * counter UI lands (issue 4); it keeps the kiosk's wiring in place.
 */
export function VideoHelp({
  onClose,
}: {
  context: HelpContext
  onClose: () => void
}): ReactElement {
  return (
    <div role="dialog" aria-modal="true" className="screen">
      <button type="button" className="secondary-button" onClick={onClose}>
        ←
      </button>
    </div>
  )
}
