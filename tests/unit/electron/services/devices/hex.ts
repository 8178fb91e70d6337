/** Hex with optional spaces (`1B 40 …`) → bytes, for hand-checked tables. */
export function hex(s: string): Uint8Array {
  const clean = s.replace(/\s+/g, '')
  return Uint8Array.from(clean.match(/../g) ?? [], (b) => parseInt(b, 16))
}

/** Bytes → `1B 40 …`, to compare with a hand-checked table. */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ')
}
