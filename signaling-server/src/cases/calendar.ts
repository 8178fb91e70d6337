import chineseDays from 'chinese-days'
import { z } from 'zod'

// The package is CommonJS (UMD) whose named exports Node's ESM loader cannot see (`npm run
// server` failed at start): take them from the default export, which both loaders provide.
const { getHolidaysInRange, isWorkday: packagedWorkday } = chineseDays

/*
 * Working days on the Chinese calendar, 调休 included. The `chinese-days` package carries the
 * State Council's yearly holiday notices as data inside the package (no network); a year the
 * installed version does not know yet (the notice comes out each November) is given to the
 * centre as a JSON file (`CalendarYears` below: the notice's days off and its working
 * weekend days), which it loads at start without a new release. A year known to neither
 * counts Monday to Friday and says so (`knows`), so the console can warn.
 */

const IsoDate = z.iso.date()

/** One year of the State Council's notice: the days off and the weekend days worked (调休). */
export const CalendarYear = z.object({
  holidays: z.array(IsoDate),
  workdays: z.array(IsoDate),
})

/** The centre's calendar file: years by number, e.g. `{ "2027": { holidays, workdays } }`. */
export const CalendarYears = z.record(z.string().regex(/^\d{4}$/), CalendarYear)
export type CalendarYears = z.infer<typeof CalendarYears>

export interface WorkCalendar {
  /** Whether the date (YYYY-MM-DD, China Standard Time) is a working day. */
  isWorkday(date: string): boolean
  /** Whether the calendar has the year's notice (else it counts Monday to Friday). */
  knows(date: string): boolean
}

const yearOf = (date: string) => date.slice(0, 4)

function isWeekend(date: string): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay()
  return day === 0 || day === 6
}

/** Years whose notice the installed package has (it names at least one holiday in them). */
const packagedYears = new Map<string, boolean>()
function packageKnows(year: string): boolean {
  let known = packagedYears.get(year)
  if (known === undefined) {
    known = getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0
    packagedYears.set(year, known)
  }
  return known
}

/** The packaged calendar, with the centre's own years taking precedence over it. */
export function chineseWorkCalendar(extra: CalendarYears = {}): WorkCalendar {
  const own = new Map(
    Object.entries(CalendarYears.parse(extra)).map(([year, y]) => [
      year,
      { holidays: new Set(y.holidays), workdays: new Set(y.workdays) },
    ]),
  )
  return {
    isWorkday(date) {
      const y = own.get(yearOf(date))
      if (y) {
        if (y.holidays.has(date)) return false
        if (y.workdays.has(date)) return true
        return !isWeekend(date)
      }
      if (packageKnows(yearOf(date))) return packagedWorkday(date)
      return !isWeekend(date)
    },
    knows: (date) => own.has(yearOf(date)) || packageKnows(yearOf(date)),
  }
}
