/*
 * A date typed as eight digits on the kiosk's keypad (year, month, day), with the keys that
 * cannot lead to a real date in range switched off, so a resident can never type 2 月 30 日 or
 * month 13 and no error message is needed.
 */

export interface YearRange {
  min: number
  max: number
}

const pad2 = (n: number) => String(n).padStart(2, '0')

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** The digits of a stored `YYYY-MM-DD` value (or none). */
export function digitsOf(value: unknown): string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
    ? value.replace(/-/g, '')
    : ''
}

/** Whether `digits` (0–8 of them) can still become a real date with a year in `range`. */
export function canContinue(digits: string, range: YearRange): boolean {
  if (!/^\d{0,8}$/.test(digits)) return false
  if (digits.length <= 4) {
    for (let y = range.min; y <= range.max; y++) if (String(y).startsWith(digits)) return true
    return false
  }
  const year = Number(digits.slice(0, 4))
  const m = digits.slice(4, 6)
  if (digits.length <= 6) {
    for (let month = 1; month <= 12; month++) if (pad2(month).startsWith(m)) return true
    return false
  }
  const month = Number(m)
  const d = digits.slice(6)
  for (let day = 1; day <= daysInMonth(year, month); day++) if (pad2(day).startsWith(d)) return true
  return false
}

/** `YYYY-MM-DD` once all eight digits are typed (they are a real date by construction). */
export function dateOf(digits: string, range: YearRange): string | undefined {
  if (digits.length !== 8 || !canContinue(digits, range)) return undefined
  return `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6)}`
}

/** The year, month and day boxes as typed so far, `_` where a digit is still to come. */
export function partsOf(digits: string): [string, string, string] {
  const filled = digits.padEnd(8, '_')
  return [filled.slice(0, 4), filled.slice(4, 6), filled.slice(6, 8)]
}
