import type { IncomingMessage, ServerResponse } from 'node:http'
import type { z } from 'zod'
import {
  CreateEnrolCodeRequest,
  EnrolRequest,
  LoginRequest,
  type HttpErrorCode,
} from '../../common/signaling'
import { createEnrolCode, login, redeemEnrolCode, userForToken } from './auth'
import { nestedDeeperThan } from './json-limits'
import type { PinoLogger as Logger } from '../../node-common/logger'
import { createLoginThrottle, type LoginThrottle } from './login-throttle'
import { TokenBucket } from '../../node-common/token-bucket'
import type { Store } from './store/types'
import { terminalFromBearer, type TerminalTokens } from './terminal-token'

const MAX_BODY_BYTES = 16 * 1024

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: HttpErrorCode,
  ) {
    super(code)
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  })
  res.end(JSON.stringify(body))
}

async function readJson<T extends z.ZodType>(req: IncomingMessage, schema: T): Promise<z.infer<T>> {
  const type = req.headers['content-type'] ?? ''
  if (!type.startsWith('application/json')) throw new HttpFailure(400, 'invalid_body')
  const declared = Number(req.headers['content-length'] ?? 0)
  if (declared > MAX_BODY_BYTES) throw new HttpFailure(413, 'body_too_large')
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) throw new HttpFailure(413, 'body_too_large')
    chunks.push(chunk)
  }
  let value: unknown
  try {
    value = JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch {
    throw new HttpFailure(400, 'invalid_body')
  }
  if (nestedDeeperThan(value)) throw new HttpFailure(400, 'invalid_body')
  const parsed = schema.safeParse(value)
  if (!parsed.success) throw new HttpFailure(400, 'invalid_body')
  return parsed.data
}

/**
 * JSON API next to the socket.io endpoint: login for staff, enrolment for terminals and the
 * admin's enrolment codes. Returns false when the path is not an API path.
 */
export function createHttpApi(deps: {
  store: Store
  log: Logger
  now: () => number
  /** Issues the terminals' short-lived signaling tokens (terminal-token.ts). */
  tokens?: TerminalTokens
  loginThrottle?: LoginThrottle
}) {
  const { store, log, now, tokens } = deps
  const loginThrottle = deps.loginThrottle ?? createLoginThrottle()
  // Per-address throttle on the unauthenticated endpoints that take secrets.
  const perAddress = new Map<string, TokenBucket>()
  function throttle(req: IncomingMessage): void {
    const key = req.socket.remoteAddress ?? '?'
    let b = perAddress.get(key)
    if (!b) {
      if (perAddress.size > 10_000) perAddress.clear()
      perAddress.set(key, (b = new TokenBucket(20, 0.5, now())))
    }
    if (!b.take(now())) throw new HttpFailure(429, 'rate_limited')
  }

  async function route(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (path === '/api/auth/login' && req.method === 'POST') {
      throttle(req)
      const body = await readJson(req, LoginRequest)
      const address = req.socket.remoteAddress ?? '?'
      const result = await login(store, loginThrottle, { ...body, address }, now)
      if (result.kind === 'locked_out' || result.kind === 'address_blocked') {
        log.warn({ username: body.username, address }, `login refused: ${result.kind}`)
        res.setHeader('retry-after', String(Math.ceil(result.retryAfterMs / 1000)))
        throw result.kind === 'locked_out'
          ? new HttpFailure(423, 'locked_out')
          : new HttpFailure(429, 'rate_limited')
      }
      if (result.kind === 'bad_credentials') {
        log.warn({ username: body.username, address }, 'login failed')
        throw new HttpFailure(401, 'bad_credentials')
      }
      log.info({ userId: result.user.id, role: result.user.role }, 'logged in')
      return sendJson(res, 200, {
        token: result.token,
        displayName: result.user.displayName,
        role: result.user.role,
        categories: result.user.categories,
        expiresAt: result.expiresAt,
      })
    }
    if (path === '/api/terminals/enrol' && req.method === 'POST') {
      throttle(req)
      const body = await readJson(req, EnrolRequest)
      const result = redeemEnrolCode(store, body.code, body.terminalName, now())
      if (!result) {
        log.warn('enrolment refused: unknown, used or expired code')
        throw new HttpFailure(400, 'invalid_code')
      }
      log.info({ terminalId: result.terminalId, hall: result.hall }, 'terminal enrolled')
      return sendJson(res, 201, { ...result, terminalName: body.terminalName })
    }
    if (path === '/api/terminals/signaling-token' && req.method === 'POST') {
      throttle(req)
      const terminal = terminalFromBearer(store, req.headers.authorization)
      if (!terminal || !tokens) {
        log.warn('signaling token refused: bad terminal credential')
        throw new HttpFailure(401, 'unauthorized')
      }
      const { token, expiresAt } = tokens.mint(terminal)
      return sendJson(res, 201, { terminalId: terminal.id, token, expiresAt })
    }
    if (path === '/api/admin/enrol-codes' && req.method === 'POST') {
      const auth = req.headers.authorization ?? ''
      const token = auth.startsWith('Bearer ') ? auth.slice(7) : ''
      const user = token ? userForToken(store, token, now()) : null
      if (!user) throw new HttpFailure(401, 'unauthorized')
      if (user.role !== 'admin') throw new HttpFailure(403, 'forbidden')
      const body = await readJson(req, CreateEnrolCodeRequest)
      const { code, expiresAt } = createEnrolCode(store, body.hall, body.ttlHours * 3600_000, now())
      log.info({ by: user.id, hall: body.hall }, 'enrolment code created')
      return sendJson(res, 201, { code, hall: body.hall, expiresAt })
    }
    throw new HttpFailure(404, 'not_found')
  }

  return async function handleApi(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
  ): Promise<void> {
    try {
      await route(req, res, path)
    } catch (err) {
      if (err instanceof HttpFailure) {
        // Do not read the rest of an oversized body: answer and close the connection.
        if (err.status === 413 && !res.headersSent) res.setHeader('connection', 'close')
        if (!res.headersSent) sendJson(res, err.status, { error: err.code })
        return
      }
      log.error({ err, path }, 'http handler failed')
      if (!res.headersSent) sendJson(res, 500, { error: 'internal' })
    }
  }
}
