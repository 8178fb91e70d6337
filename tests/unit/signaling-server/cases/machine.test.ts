import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  FINAL_STATUSES,
  TRANSITIONS,
  decide,
  fold,
  initialState,
  type Actor,
  type CaseAction,
  type CaseEvent,
  type CaseState,
  type DecideContext,
} from '../../../../signaling-server/src/cases/machine'

const clerk: Actor = { kind: 'staff', id: 'u-clerk', name: '王芳', role: 'clerk' }
const clerk2: Actor = { kind: 'staff', id: 'u-clerk2', name: '张伟', role: 'clerk' }
const supervisor: Actor = { kind: 'staff', id: 'u-sup', name: '李强', role: 'supervisor' }
const terminal: Actor = { kind: 'terminal', id: 'KIOSK-01' }
const ctx: DecideContext = { at: 1, today: '2026-11-02', noticePeriodOver: false }
const reason = { codes: ['material-missing'] }
const supplement: CaseAction = {
  type: 'request-supplement',
  reason,
  materials: [{ materialId: 'hukou', dueDate: '2026-11-20' }],
}

/** Applies the steps, failing on the first refusal; the state after them. */
function run(s: CaseState, steps: [Actor, CaseAction][]): CaseState {
  for (const [actor, action] of steps) {
    const d = decide(s, action, actor, ctx)
    if (!d.ok) throw new Error(`${action.type} refused: ${JSON.stringify(d.refusal)}`)
    s = d.state
  }
  return s
}
const refusal = (s: CaseState, actor: Actor, action: CaseAction, c = ctx) => {
  const d = decide(s, action, actor, c)
  return d.ok ? null : d.refusal
}

describe('case lifecycle rules', () => {
  const fresh = () => initialState(0, [{ materialId: 'bank-card', dueDate: '2026-11-30' }])

  it('goes received → accepted → in review → approved → issued → closed', () => {
    let s = run(fresh(), [
      [clerk, { type: 'accept' }],
      [terminal, { type: 'supply', materialId: 'bank-card' }],
      [clerk, { type: 'start-review' }],
      [clerk, { type: 'approve' }],
    ])
    expect(s.status).toBe('approved')
    s = run(s, [
      [terminal, { type: 'issue', channel: 'kiosk-print' }],
      [clerk, { type: 'close' }],
    ])
    expect(s.status).toBe('closed')
  })

  it('sends one 补正 notice only, and refuses it after the 5-day period', () => {
    const s = run(fresh(), [[clerk, supplement]])
    expect(s.status).toBe('awaiting-materials')
    const back = run(s, [[terminal, { type: 'supply', materialId: 'hukou' }]])
    expect(back.status).toBe('received')
    expect(refusal(back, clerk, supplement)).toEqual({ code: 'rule', rule: 'supplement-once' })
    expect(refusal(fresh(), clerk, supplement, { ...ctx, noticePeriodOver: true })).toEqual({
      code: 'rule',
      rule: 'notice-period-over',
    })
  })

  it('returns a 补正 case to the queue only when everything asked for is in', () => {
    const two: CaseAction = {
      ...supplement,
      materials: [
        { materialId: 'hukou', dueDate: '2026-11-20' },
        { materialId: 'photo', dueDate: '2026-11-20' },
      ],
    }
    let s = run(fresh(), [
      [clerk, { type: 'accept' }],
      [clerk, { type: 'start-review' }],
      [clerk, two],
    ])
    s = run(s, [[terminal, { type: 'supply', materialId: 'hukou' }]])
    expect(s.status).toBe('awaiting-materials')
    // A 容缺 material may come any time; it does not end the 补正.
    s = run(s, [[terminal, { type: 'supply', materialId: 'bank-card' }]])
    expect(s.status).toBe('awaiting-materials')
    s = run(s, [[terminal, { type: 'supply', materialId: 'photo' }]])
    expect(s.status).toBe('in-review')
  })

  it('does not approve while a deferred material is outstanding; a rejection needs a reason', () => {
    const s = run(fresh(), [
      [clerk, { type: 'accept' }],
      [clerk, { type: 'start-review' }],
    ])
    expect(refusal(s, clerk, { type: 'approve' })).toEqual({
      code: 'rule',
      rule: 'materials-outstanding',
    })
    expect(refusal(s, clerk, { type: 'reject', reason: { codes: [], text: ' ' } })).toEqual({
      code: 'rule',
      rule: 'reason-required',
    })
    expect(
      run(s, [[clerk, { type: 'reject', reason: { codes: ['conditions-not-met'] } }]]).status,
    ).toBe('rejected')
  })

  it('lets a supervisor, not the requester or a clerk, approve an extension', () => {
    const ext: CaseAction = {
      type: 'request-extension',
      days: 10,
      reason: { codes: [], text: '需入户核查' },
    }
    const s = run(fresh(), [
      [clerk, { type: 'accept' }],
      [clerk, ext],
    ])
    expect(refusal(s, clerk2, { type: 'approve-extension' })).toEqual({ code: 'actor' })
    expect(refusal(s, clerk, ext)).toEqual({ code: 'rule', rule: 'extension-pending' })
    expect(run(s, [[supervisor, { type: 'approve-extension' }]]).extensionDays).toBe(10)
    const bySupervisor = run(fresh(), [
      [clerk, { type: 'accept' }],
      [supervisor, ext],
    ])
    expect(refusal(bySupervisor, supervisor, { type: 'approve-extension' })).toEqual({
      code: 'rule',
      rule: 'four-eyes',
    })
    expect(refusal(fresh(), clerk, { ...ext, days: 16 })).toEqual({
      code: 'wrong-status',
      status: 'received',
    })
  })

  it('lets the resident withdraw before the decision, never after', () => {
    const review = run(fresh(), [
      [clerk, { type: 'accept' }],
      [clerk, { type: 'start-review' }],
    ])
    expect(run(review, [[terminal, { type: 'withdraw' }]]).status).toBe('withdrawn')
    const decided = run(review, [[clerk, { type: 'reject', reason }]])
    expect(refusal(decided, terminal, { type: 'withdraw' })).toEqual({
      code: 'wrong-status',
      status: 'rejected',
    })
  })

  it('keeps terminals from staff actions', () => {
    expect(refusal(fresh(), terminal, { type: 'accept' })).toEqual({ code: 'actor' })
    expect(refusal(fresh(), { kind: 'system' }, { type: 'withdraw' })).toEqual({ code: 'actor' })
  })
})

// --- Property: no sequence of actions reaches a transition the table does not list -------------

const material = fc.constantFrom('bank-card', 'hukou', 'photo')
const reasonArb = fc.record({
  codes: fc.array(fc.constantFrom('material-missing', 'conditions-not-met'), { maxLength: 2 }),
  text: fc.option(fc.constantFrom('', ' ', '照片不清晰'), { nil: undefined }),
})
const actionArb: fc.Arbitrary<CaseAction> = fc.oneof(
  fc.constant({ type: 'accept' as const }),
  reasonArb.map((reason) => ({ type: 'not-accept' as const, reason })),
  fc
    .record({
      reason: reasonArb,
      materials: fc.uniqueArray(
        fc.record({ materialId: material, dueDate: fc.constantFrom('2026-10-01', '2026-11-20') }),
        { selector: (m) => m.materialId, maxLength: 3 },
      ),
    })
    .map((a) => ({ type: 'request-supplement' as const, ...a })),
  material.map((materialId) => ({ type: 'supply' as const, materialId })),
  fc.constant({ type: 'start-review' as const }),
  fc
    .record({ days: fc.integer({ min: -1, max: 20 }), reason: reasonArb })
    .map((a) => ({ type: 'request-extension' as const, ...a })),
  fc.constant({ type: 'approve-extension' as const }),
  reasonArb.map((reason) => ({ type: 'refuse-extension' as const, reason })),
  fc.constant({ type: 'approve' as const }),
  reasonArb.map((reason) => ({ type: 'reject' as const, reason })),
  fc
    .constantFrom('kiosk-print' as const, 'collected' as const, 'mailed' as const)
    .map((channel) => ({ type: 'issue' as const, channel })),
  fc.constant({ type: 'close' as const }),
  fc.constant({ type: 'withdraw' as const }),
)
const actorArb = fc.constantFrom<Actor>(clerk, clerk2, supervisor, terminal, { kind: 'system' })

describe('the state table', () => {
  const listed = new Set(TRANSITIONS.map((t) => t.join(' ')))

  it('no sequence of actions takes a transition the table does not list', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(material, { maxLength: 2 }),
        fc.array(fc.tuple(actorArb, actionArb, fc.boolean()), { maxLength: 40 }),
        (deferred, steps) => {
          let s = initialState(
            0,
            deferred.map((materialId) => ({ materialId, dueDate: '2026-11-30' })),
          )
          const events: CaseEvent[] = [
            {
              at: 0,
              actor: terminal,
              action: { type: 'submit', deferred: s.materials },
              from: null,
              to: s.status,
            },
          ]
          for (const [i, [actor, action, noticePeriodOver]] of steps.entries()) {
            const d = decide(s, action, actor, { at: i + 1, today: '2026-11-02', noticePeriodOver })
            if (!d.ok) continue
            expect(FINAL_STATUSES.has(s.status)).toBe(false)
            expect(listed.has(`${s.status} ${action.type} ${d.to}`)).toBe(true)
            expect(d.state.status).toBe(d.to)
            events.push({ at: i + 1, actor, action, from: s.status, to: d.to })
            s = d.state
          }
          // The kept events fold back to the same case.
          expect(fold(events)).toEqual(s)
        },
      ),
      { numRuns: 500 },
    )
  })

  it('every listed transition is reachable (breadth-first over concrete actions)', () => {
    const alphabet: [Actor, CaseAction][] = [
      [clerk, { type: 'accept' }],
      [clerk, { type: 'not-accept', reason }],
      [clerk, supplement],
      [terminal, { type: 'supply', materialId: 'hukou' }],
      [terminal, { type: 'supply', materialId: 'bank-card' }],
      [clerk, { type: 'start-review' }],
      [clerk, { type: 'request-extension', days: 5, reason }],
      [supervisor, { type: 'approve-extension' }],
      [supervisor, { type: 'refuse-extension', reason }],
      [clerk, { type: 'approve' }],
      [clerk, { type: 'reject', reason }],
      [terminal, { type: 'issue', channel: 'kiosk-print' }],
      [clerk, { type: 'close' }],
      [terminal, { type: 'withdraw' }],
    ]
    const seen = new Set<string>()
    const visited = new Set<string>()
    let frontier = [initialState(0, [{ materialId: 'bank-card', dueDate: '2026-11-30' }])]
    // Extensions can repeat for ever: ten steps reach every status.
    for (let depth = 0; depth < 10 && frontier.length > 0; depth++) {
      const next: CaseState[] = []
      for (const s of frontier) {
        for (const [actor, action] of alphabet) {
          const d = decide(s, action, actor, ctx)
          if (!d.ok) continue
          seen.add(`${s.status} ${action.type} ${d.to}`)
          const key = JSON.stringify(d.state)
          if (!visited.has(key)) {
            visited.add(key)
            next.push(d.state)
          }
        }
      }
      frontier = next
    }
    expect([...listed].filter((t) => !seen.has(t))).toEqual([])
  })
})
