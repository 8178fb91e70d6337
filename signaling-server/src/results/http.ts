import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { IncomingMessage } from 'node:http'
import { bucketsPerKey, clientAddress } from '../http/auth'
import { HttpError, sendJson } from '../http/errors'
import { route, type AnyRoute } from '../http/router'
import type { ResultService } from './service'

/** The verify page's CSP: its own script and style, its own origin's API and service worker. */
export const verifyPageCsp = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

/**
 * The page shell (the built renderer/verify.html), the same for every payload: the script reads
 * the payload from the address. Asset links are made absolute (the build's are relative, and the
 * page lives under /v/).
 */
function loadShell(rendererDir: string): { html: string; assets: string[] } {
  const html = readFileSync(join(rendererDir, 'verify.html'), 'utf8').replace(
    /(src|href)="\.\//g,
    '$1="/',
  )
  const assets = [...html.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((m) => m[1]!)
  return { html, assets }
}

/**
 * The service worker (scope /v/): keeps the shell and its assets, so a verify page opened once
 * opens again without the centre. Network first, the copy when the network fails. The key list is
 * kept by the page itself (localStorage).
 */
function serviceWorker(assets: readonly string[]): string {
  const precache = ['/v/', ...assets]
  const version = createHash('sha256').update(JSON.stringify(precache)).digest('hex').slice(0, 12)
  return `'use strict'
const CACHE = 'result-verify-${version}'
const PRECACHE = ${JSON.stringify(precache)}
self.addEventListener('install', (e) => {
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll(PRECACHE)).then(() => self.skipWaiting()))
})
self.addEventListener('activate', (e) => {
  e.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith('result-verify-') && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  )
})
self.addEventListener('fetch', (e) => {
  const url = new URL(e.request.url)
  if (e.request.method !== 'GET' || url.origin !== self.location.origin) return
  let key = null
  if (e.request.mode === 'navigate' && /^\\/[vV]\\//.test(url.pathname)) key = '/v/'
  else if (PRECACHE.includes(url.pathname)) key = url.pathname
  if (key === null) return
  e.respondWith(
    fetch(e.request)
      .then((res) => {
        if (res.ok) {
          const copy = res.clone()
          e.waitUntil(caches.open(CACHE).then((c) => c.put(key, copy)))
        }
        return res
      })
      .catch(() => caches.open(CACHE).then((c) => c.match(key)).then((r) => r || Response.error())),
  )
})
`
}

/**
 * The public side of result verification, no login: the key list, the centre's status answer for
 * one payload (its register: issued? revoked?), the verify page and its service worker.
 */
export function resultRoutes(deps: {
  results: ResultService
  rendererDir: string
  now: () => number
}): AnyRoute[] {
  const { results } = deps
  let shell: { html: string; assets: string[] } | null = null
  const page = () => (shell ??= loadShell(deps.rendererDir))
  // The status endpoint is public; a per-address bucket keeps it from being a free oracle.
  const perAddress = bucketsPerKey(30, 2, deps.now)
  const throttle = ({ req }: { req: IncomingMessage }) => {
    if (!perAddress(clientAddress(req))) throw new HttpError(429, 'rate_limited')
  }
  const servePage = route({
    method: ['GET', 'HEAD'],
    path: '/v/*',
    handler({ res }) {
      let html: string
      try {
        html = page().html
      } catch {
        throw new HttpError(404, 'not_found')
      }
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-cache',
        'content-security-policy': verifyPageCsp,
      })
      res.end(html)
    },
  })
  return [
    route({
      method: 'GET',
      path: '/api/v1/result-keys',
      handler({ res }) {
        // Public data: any verifier (another centre's page, an app) may read it.
        res.setHeader('access-control-allow-origin', '*')
        sendJson(res, 200, results.keyList())
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/result-status/*',
      before: throttle,
      async handler({ res, params }) {
        const payload = (params as Record<string, string | undefined>)['*'] ?? ''
        res.setHeader('access-control-allow-origin', '*')
        // The router has percent-decoded it (a malformed escape is a 404 there).
        sendJson(res, 200, await results.status(payload))
      },
    }),
    ...['/v/sw.js', '/V/sw.js'].map((path) =>
      route({
        method: 'GET',
        path,
        handler({ res }) {
          res.writeHead(200, {
            'content-type': 'text/javascript; charset=utf-8',
            'cache-control': 'no-cache',
          })
          res.end(serviceWorker(page().assets))
        },
      }),
    ),
    servePage,
    { ...servePage, path: '/V/*' },
  ]
}
