import type { Namespace, Socket } from 'socket.io'
import { CaseChangedEvent } from '../../../common/cases/view'
import { HandshakeAuth } from '../../../common/signaling'
import { sha256 } from '../auth'
import type { PinoLogger as Logger } from '../../../node-common/logger'
import type { StaffStore } from '../store/types'
import type { CaseFeed } from './feed'

/*
 * `cases:changed` to the staff consoles: each change of the case feed goes to the consoles that
 * may see the case, a clerk of its category or a supervisor (admins and technicians decide no
 * cases and hear nothing). Who may hear is decided on the server when the console connects
 * (its account's role and categories; any change to the account closes its sockets,
 * staff-admin.ts) and again at each event (the session must still run). The payload names the
 * case, its item, status and queue, nothing personal: the console refetches over HTTP, where
 * every read is checked and audited.
 */

export const caseRoom = (category: string): string => `cases:${category}`
export const CASES_ALL_ROOM = 'cases:all'

type AnySocket = Pick<Socket, 'id' | 'data' | 'handshake' | 'join' | 'emit'>

export function attachCasePush(deps: {
  staff: Pick<Namespace, 'on' | 'adapter' | 'sockets' | 'serverSideEmit'>
  feed: CaseFeed
  store: StaffStore
  now: () => number
  log: Logger
  /** A cluster node: a change made here reaches the consoles of every node too. */
  cluster?: boolean
}): () => void {
  const { staff, store, now, log } = deps
  /** When each listening socket's session runs out (ms). */
  const expiry = new Map<string, number>()

  async function joined(sock: AnySocket): Promise<void> {
    const auth = HandshakeAuth.safeParse(sock.handshake.auth)
    if (!auth.success || auth.data.kind !== 'staff') return
    const session = await store.getSession(sha256(auth.data.token))
    const user = session ? await store.getUser(session.userId) : null
    if (!session || !user || user.disabledAt !== null || session.expiresAt <= now()) return
    if (user.role === 'supervisor') await sock.join(CASES_ALL_ROOM)
    else if (user.role === 'clerk') await sock.join(user.categories.map(caseRoom))
    else return
    expiry.set(sock.id, session.expiresAt)
  }

  staff.on('connection', (sock: Socket) => {
    sock.on('disconnect', () => expiry.delete(sock.id))
    joined(sock).catch((err: unknown) => log.warn({ err }, 'case push: joining failed'))
  })

  function deliver(categoryId: string, event: CaseChangedEvent): void {
    const rooms = deps.staff.adapter.rooms
    const ids = new Set([
      ...(rooms.get(caseRoom(categoryId)) ?? []),
      ...(rooms.get(CASES_ALL_ROOM) ?? []),
    ])
    const t = now()
    for (const id of ids) {
      const until = expiry.get(id)
      // A console whose session ran out hears nothing more (its next HTTP call is refused).
      if (until === undefined || until <= t) continue
      deps.staff.sockets.get(id)?.emit('cases:changed', event)
    }
  }

  // Another node's change (checked like anything that crosses a process boundary).
  staff.on(REMOTE_EVENT, (categoryId: unknown, event: unknown) => {
    const parsed = CaseChangedEvent.safeParse(event)
    if (typeof categoryId === 'string' && parsed.success) deliver(categoryId, parsed.data)
  })

  return deps.feed.subscribe((c, event) => {
    deliver(c.categoryId, event)
    if (deps.cluster) staff.serverSideEmit(REMOTE_EVENT, c.categoryId, event)
  })
}

const REMOTE_EVENT = 'case-changed'
