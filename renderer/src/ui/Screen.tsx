import { useEffect, useRef, type ReactElement, type ReactNode } from 'react'
import { createPortal } from 'react-dom'
import { useTranslation } from 'react-i18next'
import { speak } from './speech'

/**
 * Where every screen's decision buttons go: one element, placed by the kiosk frame in its bottom
 * bar beside the help button (`hostScreenActions`), so a screen's content has the whole height
 * between its heading and that bar and nothing a resident must tap needs scrolling.
 */
const actionsHost = document.createElement('div')
actionsHost.className = 'screen-actions-host'

/** Ref callback for the bottom bar's slot: puts the screens' buttons there. */
export function hostScreenActions(slot: HTMLElement | null): () => void {
  slot?.appendChild(actionsHost)
  return () => actionsHost.remove()
}

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
  const bar = actions ? (
    <div className="actions" data-actions-of={id}>
      {actions}
    </div>
  ) : null
  return (
    <main className="screen" aria-labelledby={`${id}-title`} data-screen={id}>
      <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
        {title}
      </h2>
      {/* Focusable so a keyboard or switch user could scroll it; the layout keeps it from needing to. */}
      <div className="screen-body" tabIndex={0}>
        {children}
      </div>
      {bar ? createPortal(bar, actionsHost) : null}
    </main>
  )
}
