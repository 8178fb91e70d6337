import type { Protocol } from 'electron'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import { securityHeaders } from '../services/csp'
import { appHost } from './security'

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.mp3': 'audio/mpeg',
}

/**
 * Resolves an app:// URL to a file inside the renderer folder, or null when it would escape it
 * (`app://kiosk/../../etc/passwd`) or names another host.
 */
export function resolveAppFile(rendererDir: string, url: string): string | null {
  const u = new URL(url)
  if (u.host !== appHost) return null
  const rel = decodeURIComponent(u.pathname === '/' ? '/kiosk.html' : u.pathname)
  const file = normalize(join(rendererDir, rel))
  return file.startsWith(rendererDir.endsWith(sep) ? rendererDir : rendererDir + sep) ? file : null
}

/** Serves the built renderer on app://kiosk with the CSP as a real header (checklist items 7, 18). */
export function registerAppProtocol(
  protocol: Protocol,
  rendererDir: string,
  csp: string | (() => string),
): void {
  protocol.handle('app', async (request) => {
    const file = resolveAppFile(rendererDir, request.url)
    if (!file) return new Response('forbidden', { status: 403 })
    try {
      const body = await readFile(file)
      const type = contentTypes[extname(file)] ?? 'application/octet-stream'
      return new Response(body, {
        headers: {
          'content-type': type,
          ...securityHeaders(typeof csp === 'function' ? csp() : csp),
        },
      })
    } catch {
      return new Response('not found', { status: 404 })
    }
  })
}
