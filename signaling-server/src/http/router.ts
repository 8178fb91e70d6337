import type { IncomingMessage, ServerResponse } from 'node:http'
import FindMyWay, { type HTTPMethod } from 'find-my-way'
import type { z } from 'zod'
import type { PinoLogger as Logger } from '../../../node-common/logger'
import type { AuthHook } from './auth'
import { applicationsDialect, readJsonBody, type BodyDialect, type BodyRule } from './body'
import { HttpError, sendError, sendJson } from './errors'

/** What a handler gets: the caller (from the route's auth hook), parsed params and body. */
export interface RouteContext<A, P, B, Q = URLSearchParams> {
  req: IncomingMessage
  res: ServerResponse
  caller: A
  params: P
  body: B
  /** The search params, parsed with the route's `query` schema when it has one. */
  query: Q
}

/**
 * One endpoint. The router runs, in order: `auth`, `params` and `query` (a value outside its
 * schema is 404 `not_found`, as for an unknown path), `before` (rate limits, header checks: still before any
 * byte of the body is read), `body` (readJsonBody with `dialect`), then `handler`.
 */
export interface Route<
  A = undefined,
  P = Record<string, string | undefined>,
  B = undefined,
  Q = URLSearchParams,
> {
  method: HTTPMethod | readonly HTTPMethod[]
  path: string
  auth?: AuthHook<A>
  params?: z.ZodType<P>
  /** Schema of the search params as an object (the first value of each name). */
  query?: z.ZodType<Q>
  before?: (ctx: Omit<RouteContext<A, P, B, Q>, 'body'>) => void
  body?: BodyRule<z.ZodType<B>>
  /** How a bad body is answered; default the applications API's. */
  dialect?: BodyDialect
  handler(ctx: RouteContext<A, P, B, Q>): Promise<void> | void
}

/** A route with its types erased, so routes of every shape share one table. */
export type AnyRoute = Route<unknown, unknown, unknown, unknown>

/** Keeps the route's own types for its handler and erases them for the table. */
export function route<
  A = undefined,
  P = Record<string, string | undefined>,
  B = undefined,
  Q = URLSearchParams,
>(r: Route<A, P, B, Q>): AnyRoute {
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

/** `?a=1&a=2` is `{a: '1'}`: a repeated name cannot smuggle a second value past the schema. */
function firstValues(search: URLSearchParams): Record<string, string> {
  const out = Object.create(null) as Record<string, string>
  for (const [k, v] of search) if (!(k in out)) out[k] = v
  return out
}

/** A param or query value outside its schema: 404, as for an unknown path. */
function edge(schema: z.ZodType, value: unknown): unknown {
  const parsed = schema.safeParse(value)
  if (!parsed.success) throw new HttpError(404, 'not_found')
  return parsed.data
}

async function run(
  r: AnyRoute,
  req: IncomingMessage,
  res: ServerResponse,
  raw: unknown,
  search: URLSearchParams,
) {
  const caller = r.auth ? await r.auth(req) : undefined
  const params = r.params ? edge(r.params, raw) : raw
  const query = r.query ? edge(r.query, firstValues(search)) : search
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
