import type { IncomingMessage } from 'node:http'
import { CreateEnrolCodeRequest, EnrolRequest, LoginRequest } from '../../common/signaling'
import { createEnrolCode, login, redeemEnrolCode } from './auth'
import { bucketsPerKey, clientAddress, staffAuth, terminalAuth } from './http/auth'
import { SIGNALING_BODY_BYTES, signalingDialect } from './http/body'
import { HttpError, sendJson } from './http/errors'
import { route, type AnyRoute } from './http/router'
import type { PinoLogger as Logger } from '../../node-common/logger'
import { createLoginThrottle, type LoginThrottle } from './login-throttle'
import type { Store } from './store/types'
import type { TerminalTokens } from './terminal-token'

/**
 * The signaling server's JSON API (docs/signaling-protocol.md, "HTTP API"): login for staff,
 * enrolment for terminals, the admin's enrolment codes and the terminals' signaling tokens.
 * Routes for the HTTP layer (http/router.ts); bad bodies answer a bare `invalid_body`.
 */
export function signalingRoutes(deps: {
  store: Store
  log: Logger
  now: () => number
  /** Issues the terminals' short-lived signaling tokens (terminal-token.ts). */
  tokens?: TerminalTokens
  loginThrottle?: LoginThrottle
}): AnyRoute[] {
  const { store, log, now, tokens } = deps
  const loginThrottle = deps.loginThrottle ?? createLoginThrottle()
  // Per-address throttle on the unauthenticated endpoints that take secrets.
  const perAddress = bucketsPerKey(20, 0.5, now)
  const throttle = ({ req }: { req: IncomingMessage }): void => {
    if (!perAddress(clientAddress(req))) throw new HttpError(429, 'rate_limited')
  }
  const small = { limit: SIGNALING_BODY_BYTES }
  const dialect = signalingDialect

  return [
    route({
      method: 'POST',
      path: '/api/auth/login',
      before: throttle,
      body: { ...small, schema: LoginRequest },
      dialect,
      async handler({ req, res, body }) {
        const address = clientAddress(req)
        const result = await login(store, loginThrottle, { ...body, address }, now)
        if (result.kind === 'locked_out' || result.kind === 'address_blocked') {
          log.warn({ username: body.username, address }, `login refused: ${result.kind}`)
          const headers = { 'retry-after': String(Math.ceil(result.retryAfterMs / 1000)) }
          throw result.kind === 'locked_out'
            ? new HttpError(423, 'locked_out', undefined, headers)
            : new HttpError(429, 'rate_limited', undefined, headers)
        }
        if (result.kind === 'disabled') {
          log.warn({ username: body.username, address }, 'login refused: account disabled')
          throw new HttpError(403, 'account_disabled')
        }
        if (result.kind === 'bad_credentials') {
          log.warn({ username: body.username, address }, 'login failed')
          throw new HttpError(401, 'bad_credentials')
        }
        log.info({ userId: result.user.id, role: result.user.role }, 'logged in')
        sendJson(res, 200, {
          token: result.token,
          displayName: result.user.displayName,
          role: result.user.role,
          categories: result.user.categories,
          expiresAt: result.expiresAt,
        })
      },
    }),
    route({
      method: 'POST',
      path: '/api/terminals/enrol',
      before: throttle,
      body: { ...small, schema: EnrolRequest },
      dialect,
      async handler({ res, body }) {
        const result = await redeemEnrolCode(store, body.code, body.terminalName, now())
        if (!result) {
          log.warn('enrolment refused: unknown, used or expired code')
          throw new HttpError(400, 'invalid_code')
        }
        log.info({ terminalId: result.terminalId, hall: result.hall }, 'terminal enrolled')
        sendJson(res, 201, { ...result, terminalName: body.terminalName })
      },
    }),
    route({
      method: 'POST',
      path: '/api/terminals/signaling-token',
      // The per-address throttle runs before the credential is checked, so it slows guessing.
      auth: (() => {
        const terminal = terminalAuth({
          store,
          log,
          now,
          refused: 'signaling token refused: bad terminal credential',
        })
        return (req: IncomingMessage) => {
          throttle({ req })
          return terminal(req)
        }
      })(),
      handler({ res, caller }) {
        if (!tokens) throw new HttpError(401, 'unauthorized')
        const { token, expiresAt } = tokens.mint(caller)
        sendJson(res, 201, { terminalId: caller.id, token, expiresAt })
      },
    }),
    route({
      method: 'POST',
      path: '/api/admin/enrol-codes',
      // Technicians enrol the terminals they set up; admins too.
      auth: staffAuth({ store, now, roles: ['admin', 'technician'] }),
      body: { ...small, schema: CreateEnrolCodeRequest },
      dialect,
      async handler({ res, caller, body }) {
        const { code, expiresAt } = await createEnrolCode(
          store,
          body.hall,
          body.ttlHours * 3600_000,
          now(),
        )
        log.info({ by: caller.id, hall: body.hall }, 'enrolment code created')
        sendJson(res, 201, { code, hall: body.hall, expiresAt })
      },
    }),
  ]
}
