import { createHmac } from 'node:crypto'
import type { IceServer } from '../../common/signaling'

export interface IceConfig {
  /** STUN URLs handed out as-is, e.g. `stun:turn.example.cn:3478`. */
  stunUrls: string[]
  /** TURN URLs sharing one secret: udp/tcp 3478 and `turns:…:443?transport=tcp`. */
  turnUrls: string[]
  /** coturn `static-auth-secret` (use-auth-secret); TURN is omitted when empty. */
  turnSecret: string | null
  /** Credential lifetime; long enough for a call plus its reconnects. */
  turnTtlSeconds: number
}

/**
 * TURN REST API credentials (draft-uberti-behave-turn-rest-00, coturn `use-auth-secret`):
 * username `expiry:userId` with the expiry in Unix seconds, password
 * base64(HMAC-SHA1(secret, username)). coturn refuses a username whose expiry has passed.
 */
export function mintTurnCredential(
  secret: string,
  userId: string,
  ttlSeconds: number,
  nowMs: number,
): { username: string; credential: string; expiresAt: number } {
  const expiry = Math.floor(nowMs / 1000) + ttlSeconds
  const username = `${expiry}:${userId}`
  const credential = createHmac('sha1', secret).update(username).digest('base64')
  return { username, credential, expiresAt: expiry * 1000 }
}

export function iceServersFor(config: IceConfig, userId: string, nowMs: number): IceServer[] {
  const servers: IceServer[] = []
  if (config.stunUrls.length) servers.push({ urls: config.stunUrls })
  if (config.turnSecret && config.turnUrls.length) {
    const c = mintTurnCredential(config.turnSecret, userId, config.turnTtlSeconds, nowMs)
    servers.push({ urls: config.turnUrls, username: c.username, credential: c.credential })
  }
  return servers
}
