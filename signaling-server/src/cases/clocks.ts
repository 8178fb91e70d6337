import type { TimeLimits } from '../../../common/catalog/schema'
import type { WorkCalendar } from './calendar'
import {
  addWorkingDays,
  chinaDay,
  workingDaysBetween,
  workingDaysLeft,
  type Excluded,
} from './days'
import type { CaseEvent } from './machine'

/*
 * The three legal clocks of a case, computed from its events (nothing stored but the events):
 *
 * - 补正 notice clock (行政许可法 Art. 32): 5 working days from receipt for telling the resident,
 *   once, everything to supplement. Stopped by acceptance, non-acceptance or the notice. When it
 *   runs out without any of them the case counts as accepted on the day it was received
 *   (deemed acceptance). A case whose 补正 was completed before acceptance gets the same 5
 *   working days from the day it was completed; past them it counts as accepted that day.
 * - promised clock (承诺时限) and statutory clock (法定时限): from acceptance (explicit or
 *   deemed), the item's working days plus every approved extension (延期). Time in a 补正 asked
 *   for during review does not count: the working days after the notice day up to and
 *   including the day the last material arrived are skipped. A decision stops them.
 */

export const NOTICE_WORKING_DAYS = 5

/** The 补正 notice clock's last day for a case received at `now`. */
export const noticeDueOn = (cal: WorkCalendar, now: number) =>
  addWorkingDays(cal, chinaDay(now), NOTICE_WORKING_DAYS)

export type ClockState =
  /** Not running yet (the promised and statutory clocks before acceptance). */
  | 'not-started'
  | 'running'
  /** Past its last day and still running. */
  | 'overdue'
  /** Stopped while waiting for the resident's 补正; `dueOn` is unknown until it resumes. */
  | 'paused'
  /** Stopped in time. */
  | 'met'
  /** Stopped after its last day. */
  | 'missed'
  /** The 补正 notice clock ran out without a notice: the case counts as accepted. */
  | 'lapsed'
  /** Stopped without meeting it (withdrawn, not accepted). */
  | 'stopped'
  /** The item sets no such limit. */
  | 'not-applicable'

export interface Clock {
  state: ClockState
  /** The day it counts from (the first counted day is the working day after). */
  startsOn: string | null
  /** The last day; null while paused or not started. */
  dueOn: string | null
  /** Working days left (negative: overdue by that many); when stopped, as on the day it stopped. */
  workingDaysLeft: number | null
  /** Working days it runs for, extensions included. */
  workingDays: number | null
  stoppedOn: string | null
}

export interface Acceptance {
  on: string
  how: 'explicit' | 'deemed'
}

export interface CaseClocks {
  notice: Clock
  promised: Clock
  statutory: Clock
  acceptance: Acceptance | null
  /** Working days added by approved extensions. */
  extensionDays: number
  /** The earliest last day among the running clocks: the inbox sorts by it. */
  earliestDueOn: string | null
  /** False when a day in play is in a year the calendar has no notice for. */
  calendarKnown: boolean
}

const DECISIONS = new Set(['approve', 'reject'])
const ACCEPTANCE_ENDERS = new Set(['accept', 'not-accept', 'request-supplement', 'withdraw'])

const notApplicable: Clock = {
  state: 'not-applicable',
  startsOn: null,
  dueOn: null,
  workingDaysLeft: null,
  workingDays: null,
  stoppedOn: null,
}

interface Pause {
  /** The day the notice went out (still counted). */
  from: string
  /** The day the last material arrived (not counted); null while waiting. */
  to: string | null
}

export function computeClocks(
  events: readonly CaseEvent[],
  limits: TimeLimits,
  cal: WorkCalendar,
  now: number,
): CaseClocks {
  const today = chinaDay(now)
  const receivedOn = chinaDay(events[0]!.at)
  const dayOfType = (types: Set<string>, after = -1) => {
    const i = events.findIndex((e, n) => n > after && types.has(e.action.type))
    return i < 0 ? null : { i, on: chinaDay(events[i]!.at), event: events[i]! }
  }

  // The notice clock and the acceptance.
  const noticeDue = addWorkingDays(cal, receivedOn, NOTICE_WORKING_DAYS)
  const firstEnder = dayOfType(ACCEPTANCE_ENDERS)
  const noticeSentInTime =
    firstEnder !== null &&
    firstEnder.event.action.type === 'request-supplement' &&
    firstEnder.on <= noticeDue
  let notice: Clock
  let acceptance: Acceptance | null = null
  const finishedOn = (first: { on: string } | null, due: string) =>
    first ? first.on <= due : today <= due
  if (!finishedOn(firstEnder, noticeDue)) {
    notice = clockAt('lapsed', receivedOn, noticeDue, NOTICE_WORKING_DAYS, noticeDue)
    acceptance = { on: receivedOn, how: 'deemed' }
  } else if (firstEnder) {
    const how = firstEnder.event.action.type === 'withdraw' ? 'stopped' : 'met'
    notice = clockAt(how, receivedOn, noticeDue, NOTICE_WORKING_DAYS, firstEnder.on)
    if (firstEnder.event.action.type === 'accept')
      acceptance = { on: firstEnder.on, how: 'explicit' }
  } else {
    notice = clockAt('running', receivedOn, noticeDue, NOTICE_WORKING_DAYS, today)
  }
  if (noticeSentInTime && acceptance === null) {
    // The 补正 came back before acceptance: 5 working days again from the day it was complete.
    const back = events.findIndex(
      (e, n) => n > firstEnder.i && e.from === 'awaiting-materials' && e.to === 'received',
    )
    if (back >= 0) {
      const backOn = chinaDay(events[back]!.at)
      const due = addWorkingDays(cal, backOn, NOTICE_WORKING_DAYS)
      const next = dayOfType(new Set(['accept', 'not-accept', 'withdraw']), back)
      if (!finishedOn(next, due)) acceptance = { on: backOn, how: 'deemed' }
      else if (next?.event.action.type === 'accept') acceptance = { on: next.on, how: 'explicit' }
    }
  }

  // Pauses after acceptance (补正 during review), extensions, the decision.
  const pauses: Pause[] = []
  let pendingDays = 0
  let extensionDays = 0
  for (const e of events) {
    const a = e.action
    if (a.type === 'request-supplement' && e.from === 'in-review')
      pauses.push({ from: chinaDay(e.at), to: null })
    if (a.type === 'supply' && e.from === 'awaiting-materials' && e.to === 'in-review')
      pauses[pauses.length - 1]!.to = chinaDay(e.at)
    if (a.type === 'request-extension') pendingDays = a.days
    if (a.type === 'approve-extension') extensionDays += pendingDays
  }
  const excluded: Excluded = (d) => pauses.some((p) => d > p.from && (p.to === null || d <= p.to))
  const openPause = pauses.find((p) => p.to === null) ?? null
  const decision = dayOfType(DECISIONS)
  const last = events[events.length - 1]!
  const endedOn = last.to === 'withdrawn' || last.to === 'not-accepted' ? chinaDay(last.at) : null

  const legalClock = (days: number | null): Clock => {
    if (days === null) return notApplicable
    if (!acceptance) {
      const ended = last.to === 'withdrawn' || last.to === 'not-accepted'
      return ended
        ? { ...notApplicable, state: 'stopped', stoppedOn: chinaDay(last.at) }
        : notStarted
    }
    const total = days + extensionDays
    const start = acceptance.on
    if (openPause && !decision && !endedOn) {
      const used = workingDaysBetween(cal, start, openPause.from, excluded)
      return {
        state: 'paused',
        startsOn: start,
        dueOn: null,
        workingDaysLeft: total - used,
        workingDays: total,
        stoppedOn: null,
      }
    }
    const due = addWorkingDays(cal, start, total, excluded)
    const stop = decision?.on ?? endedOn
    if (stop) {
      const state = endedOn && !decision ? 'stopped' : stop <= due ? 'met' : 'missed'
      return { ...clockAt(state, start, due, total, stop, excluded), stoppedOn: stop }
    }
    return clockAt(today <= due ? 'running' : 'overdue', start, due, total, today, excluded)
  }

  function clockAt(
    state: ClockState,
    start: string,
    due: string,
    total: number,
    seenOn: string,
    ex?: Excluded,
  ): Clock {
    const stopped = state !== 'running' && state !== 'overdue'
    return {
      state,
      startsOn: start,
      dueOn: due,
      workingDaysLeft: workingDaysLeft(cal, seenOn, due, ex),
      workingDays: total,
      stoppedOn: stopped ? seenOn : null,
    }
  }

  const promised = legalClock(limits.promisedWorkingDays)
  const statutory = legalClock(limits.statutoryWorkingDays)
  const running = [notice, promised, statutory]
    .filter((c) => c.state === 'running' || c.state === 'overdue')
    .map((c) => c.dueOn!)
    .sort()
  const inPlay = [receivedOn, today, noticeDue, promised.dueOn, statutory.dueOn]
  return {
    notice,
    promised,
    statutory,
    acceptance,
    extensionDays,
    earliestDueOn: running[0] ?? null,
    calendarKnown: inPlay.every((d) => d === null || cal.knows(d)),
  }
}

const notStarted: Clock = { ...notApplicable, state: 'not-started' }
