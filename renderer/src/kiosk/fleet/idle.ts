import { useKiosk } from '../store'

/*
 * Whether nobody uses the kiosk now, for the remote commands (command-runner.ts): the home
 * screen, no card read in this session, no video help open. KioskApp says when video help
 * opens and closes (`setHelpOpen`); the rest is the kiosk's store.
 */

let helpOpen = false
const listeners = new Set<() => void>()

const notify = () => {
  for (const fn of listeners) fn()
}

export function kioskIdle(): boolean {
  const s = useKiosk.getState()
  return s.screen === 'home' && s.card === null && !helpOpen
}

export function setHelpOpen(open: boolean): void {
  if (helpOpen === open) return
  helpOpen = open
  if (!open) notify()
}

/** Called whenever the kiosk may have become idle. */
export function onKioskIdle(fn: () => void): () => void {
  listeners.add(fn)
  const offStore = useKiosk.subscribe((s, before) => {
    if (s.screen !== before.screen || s.card !== before.card) fn()
  })
  return () => {
    listeners.delete(fn)
    offStore()
  }
}
