import type { Namespace } from 'socket.io'
import type { Target } from './state'

/**
 * Emits through socket.io rooms, never through held socket objects: every console is in
 * `staff:<userId>` plus `cat:<category>` (clerks) or `all-categories` (supervisors, admins); a
 * kiosk is reached through the room socket.io gives each socket (its id), the one socket the
 * state holds for that terminal (a named room per kiosk cost 0.3 KB of heap for each of
 * thousands of idle kiosks); a reply to one socket uses its own id's room too.
 */
export const staffRoom = (userId: string): string => `staff:${userId}`
export const categoryRoom = (category: string): string => `cat:${category}`
export const SUPERVISORS_ROOM = 'all-categories'

/** Untyped here: the domain builds the payloads from the protocol's own types. */
type AnyNamespace = Pick<Namespace, 'to'>

export function createNotify(
  tns: AnyNamespace,
  sns: AnyNamespace,
  /** The socket id of a connected terminal (the state's `terminalsOnline`). */
  terminalSocket: (terminalId: string) => string | undefined,
) {
  return function notify(to: Target, event: string, payload: unknown): void {
    const emit = (ns: AnyNamespace, rooms: string | string[]) =>
      (ns.to(rooms) as unknown as { emit(ev: string, p: unknown): void }).emit(event, payload)
    if ('terminal' in to) {
      const socket = terminalSocket(to.terminal)
      if (socket) emit(tns, socket)
    } else if ('staff' in to) emit(sns, staffRoom(to.staff))
    else if ('category' in to) emit(sns, [categoryRoom(to.category), SUPERVISORS_ROOM])
    else if ('supervisors' in to) emit(sns, SUPERVISORS_ROOM)
    else emit(to.ns === 'terminal' ? tns : sns, to.socket)
  }
}
