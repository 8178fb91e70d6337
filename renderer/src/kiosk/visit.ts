/**
 * A new visit id (a v4 UUID). Built from getRandomValues rather than crypto.randomUUID, which
 * Chromium offers only in a secure context, and the kiosk page need not be served as one.
 */
export function newVisitId(): string {
  const b = crypto.getRandomValues(new Uint8Array(16))
  b[6] = (b[6]! & 0x0f) | 0x40
  b[8] = (b[8]! & 0x3f) | 0x80
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}
