/**
 * Masking for names and ID numbers wherever they are shown to someone other than the resident
 * (logs, clerk screens) without the resident's consent for the session.
 */

/** 张三 → 张*, 欧阳明 → 欧*明, 欧阳娜娜 → 欧**娜: a longer name keeps its first and last character. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim())
  if (chars.length === 0) return ''
  if (chars.length === 1) return '*'
  if (chars.length === 2) return `${chars[0]}*`
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1]
}

/** 110101199003071234 → 110101********1234: region code and last four only. */
export function maskIdNumber(id: string): string {
  const chars = Array.from(id.trim())
  if (chars.length <= 10) return '*'.repeat(chars.length)
  return chars.slice(0, 6).join('') + '*'.repeat(chars.length - 10) + chars.slice(-4).join('')
}

const idNumberPattern =
  /(?<![0-9])([1-9][0-9]{5})((?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx])(?![0-9])/g

/** The 2017 foreigner's permanent residence card: 3-letter nationality and 12 digits. */
const foreignCardNumberPattern = /(?<![A-Za-z0-9])[A-Z]{3}[0-9]{12}(?![0-9])/g

/**
 * Masks any ID document number found in free text (log lines, error messages): the 18
 * characters of a resident ID card, residence permit or 2023 foreigner card, and the 2017
 * foreigner card's 15.
 */
export function maskIdNumbersIn(text: string): string {
  return text
    .replace(idNumberPattern, (match) => maskIdNumber(match))
    .replace(foreignCardNumberPattern, (match) => maskIdNumber(match))
}
