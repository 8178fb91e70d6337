import type { IncomingMessage, ServerResponse } from 'node:http'
import FindMyWay, { type HTTPMethod } from 'find-my-way'
import type { z } from 'zod'
import type { Logger } from '../logger'
import type { AuthHook } from './auth'
import { applicationsDialect, readJsonBody, type BodyDialect, type BodyRule } from './body'
import { HttpError, sendError, sendJson } from './errors'

/** What a handler gets: the caller (from the route's auth hook), parsed params and body. */
export interface RouteContext<A, P, B> {
  req: IncomingMessage
  res: ServerResponse
  caller: A
  params: P
  body: B
  query: URLSearchParams
}

/**
 * One endpoint. The router runs, in order: `auth`, `params` (a failing param is 404
 * `not_found`, as for an unknown path), `before` (rate limits, header checks: still before any
 * byte of the body is read), `body` (readJsonBody with `dialect`), then `handler`.
 */
export interface Route<A = undefined, P = Record<string, string | undefined>, B = undefined> {
  method: HTTPMethod | readonly HTTPMethod[]
  path: string
  auth?: AuthHook<A>
  params?: z.ZodType<P>
  before?: (ctx: Omit<RouteContext<A, P, B>, 'body'>) => void
  body?: BodyRule<z.ZodType<B>>
  /** How a bad body is answered; default the applications API's. */
  dialect?: BodyDialect
  handler(ctx: RouteContext<A, P, B>): Promise<void> | void
}

/** A route with its types erased, so routes of every shape share one table. */
export type AnyRoute = Route<unknown, unknown, unknown>

/** Keeps the route's own types for its handler and erases them for the table. */
export function route<A = undefined, P = Record<string, string | undefined>, B = undefined>(
  r: Route<A, P, B>,
): AnyRoute {
  return r as unknown as AnyRoute
}

export interface CorsOptions {
  /** Origins that get `Access-Control-Allow-Origin` (e.g. `app://kiosk`). */
  origins: ReadonlySet<string>
  /** Paths the CORS rules apply to. */
  applies(path: string): boolean
}

export interface RouterOptions {
  routes: readonly AnyRoute[]
  log: Logger
  cors?: CorsOptions
  /** Headers on every answer (security headers). */
  headers?: Readonly<Record<string, string>>
}

async function run(
  r: AnyRoute,
  req: IncomingMessage,
  res: ServerResponse,
  raw: unknown,
  query: URLSearchParams,
) {
  const caller = r.auth ? r.auth(req) : undefined
  let params: unknown = raw
  if (r.params) {
    const parsed = r.params.safeParse(raw)
    if (!parsed.success) throw new HttpError(404, 'not_found')
    params = parsed.data
  }
  const ctx = { req, res, caller, params, query, body: undefined as unknown }
  r.before?.(ctx)
  if (r.body) ctx.body = await readJsonBody(req, r.body, r.dialect ?? applicationsDialect)
  await r.handler(ctx)
}

/** The centre's one HTTP layer over node:http: find-my-way routes, errors, CORS, headers. */
export function createRouter(opts: RouterOptions) {
  const { log, cors } = opts
  const fmw = FindMyWay({ maxParamLength: 200 })
  for (const r of opts.routes) fmw.on(r.method as HTTPMethod | HTTPMethod[], r.path, () => r)

  function preflight(req: IncomingMessage, res: ServerResponse, allowed: boolean): void {
    res.writeHead(
      allowed ? 204 : 403,
      allowed
        ? {
            'Access-Control-Allow-Methods': 'POST',
            'Access-Control-Allow-Headers': 'content-type, authorization',
            'Access-Control-Max-Age': '600',
          }
        : {},
    )
    res.end()
  }

  return function onRequest(req: IncomingMessage, res: ServerResponse): void {
    let url: URL
    try {
      url = new URL(req.url ?? '/', 'http://local')
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid_url"}')
      return
    }
    const path = url.pathname
    for (const [name, value] of Object.entries(opts.headers ?? {})) res.setHeader(name, value)
    if (cors?.applies(path)) {
      // Only configured origins get CORS headers; a page elsewhere cannot read the answers.
      const origin = req.headers.origin
      const allowed = origin !== undefined && cors.origins.has(origin)
      if (allowed) {
        res.setHeader('Access-Control-Allow-Origin', origin)
        res.setHeader('Vary', 'Origin')
      }
      if (req.method === 'OPTIONS') return preflight(req, res, allowed)
    }
    const found = fmw.find((req.method ?? 'GET') as HTTPMethod, path)
    if (!found) {
      sendError(res, new HttpError(404, 'not_found'))
      return
    }
    const r = (found.handler as unknown as () => AnyRoute)()
    run(r, req, res, { ...found.params }, url.searchParams).catch((err: unknown) => {
      if (err instanceof HttpError) return sendError(res, err)
      log.error({ err, path }, 'http handler failed')
      if (!res.headersSent) sendJson(res, 500, { error: 'internal' })
    })
  }
}
