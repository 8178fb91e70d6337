import { useEffect, useRef, type ReactElement, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { speak } from './speech'

/**
 * One kiosk screen: a large heading, read aloud with an optional longer spoken text, and the
 * content. Focus moves to the heading so screen readers announce the new screen too.
 */
export function Screen({
  id,
  title,
  spoken,
  children,
  actions,
}: {
  id: string
  title: string
  spoken?: string
  children?: ReactNode
  /** The screen's one decision (primary button) and its way back, shown at the bottom. */
  actions?: ReactNode
}): ReactElement {
  const { i18n } = useTranslation()
  const heading = useRef<HTMLHeadingElement>(null)
  const text = spoken ?? title
  useEffect(() => {
    speak(text, i18n.language)
    heading.current?.focus({ preventScroll: true })
  }, [text, i18n.language])
  return (
    <main className="screen" aria-labelledby={`${id}-title`} data-screen={id}>
      <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
        {title}
      </h2>
      {/* Focusable so a keyboard or switch user can scroll a long screen (axe: scrollable-region-focusable). */}
      <div className="screen-body" tabIndex={0}>
        {children}
      </div>
      {actions ? <div className="actions">{actions}</div> : null}
    </main>
  )
}
