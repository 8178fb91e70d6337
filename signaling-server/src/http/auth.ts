import type { IncomingMessage } from 'node:http'
import type { StaffRole } from '../../../common/signaling'
import { userForToken } from '../auth'
import type { PinoLogger as Logger } from '../../../node-common/logger'
import { TokenBucket } from '../../../node-common/token-bucket'
import type { StaffStore, TerminalRecord, TerminalStore, UserRecord } from '../store/types'
import { terminalFromBearer } from '../terminal-token'
import { HttpError } from './errors'

/**
 * An auth hook: who the caller is, or an `HttpError` (401 unknown, 403 wrong role, 429 too many
 * failures). A route names one hook; the router runs it before the body is read.
 */
export type AuthHook<P> = (req: IncomingMessage) => P | Promise<P>

export const clientAddress = (req: IncomingMessage): string => req.socket.remoteAddress ?? '?'

/** Per-key token buckets, cleared wholesale when a flood of keys would grow it without bound. */
export function bucketsPerKey(burst: number, perSecond: number, now: () => number) {
  const buckets = new Map<string, TokenBucket>()
  return (key: string): boolean => {
    let b = buckets.get(key)
    if (!b) {
      if (buckets.size > 10_000) buckets.clear()
      buckets.set(key, (b = new TokenBucket(burst, perSecond, now())))
    }
    return b.take(now())
  }
}

/**
 * Terminals: `Authorization: Bearer <terminalId>:<credential>` (terminal-token.ts). With
 * `failures`, refusals are counted per address and answer 429 once its budget is spent, which
 * slows guessing; the kiosk itself never fails twice in a row.
 */
export function terminalAuth(deps: {
  store: TerminalStore
  log: Logger
  now: () => number
  failures?: { burst: number; perSecond: number }
  /** Log line of a refusal. */
  refused?: string
}): AuthHook<TerminalRecord> {
  const failed = deps.failures
    ? bucketsPerKey(deps.failures.burst, deps.failures.perSecond, deps.now)
    : null
  return async (req) => {
    const terminal = await terminalFromBearer(deps.store, req.headers.authorization)
    if (terminal) return terminal
    const bearer = (req.headers.authorization ?? '').replace(/^Bearer /, '').trim()
    const sep = bearer.indexOf(':')
    deps.log.warn(
      { terminalId: sep > 0 ? bearer.slice(0, sep).slice(0, 64) : null },
      deps.refused ?? 'terminal refused',
    )
    if (failed && !failed(clientAddress(req))) throw new HttpError(429, 'rate_limited')
    throw new HttpError(401, 'unauthorized')
  }
}

/**
 * Staff: `Authorization: Bearer <session token>` from `/api/auth/login`. A terminal's bearer
 * is no session token, so it is refused (401); a session whose role is not in `roles` gets 403.
 * `roles` is required, so that a new role reaches nothing until a route names it.
 */
export function staffAuth(deps: {
  store: StaffStore
  now: () => number
  roles: readonly StaffRole[]
}): AuthHook<UserRecord> {
  return async (req) => {
    const auth = req.headers.authorization ?? ''
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : ''
    const user = token ? await userForToken(deps.store, token, deps.now()) : null
    if (!user) throw new HttpError(401, 'unauthorized')
    if (!deps.roles.includes(user.role)) throw new HttpError(403, 'forbidden')
    return user
  }
}

/** Admins only (staff accounts). */
export const adminAuth = (deps: { store: StaffStore; now: () => number }): AuthHook<UserRecord> =>
  staffAuth({ ...deps, roles: ['admin'] })
