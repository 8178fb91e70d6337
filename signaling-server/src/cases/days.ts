import type { WorkCalendar } from './calendar'

/*
 * Date arithmetic in working days, on dates as YYYY-MM-DD in China Standard Time (the day the
 * resident and the clerk see). A period of n working days from a day counts from the day after
 * (当日不计入), so its last day is the n-th working day after the start.
 */

const DAY_MS = 86_400_000

export { chinaDay } from '../../../common/domain/china-day'

export function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10)
}

/** Days that do not count even if they are working days (a 补正 pause). */
export type Excluded = (date: string) => boolean
const none: Excluded = () => false

/** The n-th counted working day after `start` (n = 0: `start` itself). */
export function addWorkingDays(
  cal: WorkCalendar,
  start: string,
  n: number,
  excluded: Excluded = none,
): string {
  let d = start
  for (let left = n; left > 0;) {
    d = nextDay(d)
    if (cal.isWorkday(d) && !excluded(d)) left--
  }
  return d
}

/** Counted working days in (from, to]; 0 when `to` is not after `from`. */
export function workingDaysBetween(
  cal: WorkCalendar,
  from: string,
  to: string,
  excluded: Excluded = none,
): number {
  let n = 0
  for (let d = nextDay(from); d <= to; d = nextDay(d)) if (cal.isWorkday(d) && !excluded(d)) n++
  return n
}

/** Working days left until `due` seen from `today`: negative when it is past. */
export function workingDaysLeft(
  cal: WorkCalendar,
  today: string,
  due: string,
  excluded: Excluded = none,
): number {
  return today <= due
    ? workingDaysBetween(cal, today, due, excluded)
    : -workingDaysBetween(cal, due, today, excluded)
}
