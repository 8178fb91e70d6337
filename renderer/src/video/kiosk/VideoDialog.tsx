import type { ReactElement, ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

/** One full-screen step of the kiosk's video help; `screen` names it for styles and tests. */
export function VideoDialog({
  screen,
  titleId,
  className,
  children,
}: {
  screen: string
  /** The id of the step's heading, where it has one to be labelled by. */
  titleId?: string
  className?: string
  children: ReactNode
}): ReactElement {
  return (
    <div
      role="dialog"
      aria-modal="true"
      aria-labelledby={titleId}
      className={className ? `video-screen ${className}` : 'video-screen'}
      data-screen={screen}
    >
      {children}
    </div>
  )
}

/** 返回: back to where the resident came from. */
export function BackButton({ onBack }: { onBack: () => void }): ReactElement {
  const { t } = useTranslation()
  return (
    <button type="button" className="video-button video-button-back" onClick={onBack}>
      {t('video.back')}
    </button>
  )
}

/** A step whose only action is going back. */
export function BackOnly({ onBack }: { onBack: () => void }): ReactElement {
  return (
    <div className="video-actions">
      <BackButton onBack={onBack} />
    </div>
  )
}
