import { useEffect, useRef, type PointerEvent } from 'react'

/** How long the hall's name must be held to open technician mode's login. */
export const TECHNICIAN_HOLD_MS = 5_000

/**
 * Pointer handlers that call `fire` once a press has been held for `ms` without lifting or
 * leaving the element: a tap, a brush or a resident leaning on the screen for a second or two
 * does nothing.
 */
export function useLongPress(fire: () => void, ms = TECHNICIAN_HOLD_MS) {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const fireRef = useRef(fire)
  useEffect(() => {
    fireRef.current = fire
  })
  const cancel = () => {
    if (timer.current) clearTimeout(timer.current)
    timer.current = null
  }
  useEffect(() => cancel, [])
  return {
    onPointerDown: (e: PointerEvent) => {
      if (!e.isPrimary) return cancel()
      cancel()
      timer.current = setTimeout(() => {
        timer.current = null
        fireRef.current()
      }, ms)
    },
    onPointerUp: cancel,
    onPointerLeave: cancel,
    onPointerCancel: cancel,
    // A held finger would open the context menu on some platforms.
    onContextMenu: (e: { preventDefault(): void }) => e.preventDefault(),
  }
}
