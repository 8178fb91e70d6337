/**
 * Masking for names and ID numbers wherever they are shown to someone other than the resident
 * (logs, clerk screens) without the resident's consent for the session.
 */

/** 张三 → 张*, 欧阳娜娜 → 欧阳**; keeps the family name (one or two characters). */
export function maskName(name: string): string {
  const chars = Array.from(name.trim())
  if (chars.length === 0) return ''
  if (chars.length === 1) return '*'
  const keep = chars.length >= 4 ? 2 : 1
  return chars.slice(0, keep).join('') + '*'.repeat(chars.length - keep)
}

/** 110101199003071234 → 110***********1234: region prefix and last four only. */
export function maskIdNumber(id: string): string {
  const chars = Array.from(id.trim())
  if (chars.length <= 7) return '*'.repeat(chars.length)
  return chars.slice(0, 3).join('') + '*'.repeat(chars.length - 7) + chars.slice(-4).join('')
}

const idNumberPattern =
  /(?<![0-9])([1-9][0-9]{5})((?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx])(?![0-9])/g

/** Masks any 18-character resident ID number found in free text (log lines, error messages). */
export function maskIdNumbersIn(text: string): string {
  return text.replace(idNumberPattern, (match) => maskIdNumber(match))
}
