import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadWorkCalendar } from '../../../../signaling-server/src/applications/setup'
import { chineseWorkCalendar } from '../../../../signaling-server/src/cases/calendar'
import { computeClocks } from '../../../../signaling-server/src/cases/clocks'
import { addWorkingDays } from '../../../../signaling-server/src/cases/days'
import type {
  Actor,
  CaseAction,
  CaseEvent,
  CaseState,
} from '../../../../signaling-server/src/cases/machine'
import { decide, initialState } from '../../../../signaling-server/src/cases/machine'
import { chinaDay } from '../../../../signaling-server/src/cases/days'

const cal = chineseWorkCalendar()
const clerk: Actor = { kind: 'staff', id: 'u-clerk', name: '王芳', role: 'clerk' }
const supervisor: Actor = { kind: 'staff', id: 'u-sup', name: '李强', role: 'supervisor' }
const terminal: Actor = { kind: 'terminal', id: 'KIOSK-01' }
const reason = { codes: ['material-missing'] }

/** 10:00 China Standard Time on a date. */
const at = (date: string) => Date.parse(`${date}T10:00:00+08:00`)

/** A case's events as the machine records them, from (date, actor, action) steps. */
function history(received: string, steps: [string, Actor, CaseAction][]): CaseEvent[] {
  const events: CaseEvent[] = [
    {
      at: at(received),
      actor: terminal,
      action: { type: 'submit', deferred: [] },
      from: null,
      to: 'received',
    },
  ]
  let s: CaseState = initialState(at(received), [])
  for (const [date, actor, action] of steps) {
    const d = decide(s, action, actor, { at: at(date), today: date, noticePeriodOver: false })
    if (!d.ok) throw new Error(`${action.type} refused: ${JSON.stringify(d.refusal)}`)
    events.push({ at: at(date), actor, action, from: s.status, to: d.to })
    s = d.state
  }
  return events
}

const limits = (promised: number, statutory: number | null = null) => ({
  promisedWorkingDays: promised,
  statutoryWorkingDays: statutory,
})

describe('the Chinese working-day calendar', () => {
  it('knows the 2026 National Day holiday and its 调休 working days', () => {
    expect(cal.isWorkday('2026-10-01')).toBe(false) // Thursday, holiday
    expect(cal.isWorkday('2026-10-07')).toBe(false) // Wednesday, holiday
    expect(cal.isWorkday('2026-10-10')).toBe(true) // Saturday, worked (调休)
    expect(cal.isWorkday('2026-09-20')).toBe(true) // Sunday, worked (调休)
    expect(cal.isWorkday('2026-10-11')).toBe(false) // an ordinary Sunday
  })

  it('takes a year the package does not know from the centre’s own notice data', () => {
    expect(cal.knows('2027-10-01')).toBe(false)
    expect(cal.isWorkday('2027-10-01')).toBe(true) // a Friday, counted Monday to Friday
    const own = chineseWorkCalendar({
      '2027': { holidays: ['2027-10-01', '2027-10-04'], workdays: ['2027-09-26'] },
    })
    expect(own.knows('2027-10-01')).toBe(true)
    expect(own.isWorkday('2027-10-01')).toBe(false)
    expect(own.isWorkday('2027-10-04')).toBe(false)
    expect(own.isWorkday('2027-09-26')).toBe(true) // a Sunday worked
    expect(own.isWorkday('2027-10-05')).toBe(true)
  })

  it('refuses a calendar file with a malformed date', () => {
    expect(() =>
      chineseWorkCalendar({ '2027': { holidays: ['2027-13-01'], workdays: [] } }),
    ).toThrow()
  })
})

describe('the 补正 notice clock (5 working days, 行政许可法 Art. 32)', () => {
  it('runs across the National Day holiday and counts the 调休 Saturday', () => {
    // Received Tue 29 Sep: Sep 30 (1), Oct 1–7 off, Oct 8 (2), 9 (3), Sat 10 (4), Mon 12 (5).
    const c = computeClocks(history('2026-09-29', []), limits(20), cal, at('2026-10-09'))
    expect(c.notice).toMatchObject({ state: 'running', dueOn: '2026-10-12', workingDaysLeft: 2 })
    expect(c.acceptance).toBeNull()
    expect(c.promised.state).toBe('not-started')
    expect(c.earliestDueOn).toBe('2026-10-12')
  })

  it('stops when the notice is sent in time, and the legal clocks wait for acceptance', () => {
    const events = history('2026-09-29', [
      [
        '2026-10-08',
        clerk,
        {
          type: 'request-supplement',
          reason,
          materials: [{ materialId: 'hukou', dueDate: '2026-10-30' }],
        },
      ],
    ])
    const c = computeClocks(events, limits(20), cal, at('2026-10-20'))
    expect(c.notice).toMatchObject({ state: 'met', stoppedOn: '2026-10-08', workingDaysLeft: 3 })
    expect(c.acceptance).toBeNull()
    expect(c.promised.state).toBe('not-started')
  })

  it('deems the case accepted on the day it was received after 5 working days without a notice', () => {
    // Received Mon 2 Nov; the notice period ends Mon 9 Nov.
    const onLastDay = computeClocks(history('2026-11-02', []), limits(5), cal, at('2026-11-09'))
    expect(onLastDay.notice).toMatchObject({ state: 'running', workingDaysLeft: 0 })
    expect(onLastDay.acceptance).toBeNull()

    const after = computeClocks(history('2026-11-02', []), limits(5, 10), cal, at('2026-11-10'))
    expect(after.notice).toMatchObject({ state: 'lapsed', dueOn: '2026-11-09' })
    expect(after.acceptance).toEqual({ on: '2026-11-02', how: 'deemed' })
    // The promised clock counts from receipt: 5 working days end Mon 9 Nov, one day overdue.
    expect(after.promised).toMatchObject({
      state: 'overdue',
      dueOn: '2026-11-09',
      workingDaysLeft: -1,
    })
    expect(after.statutory).toMatchObject({
      state: 'running',
      dueOn: '2026-11-16',
      workingDaysLeft: 4,
    })
  })

  it('keeps the deemed acceptance on the receipt day when the clerk accepts late', () => {
    const events = history('2026-11-02', [['2026-11-12', clerk, { type: 'accept' }]])
    const c = computeClocks(events, limits(5), cal, at('2026-11-12'))
    expect(c.acceptance).toEqual({ on: '2026-11-02', how: 'deemed' })
    expect(c.promised.dueOn).toBe('2026-11-09')
  })
})

describe('the promised and statutory clocks', () => {
  it('count 20 working days from acceptance across the holiday and both 调休 days', () => {
    // Accepted Fri 18 Sep: Sun 20 Sep is worked (1), Fri 25 Sep is 中秋, Oct 1–7 are off,
    // Sat 10 Oct is worked: Sep 20–24 (1–5), 28–30 (6–8), Oct 8–10 (9–11), 12–16, 19–22 (20).
    const events = history('2026-09-17', [['2026-09-18', clerk, { type: 'accept' }]])
    const c = computeClocks(events, limits(20, 30), cal, at('2026-09-30'))
    expect(c.acceptance).toEqual({ on: '2026-09-18', how: 'explicit' })
    expect(c.promised).toMatchObject({ state: 'running', dueOn: '2026-10-22', workingDaysLeft: 12 })
    expect(c.statutory.dueOn).toBe(addWorkingDays(cal, '2026-10-22', 10))
    expect(c.statutory.dueOn).toBe('2026-11-05')
  })

  it('do not count the time a 补正 during review waits for the resident', () => {
    // Accepted Mon 2 Nov: Nov 3 (1), notice Wed 4 (2); supplied Tue 10; Nov 11, 12, 13 (3–5).
    const steps: [string, Actor, CaseAction][] = [
      ['2026-11-02', clerk, { type: 'accept' }],
      ['2026-11-02', clerk, { type: 'start-review' }],
      [
        '2026-11-04',
        clerk,
        {
          type: 'request-supplement',
          reason,
          materials: [{ materialId: 'bank-card', dueDate: '2026-11-20' }],
        },
      ],
    ]
    const paused = computeClocks(history('2026-11-02', steps), limits(5), cal, at('2026-11-06'))
    expect(paused.promised).toMatchObject({ state: 'paused', dueOn: null, workingDaysLeft: 3 })
    expect(paused.earliestDueOn).toBeNull()

    const supplied = history('2026-11-02', [
      ...steps,
      ['2026-11-10', terminal, { type: 'supply', materialId: 'bank-card' }],
    ])
    expect(supplied[supplied.length - 1]!.to).toBe('in-review')
    const c = computeClocks(supplied, limits(5), cal, at('2026-11-11'))
    expect(c.promised).toMatchObject({ state: 'running', dueOn: '2026-11-13', workingDaysLeft: 2 })
  })

  it('add the days of an extension a supervisor approved, not of one still pending', () => {
    const asked: [string, Actor, CaseAction][] = [
      ['2026-11-02', clerk, { type: 'accept' }],
      [
        '2026-11-03',
        clerk,
        { type: 'request-extension', days: 3, reason: { codes: [], text: '需入户核查' } },
      ],
    ]
    const pending = computeClocks(
      history('2026-11-02', asked),
      limits(5, 10),
      cal,
      at('2026-11-04'),
    )
    expect(pending.promised.dueOn).toBe('2026-11-09')
    expect(pending.extensionDays).toBe(0)

    const approved = history('2026-11-02', [
      ...asked,
      ['2026-11-04', supervisor, { type: 'approve-extension' }],
    ])
    const c = computeClocks(approved, limits(5, 10), cal, at('2026-11-04'))
    expect(c.extensionDays).toBe(3)
    expect(c.promised).toMatchObject({ dueOn: '2026-11-12', workingDays: 8 })
    expect(c.statutory).toMatchObject({ dueOn: '2026-11-19', workingDays: 13 })
  })

  it('stop at the decision, met or missed', () => {
    const decided = (date: string) =>
      history('2026-11-02', [
        ['2026-11-02', clerk, { type: 'accept' }],
        ['2026-11-03', clerk, { type: 'start-review' }],
        [date, clerk, { type: 'approve' }],
      ])
    const inTime = computeClocks(decided('2026-11-09'), limits(5), cal, at('2026-12-01'))
    expect(inTime.promised).toMatchObject({
      state: 'met',
      stoppedOn: '2026-11-09',
      workingDaysLeft: 0,
    })
    const late = computeClocks(decided('2026-11-11'), limits(5), cal, at('2026-12-01'))
    expect(late.promised).toMatchObject({ state: 'missed', workingDaysLeft: -2 })
    expect(late.earliestDueOn).toBeNull()
  })

  it('a statutory clock the item does not set is not applicable', () => {
    const c = computeClocks(history('2026-11-02', []), limits(5), cal, at('2026-11-03'))
    expect(c.statutory.state).toBe('not-applicable')
  })
})

it('dates are China Standard Time days', () => {
  expect(chinaDay(Date.parse('2026-09-30T16:30:00Z'))).toBe('2026-10-01')
})

describe('the centre’s calendar file', () => {
  it('adds its years to the packaged calendar, and refuses a file that does not parse', () => {
    const dir = mkdtempSync(join(tmpdir(), 'calendar-'))
    const good = join(dir, 'good.json')
    writeFileSync(good, JSON.stringify({ '2027': { holidays: ['2027-10-01'], workdays: [] } }))
    expect(loadWorkCalendar(good).isWorkday('2027-10-01')).toBe(false)
    expect(loadWorkCalendar(good).isWorkday('2026-10-10')).toBe(true)
    const bad = join(dir, 'bad.json')
    writeFileSync(bad, JSON.stringify({ '2027': { holidays: ['1 Oct'], workdays: [] } }))
    expect(() => loadWorkCalendar(bad)).toThrow(/calendar file .*bad\.json is not valid/)
    expect(loadWorkCalendar(undefined).knows('2026-01-01')).toBe(true)
  })
})
