/**
 * The Content-Security-Policy for every page the app serves, in Electron (app://) and through
 * the device host. No inline scripts, no eval, no plugins, no framing; network access only to the
 * app itself and the centre's server.
 */
export function contentSecurityPolicy(opts: { connect: readonly string[] }): string {
  const connect = ["'self'", ...opts.connect].join(' ')
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob: mediastream:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "frame-src 'none'",
    "worker-src 'self' blob:",
  ].join('; ')
}

/** http(s)://host → the matching ws(s)://host too, for socket.io's WebSocket transport. */
export function withWebSocketOrigin(httpOrigin: string): string[] {
  const url = new URL(httpOrigin)
  const ws = `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}`
  return [url.origin, ws]
}

/** Security headers sent with every document. */
export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy':
      'camera=(self), microphone=(self), geolocation=(), usb=(), hid=(), serial=()',
  }
}
