import { useCallback, type RefObject } from 'react'

const cancel = (e: TouchEvent) => e.preventDefault()

/**
 * The ref for a canvas a finger draws on (the signature pad, the handwriting pad). Chromium
 * reads the end of a quick stroke as a flick, despite `touch-action: none`, and the next touch
 * anywhere is taken as stopping it: the tap right after a quick signature reached 我已阅读，
 * 同意并签名 as pointerdown/pointerup but never as a click, so nothing happened. A cancelled
 * touchstart keeps the browser from making gestures of that touch at all; the pad still gets
 * every pointer event. (React's onTouchStart is passive and cannot cancel, hence a listener.)
 */
export function useDrawingSurface<T extends HTMLElement>(
  ref: RefObject<T | null>,
): (el: T | null) => (() => void) | undefined {
  return useCallback(
    (el: T | null) => {
      ref.current = el
      if (!el) return
      el.addEventListener('touchstart', cancel, { passive: false })
      return () => {
        el.removeEventListener('touchstart', cancel)
        ref.current = null
      }
    },
    [ref],
  )
}
