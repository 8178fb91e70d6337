/*
 * Calendar days in China Standard Time (UTC+8, no daylight saving): the day a resident, a
 * receipt and a clerk mean, whatever time zone the machine that computes it is set to.
 */

const CHINA_OFFSET_MS = 8 * 3600_000
const DAY_MS = 86_400_000

/** The date (YYYY-MM-DD) in China Standard Time of an instant. */
export function chinaDay(ms: number): string {
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10)
}

/** The date in China Standard Time `days` calendar days after the instant's own date. */
export function chinaDayPlus(ms: number, days: number): string {
  return chinaDay(ms + days * DAY_MS)
}
