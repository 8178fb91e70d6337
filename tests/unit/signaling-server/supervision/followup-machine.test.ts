import { describe, expect, it } from 'vitest'
import { chineseWorkCalendar } from '../../../../signaling-server/src/cases/calendar'
import type { Actor } from '../../../../signaling-server/src/cases/machine'
import {
  decideFollowUp,
  FOLLOW_UP_TRANSITIONS,
  followUpClock,
  type FollowUpAction,
  type FollowUpState,
  type FollowUpStatus,
} from '../../../../signaling-server/src/supervision/followup-machine'

const cal = chineseWorkCalendar()
const supervisor: Actor = { kind: 'staff', id: 'u-sup', name: '李强', role: 'supervisor' }
const clerk: Actor = { kind: 'staff', id: 'u-clerk', name: '王芳', role: 'clerk' }
const terminal: Actor = { kind: 'terminal', id: 'KIOSK-01' }
/** 10:00 China Standard Time on a date. */
const at = (date: string) => Date.parse(`${date}T10:00:00+08:00`)

const verifyUpheld: FollowUpAction = { type: 'verify', upheld: true, note: '调取录像，属实' }
const verifyNot: FollowUpAction = { type: 'verify', upheld: false, note: '材料清单无误' }
const rectify: FollowUpAction = { type: 'rectify', note: '已对窗口人员批评教育' }
const close = (
  outcome: 'resolved' | 'explained' | 'unresolved' | 'unreachable',
): FollowUpAction => ({
  type: 'close',
  outcome,
  note: '电话回访',
})

describe('the follow-up machine', () => {
  it('goes 核实 → 整改 → 回访 → closed for an upheld complaint', () => {
    let s: FollowUpState = { status: 'verifying', upheld: null }
    const path: FollowUpStatus[] = []
    for (const a of [verifyUpheld, rectify, close('resolved')]) {
      const d = decideFollowUp(s, a, supervisor)
      if (!d.ok) throw new Error(JSON.stringify(d.refusal))
      s = { status: d.to, upheld: d.upheld }
      path.push(d.to)
    }
    expect(path).toEqual(['rectifying', 'revisiting', 'closed'])
    expect(s.upheld).toBe(true)
  })

  it('skips 整改 when the complaint is not upheld, but still revisits', () => {
    const d = decideFollowUp({ status: 'verifying', upheld: null }, verifyNot, supervisor)
    expect(d).toEqual({ ok: true, to: 'revisiting', upheld: false })
    expect(
      decideFollowUp({ status: 'revisiting', upheld: false }, close('explained'), supervisor),
    ).toMatchObject({ ok: true, to: 'closed' })
  })

  it('refuses clerks and terminals', () => {
    const s: FollowUpState = { status: 'verifying', upheld: null }
    expect(decideFollowUp(s, verifyUpheld, clerk)).toEqual({
      ok: false,
      refusal: { code: 'actor' },
    })
    expect(decideFollowUp(s, verifyUpheld, terminal)).toEqual({
      ok: false,
      refusal: { code: 'actor' },
    })
  })

  it('refuses a step out of order, an empty note, and "explained" for an upheld complaint', () => {
    expect(
      decideFollowUp({ status: 'verifying', upheld: null }, close('resolved'), supervisor),
    ).toEqual({ ok: false, refusal: { code: 'wrong-status', status: 'verifying' } })
    expect(decideFollowUp({ status: 'closed', upheld: true }, rectify, supervisor)).toMatchObject({
      ok: false,
    })
    expect(
      decideFollowUp(
        { status: 'rectifying', upheld: true },
        { type: 'rectify', note: '  ' },
        supervisor,
      ),
    ).toEqual({ ok: false, refusal: { code: 'rule', rule: 'note-required' } })
    expect(
      decideFollowUp({ status: 'revisiting', upheld: true }, close('explained'), supervisor),
    ).toEqual({ ok: false, refusal: { code: 'rule', rule: 'outcome-not-upheld' } })
  })

  it('never yields a transition the table does not list', () => {
    const statuses: FollowUpStatus[] = ['verifying', 'rectifying', 'revisiting', 'closed']
    const actions = [verifyUpheld, verifyNot, rectify, close('resolved'), close('explained')]
    const listed = new Set(FOLLOW_UP_TRANSITIONS.map((t) => t.join(' ')))
    const seen = new Set<string>()
    for (const status of statuses)
      for (const upheld of [null, true, false])
        for (const a of actions) {
          const d = decideFollowUp({ status, upheld }, a, supervisor)
          if (d.ok) {
            const t = `${status} ${a.type} ${d.to}`
            expect(listed.has(t), t).toBe(true)
            seen.add(t)
          }
        }
    expect(seen).toEqual(listed)
  })
})

describe('the follow-up clock (15 working days)', () => {
  it('runs across 中秋 and the National Day holiday, counting the 调休 Saturday', () => {
    // Opened Thu 24 Sep 2026: 25 Sep (中秋) and 1–7 Oct are off, Sat 10 Oct is worked.
    // Fifteen weekdays would end on 15 Oct; on the calendar it is 22 Oct.
    const c = followUpClock(cal, at('2026-09-24'), null, at('2026-09-30'))
    expect(c).toEqual({
      state: 'running',
      startsOn: '2026-09-24',
      dueOn: '2026-10-22',
      workingDaysLeft: 12,
    })
    // During the holiday no day is used up.
    expect(followUpClock(cal, at('2026-09-24'), null, at('2026-10-07')).workingDaysLeft).toBe(12)
    expect(followUpClock(cal, at('2026-09-24'), null, at('2026-10-10')).workingDaysLeft).toBe(9)
  })

  it('is overdue after its last day, and met or missed once closed', () => {
    expect(followUpClock(cal, at('2026-09-24'), null, at('2026-10-23'))).toMatchObject({
      state: 'overdue',
      workingDaysLeft: -1,
    })
    expect(followUpClock(cal, at('2026-09-24'), at('2026-10-22'), at('2026-11-30'))).toMatchObject({
      state: 'met',
      workingDaysLeft: 0,
    })
    expect(followUpClock(cal, at('2026-09-24'), at('2026-10-26'), at('2026-11-30'))).toMatchObject({
      state: 'missed',
      workingDaysLeft: -2,
    })
  })
})
