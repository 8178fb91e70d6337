import { describe, expect, it } from 'vitest'
import {
  admits,
  advance,
  bucketOf,
  halt,
  offer,
  onInstallFailed,
  onReport,
  resume,
  ringOf,
  ringViews,
  targetOf,
  tick,
  type Member,
  type RolloutRecord,
  type RolloutTerminalRecord,
} from '../../../../signaling-server/src/fleet/rollout-machine'

const MIN = 60_000
const T0 = Date.UTC(2026, 0, 10, 17, 30) // 01:30 in China

function rollout(over: Partial<RolloutRecord> = {}): RolloutRecord {
  return {
    id: 'ro_test01',
    version: '1.3.0',
    previousVersion: '1.2.0',
    pilotHalls: ['石桥村'],
    steps: [10, 50, 100],
    stopShare: 0.2,
    state: 'running',
    ringsPassed: 0,
    createdAt: T0,
    createdBy: 'u_admin',
    haltedAt: null,
    haltReason: null,
    resumedAt: null,
    completedAt: null,
    ...over,
  }
}

/** `n` terminal ids whose bucket lies in [lo, hi). */
function idsInBuckets(lo: number, hi: number, n: number): string[] {
  const out: string[] = []
  for (let i = 0; out.length < n; i++) {
    const id = `t_${i}`
    const b = bucketOf(id)
    if (b >= lo && b < hi) out.push(id)
  }
  return out
}

const onNew = (selfTest: { at: number; passed: boolean } | null) => ({
  appVersion: '1.3.0',
  lastSelfTest: selfTest,
})

/** A terminal offered at T0, then reporting from the new version every minute from `from`. */
function healthyRun(p: RolloutTerminalRecord, from: number, minutes: number, testAt = 5) {
  let q = p
  for (let m = 0; m <= minutes; m++)
    q = onReport(q, '1.3.0', onNew({ at: testAt, passed: true }), from + m * MIN)
  return q
}

describe('rings', () => {
  it('puts the pilot halls in ring 0 and the others by their bucket in the percentage rings', () => {
    const r = rollout()
    expect(ringOf(r, { id: idsInBuckets(0, 10, 1)[0]!, hall: '石桥村' })).toBe(0)
    expect(ringOf(r, { id: idsInBuckets(90, 100, 1)[0]!, hall: '石桥村' })).toBe(0)
    expect(ringOf(r, { id: idsInBuckets(0, 10, 1)[0]!, hall: '河口村' })).toBe(1)
    expect(ringOf(r, { id: idsInBuckets(10, 50, 1)[0]!, hall: '河口村' })).toBe(2)
    expect(ringOf(r, { id: idsInBuckets(50, 100, 1)[0]!, hall: '河口村' })).toBe(3)
  })

  it('gives a terminal the same bucket every time (a hash of its id, not chance)', () => {
    const ids = Array.from({ length: 200 }, (_, i) => `t_${i}`)
    const first = ids.map(bucketOf)
    expect(ids.map(bucketOf)).toEqual(first)
    // Spread over the range: roughly a tenth below 10.
    const low = first.filter((b) => b < 10).length
    expect(low).toBeGreaterThan(5)
    expect(low).toBeLessThan(40)
  })

  it('offers the new version ring by ring: the pilot halls first, the next ring only after it passed', () => {
    const r = rollout()
    expect(admits(r, 0)).toBe(true)
    expect(admits(r, 1)).toBe(false)
    expect(targetOf(r, 1, undefined)).toBe('1.2.0')
    expect(targetOf(r, 0, undefined)).toBe('1.3.0')

    const pilot = ['t_p1', 't_p2']
    const members: Member[] = [
      ...pilot.map((terminalId) => ({ terminalId, ring: 0 })),
      { terminalId: 't_a', ring: 1 },
      { terminalId: 't_b', ring: 2 },
    ]
    const progress = new Map<string, RolloutTerminalRecord>()
    progress.set('t_p1', healthyRun(offer(r, 0, 't_p1', null, T0), T0 + MIN, 10))
    // One pilot succeeded, one still on its way: ring 0 has not passed.
    progress.set('t_p2', onReport(offer(r, 0, 't_p2', null, T0), '1.3.0', onNew(null), T0 + MIN))
    const still = advance(r, members, progress, T0 + 12 * MIN)
    expect(still.ringsPassed).toBe(0)
    expect(ringViews(still, members, progress).map((v) => v.state)).toEqual([
      'active',
      'waiting',
      'waiting',
      'waiting',
    ])

    progress.set('t_p2', healthyRun(progress.get('t_p2')!, T0 + 2 * MIN, 10))
    // Ring 0 through; ring 1 (t_a) is admitted, ring 2 (t_b) still gets the old version.
    const next = advance(r, members, progress, T0 + 13 * MIN)
    expect(next.ringsPassed).toBe(1)
    expect(targetOf(next, 1, undefined)).toBe('1.3.0')
    expect(targetOf(next, 2, undefined)).toBe('1.2.0')
  })

  it('never passes an empty pilot ring, nor a ring without a success', () => {
    const r = rollout({ stopShare: 1 })
    expect(advance(r, [], new Map(), T0)).toBe(r)
    const members: Member[] = [{ terminalId: 't_p1', ring: 0 }]
    const offered = new Map([['t_p1', offer(r, 0, 't_p1', null, T0)]])
    expect(advance(r, members, offered, T0).ringsPassed).toBe(0)
  })

  it('passes empty percentage rings at once and completes after the last one', () => {
    const r = rollout()
    const members: Member[] = [{ terminalId: 't_p1', ring: 0 }]
    const progress = new Map([['t_p1', healthyRun(offer(r, 0, 't_p1', null, T0), T0, 10)]])
    const done = advance(r, members, progress, T0 + 11 * MIN)
    expect(done.state).toBe('completed')
    expect(done.completedAt).toBe(T0 + 11 * MIN)
    expect(targetOf(done, 3, undefined)).toBe('1.3.0')
  })
})

describe('success', () => {
  const r = rollout()

  it('counts a terminal only after it started, passed its self-test and reported healthy for 10 minutes', () => {
    let p = offer(r, 0, 't_1', 1_000, T0)
    // Still on the old version (the kiosk waits for its maintenance window).
    p = onReport(
      p,
      r.version,
      { appVersion: '1.2.0', lastSelfTest: { at: 1_000, passed: true } },
      T0 + MIN,
    )
    expect(p.state).toBe('offered')
    // Started on the new version; the self-test it carries is the old one's: not counted.
    p = onReport(p, r.version, onNew({ at: 1_000, passed: true }), T0 + 2 * MIN)
    expect(p.state).toBe('started')
    expect(p.healthySince).toBeNull()
    // A fresh self-test passed: the 10 minutes start now.
    p = onReport(p, r.version, onNew({ at: 2_000, passed: true }), T0 + 3 * MIN)
    expect(p.healthySince).toBe(T0 + 3 * MIN)
    for (let m = 4; m <= 12; m++)
      p = onReport(p, r.version, onNew({ at: 2_000, passed: true }), T0 + m * MIN)
    expect(p.state).toBe('started')
    p = onReport(p, r.version, onNew({ at: 2_000, passed: true }), T0 + 13 * MIN)
    expect(p.state).toBe('succeeded')
    expect(p.decidedAt).toBe(T0 + 13 * MIN)
  })

  it('starts the 10 minutes again after a gap in the reports', () => {
    let p = offer(r, 0, 't_1', null, T0)
    p = healthyRun(p, T0, 6)
    // Nothing for 5 minutes (the kiosk restarted, or its link dropped).
    p = onReport(p, r.version, onNew({ at: 5, passed: true }), T0 + 11 * MIN)
    expect(p.state).toBe('started')
    expect(p.healthySince).toBe(T0 + 11 * MIN)
  })

  it('fails a started terminal that never proves healthy within the deadline', () => {
    let p = onReport(offer(r, 0, 't_1', null, T0), r.version, onNew(null), T0)
    p = tick(p, T0 + 59 * MIN)
    expect(p.state).toBe('started')
    p = tick(p, T0 + 61 * MIN)
    expect(p).toMatchObject({ state: 'failed', reason: 'not-healthy' })
  })
})

describe('rollback', () => {
  const r = rollout()

  it('sends a terminal whose self-test failed on the new version back to the previous one', () => {
    let p = offer(r, 0, 't_1', 1_000, T0)
    expect(targetOf(r, 0, p)).toBe('1.3.0')
    p = onReport(p, r.version, onNew({ at: 2_000, passed: false }), T0 + MIN)
    expect(p).toMatchObject({ state: 'failed', reason: 'self-test-failed' })
    expect(targetOf(r, 0, p)).toBe('1.2.0')
    // Decided: later reports change nothing.
    expect(onReport(p, r.version, onNew({ at: 3_000, passed: true }), T0 + 2 * MIN)).toBe(p)
  })

  it('fails a terminal that reports from the old version after starting the new one, or whose install failed', () => {
    const started = onReport(offer(r, 0, 't_1', null, T0), r.version, onNew(null), T0)
    const back = onReport(started, r.version, { appVersion: '1.2.0', lastSelfTest: null }, T0 + MIN)
    expect(back).toMatchObject({ state: 'failed', reason: 'reverted' })
    const offered = offer(r, 0, 't_2', null, T0)
    expect(onInstallFailed(offered, r.version, '1.1.0', T0).state).toBe('offered')
    expect(onInstallFailed(offered, r.version, '1.3.0', T0)).toMatchObject({
      state: 'failed',
      reason: 'install-failed',
    })
  })
})

describe('stop rule', () => {
  const members: Member[] = Array.from({ length: 10 }, (_, i) => ({
    terminalId: `t_${i}`,
    ring: 0,
  }))
  const failed = (r: RolloutRecord, id: string, at: number) =>
    onInstallFailed(offer(r, 0, id, null, at), r.version, r.version, at)

  it('halts the rollout when the set share of a ring failed, and offers nobody new', () => {
    const r = rollout({ stopShare: 0.2 })
    const progress = new Map([['t_0', failed(r, 't_0', T0)]])
    expect(advance(r, members, progress, T0).state).toBe('running')
    progress.set('t_1', failed(r, 't_1', T0 + MIN))
    const halted = advance(r, members, progress, T0 + MIN)
    expect(halted).toMatchObject({ state: 'halted', haltReason: 'stop-rule', haltedAt: T0 + MIN })
    expect(ringViews(halted, members, progress)[0]!.state).toBe('halted')
    // A terminal of the ring not offered yet keeps the old version; a started one keeps going.
    expect(targetOf(halted, 0, undefined)).toBe('1.2.0')
    const started = onReport(offer(r, 0, 't_5', null, T0), r.version, onNew(null), T0)
    expect(targetOf(halted, 0, started)).toBe('1.3.0')
  })

  it('counts only the failures after a resume', () => {
    const r = rollout({ stopShare: 0.2 })
    const progress = new Map([
      ['t_0', failed(r, 't_0', T0)],
      ['t_1', failed(r, 't_1', T0)],
    ])
    const halted = advance(r, members, progress, T0)
    const resumed = resume(halted, T0 + MIN)!
    expect(advance(resumed, members, progress, T0 + MIN).state).toBe('running')
    progress.set('t_2', failed(r, 't_2', T0 + 2 * MIN))
    expect(advance(resumed, members, progress, T0 + 2 * MIN).state).toBe('running')
    progress.set('t_3', failed(r, 't_3', T0 + 3 * MIN))
    expect(advance(resumed, members, progress, T0 + 3 * MIN).state).toBe('halted')
  })

  it('lets an admin halt a running rollout and resume a halted one, nothing else', () => {
    const r = rollout()
    const h = halt(r, T0)!
    expect(h).toMatchObject({ state: 'halted', haltReason: 'admin' })
    expect(halt(h, T0)).toBeNull()
    expect(resume(r, T0)).toBeNull()
    expect(resume(h, T0 + MIN)).toMatchObject({ state: 'running', resumedAt: T0 + MIN })
  })
})
