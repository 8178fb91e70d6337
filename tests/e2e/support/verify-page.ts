// The public verify page a result notice's QR code opens, shared by the specs that check it.

/** The QR's link with one character of the payload changed (in the signature's base32). */
export function tampered(url: string): string {
  const i = url.length - 20
  return url.slice(0, i) + (url[i] === 'A' ? 'B' : 'A') + url.slice(i + 1)
}
