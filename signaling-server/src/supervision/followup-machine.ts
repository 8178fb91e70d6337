import type { WorkCalendar } from '../cases/calendar'
import { addWorkingDays, chinaDay, workingDaysLeft } from '../cases/days'
import type { Actor } from '../cases/machine'

/*
 * The 好差评 follow-up of a bad rating as a plain state machine: a rating 不满意 or 非常不满意
 * opens a task that goes 差评核实 (verify) → 整改 (rectify) → 回访 (revisit) → closed with an
 * outcome, with a clock of 15 working days from the day the rating arrived. A complaint the
 * verification does not uphold skips 整改 (there is nothing to put right) but is still
 * revisited: the resident is told what was found. Only a supervisor acts. No I/O, no clock of
 * its own: the caller passes the time and the calendar (docs/back-office.md, "好差评 follow-up").
 */

export const FOLLOW_UP_WORKING_DAYS = 15

export type FollowUpStatus = 'verifying' | 'rectifying' | 'revisiting' | 'closed'

/** How a follow-up ended, as the supervisor records it after the 回访. */
export const FOLLOW_UP_OUTCOMES = [
  /** Put right and the resident accepts it. */
  'resolved',
  /** Not upheld: explained to the resident, who accepts it. */
  'explained',
  /** The resident is still not satisfied. */
  'unresolved',
  /** The resident could not be reached for the 回访. */
  'unreachable',
] as const
export type FollowUpOutcome = (typeof FOLLOW_UP_OUTCOMES)[number]

export type FollowUpAction =
  /** 差评核实: what was found, and whether the complaint stands. */
  | { type: 'verify'; upheld: boolean; note: string }
  /** 整改: what was done about it. */
  | { type: 'rectify'; note: string }
  /** 回访 done: how it ended. */
  | { type: 'close'; outcome: FollowUpOutcome; note: string }

export type FollowUpActionType = FollowUpAction['type']

/** Every transition there is: [from, action, to]. */
export const FOLLOW_UP_TRANSITIONS: readonly (readonly [
  FollowUpStatus,
  FollowUpActionType,
  FollowUpStatus,
])[] = [
  ['verifying', 'verify', 'rectifying'],
  ['verifying', 'verify', 'revisiting'],
  ['rectifying', 'rectify', 'revisiting'],
  ['revisiting', 'close', 'closed'],
]

export type FollowUpRefusal =
  | { code: 'actor' }
  | { code: 'wrong-status'; status: FollowUpStatus }
  | { code: 'rule'; rule: 'note-required' | 'outcome-not-upheld' }

export type FollowUpDecision =
  { ok: true; to: FollowUpStatus; upheld: boolean | null } | { ok: false; refusal: FollowUpRefusal }

export interface FollowUpState {
  status: FollowUpStatus
  /** Set by the verification; null before it. */
  upheld: boolean | null
}

/** Decides one action on a follow-up in `state`: the status that follows, or why not. */
export function decideFollowUp(
  state: FollowUpState,
  action: FollowUpAction,
  actor: Actor,
): FollowUpDecision {
  // Supervisors only: the task is about how clerks and halls served the resident.
  if (actor.kind !== 'staff' || actor.role !== 'supervisor')
    return { ok: false, refusal: { code: 'actor' } }
  if (action.note.trim() === '')
    return { ok: false, refusal: { code: 'rule', rule: 'note-required' } }
  switch (action.type) {
    case 'verify':
      if (state.status !== 'verifying') break
      return {
        ok: true,
        to: action.upheld ? 'rectifying' : 'revisiting',
        upheld: action.upheld,
      }
    case 'rectify':
      if (state.status !== 'rectifying') break
      return { ok: true, to: 'revisiting', upheld: state.upheld }
    case 'close':
      if (state.status !== 'revisiting') break
      // A complaint that was upheld was put right, not merely explained.
      if (action.outcome === 'explained' && state.upheld === true)
        return { ok: false, refusal: { code: 'rule', rule: 'outcome-not-upheld' } }
      return { ok: true, to: 'closed', upheld: state.upheld }
  }
  return { ok: false, refusal: { code: 'wrong-status', status: state.status } }
}

export type FollowUpClockState = 'running' | 'overdue' | 'met' | 'missed'

export interface FollowUpClock {
  state: FollowUpClockState
  /** The day the rating arrived (China Standard Time); counting starts the working day after. */
  startsOn: string
  dueOn: string
  /** Negative when overdue; as on the closing day once closed. */
  workingDaysLeft: number
}

/** The last day of a follow-up opened at `openedAt`. */
export const followUpDueOn = (cal: WorkCalendar, openedAt: number): string =>
  addWorkingDays(cal, chinaDay(openedAt), FOLLOW_UP_WORKING_DAYS)

/** The follow-up's clock now, or as it stopped when the task was closed. */
export function followUpClock(
  cal: WorkCalendar,
  openedAt: number,
  closedAt: number | null,
  now: number,
): FollowUpClock {
  const startsOn = chinaDay(openedAt)
  const dueOn = followUpDueOn(cal, openedAt)
  const on = chinaDay(closedAt ?? now)
  const left = workingDaysLeft(cal, on, dueOn)
  const late = on > dueOn
  const state: FollowUpClockState =
    closedAt === null ? (late ? 'overdue' : 'running') : late ? 'missed' : 'met'
  return { state, startsOn, dueOn, workingDaysLeft: left }
}
