import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { credentialMatches } from './auth'
import type { TerminalRecord, TerminalStore } from './store/types'

/**
 * Short-lived signaling tokens for terminals. The kiosk's main process holds the terminal's
 * long-lived credential and trades it here for a token of a few minutes; only that token
 * reaches the kiosk's renderer, which opens the `/terminal` socket with it. A leaked token
 * is worth minutes, not the terminal's identity.
 *
 * Format: `v1.<terminalId>.<expires, unix ms>.<HMAC-SHA256>` (base64url), keyed with a server
 * key and bound to the terminal's stored credential hash, so re-enrolling or revoking the
 * terminal voids every token it was given.
 */
export const SIGNALING_TOKEN_TTL_MS = 5 * 60_000

export interface TerminalTokens {
  /** A token for this terminal, valid `ttlMs` from now. */
  mint(terminal: TerminalRecord): { token: string; expiresAt: number }
  /** The terminal the token was minted for, if it is valid for `terminalId` right now. */
  verify(token: string, terminalId: string): Promise<TerminalRecord | null>
}

export function createTerminalTokens(deps: {
  store: TerminalStore
  now: () => number
  /** 32 bytes; without it a random key per process (tokens then end with the process). */
  key?: Buffer
  ttlMs?: number
}): TerminalTokens {
  const key = deps.key ?? randomBytes(32)
  const ttlMs = deps.ttlMs ?? SIGNALING_TOKEN_TTL_MS
  const mac = (terminalId: string, expiresAt: number, credentialHash: string) =>
    createHmac('sha256', key)
      .update(`v1\n${terminalId}\n${expiresAt}\n${credentialHash}`)
      .digest('base64url')

  return {
    mint(terminal) {
      const expiresAt = deps.now() + ttlMs
      const sig = mac(terminal.id, expiresAt, terminal.credentialHash)
      return { token: `v1.${terminal.id}.${expiresAt}.${sig}`, expiresAt }
    },
    async verify(token, terminalId) {
      const parts = token.split('.')
      if (parts.length !== 4 || parts[0] !== 'v1') return null
      const [, id, exp, sig] = parts as [string, string, string, string]
      if (id !== terminalId || !/^\d{1,15}$/.test(exp)) return null
      const expiresAt = Number(exp)
      if (expiresAt <= deps.now()) return null
      const terminal = await deps.store.getTerminal(id)
      if (!terminal || terminal.revokedAt !== null) return null
      const a = Buffer.from(sig)
      const b = Buffer.from(mac(id, expiresAt, terminal.credentialHash))
      return a.length === b.length && timingSafeEqual(a, b) ? terminal : null
    },
  }
}

/**
 * The terminal named by `Authorization: Bearer <terminalId>:<credential>` (the centre's
 * terminal bearer format, docs/applications-api.md), or null.
 */
export async function terminalFromBearer(
  store: TerminalStore,
  authorization: string | undefined,
): Promise<TerminalRecord | null> {
  const auth = authorization ?? ''
  const bearer = auth.startsWith('Bearer ') ? auth.slice(7).trim() : ''
  const sep = bearer.indexOf(':')
  if (sep <= 0 || bearer.length > 300) return null
  const terminal = await store.getTerminal(bearer.slice(0, sep))
  if (!terminal || terminal.revokedAt !== null) return null
  return credentialMatches(bearer.slice(sep + 1), terminal.credentialHash) ? terminal : null
}
