import type { Socket } from 'socket.io'
import { HandshakeAuth, type ConnectErrorCode } from '../../../common/signaling'
import { credentialMatches, userForToken } from '../auth'
import type { WarnOnce } from '../log-throttle'
import type { PinoLogger as Logger } from '../../../node-common/logger'
import type { StaffStore, TerminalRecord, TerminalStore, UserRecord } from '../store/types'
import type { TerminalTokens } from '../terminal-token'

/**
 * Who may connect: kiosks on `/terminal` (credential or short-lived token), staff on
 * `/staff` (session token). The middlewares set `socket.data`; anything else is refused with a
 * `connect_error` whose `data.code` says why.
 */

export type TerminalData = { kind: 'terminal'; terminalId: string; name: string; hall: string }
export type StaffData = { kind: 'staff'; userId: string }

type Next = (err?: Error) => void

export function connectError(code: ConnectErrorCode): Error {
  const err = new Error(code) as Error & { data?: unknown }
  err.data = { code }
  return err
}

export function createHandshakes(deps: {
  store: TerminalStore & StaffStore
  log: Logger
  now: () => number
  tokens?: TerminalTokens
  warnOnce: WarnOnce
  /** A staff member who passed the handshake (their state is created or refreshed). */
  onStaff: (user: UserRecord) => void
}) {
  const { store, log, warnOnce } = deps

  async function terminalByCredential(
    terminalId: string,
    credential: string,
  ): Promise<TerminalRecord | null> {
    const t = await store.getTerminal(terminalId)
    return t && t.revokedAt === null && credentialMatches(credential, t.credentialHash) ? t : null
  }

  async function terminal(sock: Pick<Socket, 'handshake' | 'data'>, next: Next): Promise<void> {
    try {
      const auth = HandshakeAuth.safeParse(sock.handshake.auth)
      if (!auth.success) return next(connectError('unauthorized'))
      if (auth.data.kind === 'staff') return next(connectError('wrong_role'))
      const t =
        auth.data.kind === 'terminal-token'
          ? ((await deps.tokens?.verify(auth.data.token, auth.data.terminalId)) ?? null)
          : await terminalByCredential(auth.data.terminalId, auth.data.credential)
      if (!t) {
        warnOnce.warn(
          'terminal handshake refused',
          { terminalId: auth.data.terminalId },
          'terminal handshake refused',
        )
        return next(connectError('unauthorized'))
      }
      sock.data = { kind: 'terminal', terminalId: t.id, name: t.name, hall: t.hall }
      next()
    } catch (err) {
      // The centre could not look the caller up (database away or saturated): not the
      // caller's fault, so `server_busy`, which clients retry; `unauthorized` would stop them.
      log.error({ err }, 'terminal handshake failed')
      next(connectError('server_busy'))
    }
  }

  async function staff(sock: Pick<Socket, 'handshake' | 'data'>, next: Next): Promise<void> {
    try {
      const auth = HandshakeAuth.safeParse(sock.handshake.auth)
      if (!auth.success) return next(connectError('unauthorized'))
      if (auth.data.kind !== 'staff') return next(connectError('wrong_role'))
      const user = await userForToken(store, auth.data.token, deps.now())
      if (!user) return next(connectError('unauthorized'))
      // Technicians look after terminals; the video counter is not theirs.
      if (user.role === 'technician') return next(connectError('wrong_role'))
      sock.data = { kind: 'staff', userId: user.id }
      deps.onStaff(user)
      next()
    } catch (err) {
      log.error({ err }, 'staff handshake failed')
      next(connectError('server_busy'))
    }
  }

  return { terminal, staff }
}
