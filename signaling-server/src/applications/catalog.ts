import { createHash } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Catalog } from '../../../common/catalog/schema'

/**
 * The catalog as served: serialised once, with a strong ETag from its version and content so a
 * kiosk polling with If-None-Match costs one small 304 until a new version is published.
 */
export interface ServedCatalog {
  catalog: Catalog
  body: Buffer
  etag: string
}

export function serveCatalog(catalog: Catalog): ServedCatalog {
  const body = Buffer.from(JSON.stringify(catalog), 'utf8')
  const digest = createHash('sha256').update(body).digest('base64url').slice(0, 22)
  return { catalog, body, etag: `"${catalog.version}-${digest}"` }
}

/** RFC 9110 weak comparison for If-None-Match (a list, `*`, or W/ prefixes). */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false
  const bare = (t: string) => t.trim().replace(/^W\//, '')
  return header.split(',').some((t) => t.trim() === '*' || bare(t) === bare(etag))
}

export function handleCatalog(
  served: ServedCatalog,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const headers = {
    etag: served.etag,
    // Revalidate every time: a changed catalog must reach kiosks on their next poll.
    'cache-control': 'no-cache',
    'x-catalog-version': served.catalog.version,
    // Public data, read by the Electron clerk console from app://kiosk (another origin) for
    // the category names; no credential travels with it.
    'access-control-allow-origin': '*',
  }
  if (etagMatches(req.headers['if-none-match'], served.etag)) {
    res.writeHead(304, headers).end()
    return
  }
  res.writeHead(200, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(served.body.length),
  })
  res.end(req.method === 'HEAD' ? undefined : served.body)
}
