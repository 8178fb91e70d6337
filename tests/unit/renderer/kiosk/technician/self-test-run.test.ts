import { describe, expect, it } from 'vitest'
import type { RequestChannel } from '../../../../../common/bridge/channels'
import type { RequestOutput } from '../../../../../common/bridge/contract'
import type { SelfTestResult } from '../../../../../common/fleet/self-test'
import {
  CARD_WAIT_MS,
  runSelfTest,
  type SelfTestEnv,
} from '../../../../../renderer/src/kiosk/technician/self-test-run'
import {
  BACKLOG_MAX_SECONDS,
  CLOCK_SKEW_MAX_MS,
  DISK_MIN_MB,
  networkOutcome,
  resultOf,
} from '../../../../../renderer/src/kiosk/technician/self-test-verdicts'

type Answers = { [C in RequestChannel]?: (input: unknown) => RequestOutput<C> }

/** A kiosk whose every part is fine, with what the test changes on top. */
function kiosk(answers: Answers = {}, env: Partial<SelfTestEnv> = {}) {
  const calls: { channel: RequestChannel; input: unknown }[] = []
  let saved: SelfTestResult | null = null
  const fine: Answers = {
    'selftest:reader': () => ({
      status: 'pass',
      card: { name: '张*', idNumber: '110101********123X', cardType: 'resident' },
    }),
    'selftest:printer': () => ({ status: 'pass', state: 'ready', paper: 'ok', paperWidth: '80mm' }),
    'selftest:network': () => ({ reachable: true, rttMs: 12, clockSkewMs: 300 }),
    'selftest:machine': () => ({
      diskFreeMb: 9000,
      outboxWaiting: 0,
      outboxOldestAgeSeconds: null,
    }),
    'selftest:last': () => saved,
    'selftest:save': (r) => {
      saved = r as SelfTestResult
      return { saved: true }
    },
  }
  const all = { ...fine, ...answers }
  const e: SelfTestEnv = {
    request: (async (channel: RequestChannel, input: unknown) => {
      calls.push({ channel, input })
      const a = all[channel]
      if (!a) throw new Error(`unexpected ${channel}`)
      return a(input)
    }) as SelfTestEnv['request'],
    camera: async () => ({ width: 1920, height: 1080 }),
    microphone: async () => ({ peak: 40 }),
    tone: async () => undefined,
    signaling: async () => 'online',
    now: () => 1_800_000_000_000,
    ...env,
  }
  return { env: e, calls, saved: () => saved }
}

const heard = (yes: boolean) => ({ askHeard: async () => yes })
const failedParts = (r: SelfTestResult) =>
  r.checks.filter((c) => c.status === 'fail').map((c) => c.part)

describe('runSelfTest', () => {
  it('passes every part on a healthy kiosk and keeps the result', async () => {
    const k = kiosk()
    const r = await runSelfTest(
      { trigger: 'technician', interactive: true, ui: heard(true) },
      k.env,
    )
    expect(r.passed).toBe(true)
    expect(r.checks.map((c) => [c.part, c.status])).toEqual([
      ['id-reader', 'pass'],
      ['printer', 'pass'],
      ['camera', 'pass'],
      ['microphone', 'pass'],
      ['speaker', 'pass'],
      ['network', 'pass'],
      ['disk', 'pass'],
      ['outbox', 'pass'],
    ])
    expect(k.saved()).toEqual(r)
    // Interactive: the reader waits for a card and the printer prints its test page.
    expect(k.calls.find((c) => c.channel === 'selftest:reader')?.input).toEqual({
      waitMs: CARD_WAIT_MS,
    })
    expect(k.calls.find((c) => c.channel === 'selftest:printer')?.input).toEqual({ testPage: true })
  })

  it('names each failing part with its reason', async () => {
    const k = kiosk({
      'selftest:reader': () => ({ status: 'fail', detail: 'unplugged', card: null }),
      'selftest:printer': () => ({
        status: 'fail',
        detail: 'paper-out',
        state: 'paper-out',
        paper: 'out',
        paperWidth: '80mm',
      }),
      'selftest:network': () => ({
        reachable: false,
        detail: 'centre-unreachable',
        rttMs: null,
        clockSkewMs: null,
      }),
    })
    const r = await runSelfTest(
      { trigger: 'technician', interactive: true, ui: heard(true) },
      k.env,
    )
    expect(r.passed).toBe(false)
    expect(failedParts(r)).toEqual(['id-reader', 'printer', 'network'])
    expect(r.checks.find((c) => c.part === 'printer')?.detail).toBe('paper-out')
    expect(r.checks.find((c) => c.part === 'id-reader')?.detail).toBe('unplugged')
    expect(r.checks.find((c) => c.part === 'network')?.detail).toBe('centre-unreachable')
  })

  it('not interactive (a remote run): the speaker is skipped, no card is waited for, no page printed', async () => {
    let toned = false
    const k = kiosk(
      { 'selftest:reader': () => ({ status: 'skipped', detail: 'needs-person', card: null }) },
      { tone: async () => void (toned = true) },
    )
    const r = await runSelfTest({ trigger: 'remote', interactive: false }, k.env)
    expect(r.trigger).toBe('remote')
    expect(r.passed).toBe(true)
    expect(r.checks.find((c) => c.part === 'speaker')).toEqual({
      part: 'speaker',
      status: 'skipped',
      detail: 'needs-person',
    })
    expect(toned).toBe(false)
    expect(k.calls.find((c) => c.channel === 'selftest:reader')?.input).toEqual({ waitMs: 0 })
    expect(k.calls.find((c) => c.channel === 'selftest:printer')?.input).toEqual({
      testPage: false,
    })
  })

  it('a tone not heard fails the speaker', async () => {
    const r = await runSelfTest(
      { trigger: 'technician', interactive: true, ui: heard(false) },
      kiosk().env,
    )
    expect(r.checks.find((c) => c.part === 'speaker')).toMatchObject({
      status: 'fail',
      detail: 'not-heard',
    })
  })

  it('a part that throws fails with `error`; the other parts still run', async () => {
    const k = kiosk({}, { camera: () => Promise.reject(new Error('boom')) })
    const r = await runSelfTest(
      { trigger: 'technician', interactive: true, ui: heard(true) },
      k.env,
    )
    expect(r.checks.find((c) => c.part === 'camera')).toMatchObject({
      status: 'fail',
      detail: 'error',
    })
    expect(r.checks).toHaveLength(8)
  })

  it('one part on its own keeps the other parts of the last result', async () => {
    let paper: 'out' | 'ok' = 'out'
    const k = kiosk({
      'selftest:printer': () =>
        paper === 'out'
          ? {
              status: 'fail',
              detail: 'paper-out',
              state: 'paper-out',
              paper: 'out',
              paperWidth: '80mm',
            }
          : { status: 'pass', state: 'ready', paper: 'ok', paperWidth: '80mm' },
      'selftest:reader': () => ({ status: 'fail', detail: 'unplugged', card: null }),
    })
    await runSelfTest({ trigger: 'technician', interactive: true, ui: heard(true) }, k.env)
    paper = 'ok'
    const r = await runSelfTest(
      { trigger: 'technician', interactive: true, parts: ['printer'] },
      k.env,
    )
    expect(failedParts(r)).toEqual(['id-reader'])
    expect(r.checks).toHaveLength(8)
  })

  it('the camera below 640 px wide, a full disk and an old backlog fail', async () => {
    const k = kiosk(
      {
        'selftest:machine': () => ({
          diskFreeMb: DISK_MIN_MB - 1,
          outboxWaiting: 3,
          outboxOldestAgeSeconds: BACKLOG_MAX_SECONDS + 1,
        }),
      },
      { camera: async () => ({ width: 320, height: 240 }) },
    )
    const r = await runSelfTest(
      { trigger: 'technician', interactive: true, ui: heard(true) },
      k.env,
    )
    expect(r.checks.filter((c) => c.status === 'fail').map((c) => [c.part, c.detail])).toEqual([
      ['camera', 'low-resolution'],
      ['disk', 'disk-low'],
      ['outbox', 'backlog'],
    ])
  })
})

describe('the network verdict', () => {
  const centre = { reachable: true, rttMs: 10, clockSkewMs: 0 }
  it('fails on a refused or absent signaling socket, a clock off by more than 30 s, a TURN without relay', () => {
    expect(networkOutcome(centre, 'refused', 'not-configured').detail).toBe('signaling-refused')
    expect(networkOutcome(centre, 'down', 'not-configured').detail).toBe('signaling-down')
    expect(
      networkOutcome({ ...centre, clockSkewMs: CLOCK_SKEW_MAX_MS + 1 }, 'online', 'not-configured')
        .detail,
    ).toBe('clock-skew')
    expect(
      networkOutcome({ ...centre, clockSkewMs: -CLOCK_SKEW_MAX_MS }, 'online', 'not-configured')
        .status,
    ).toBe('pass')
    expect(networkOutcome(centre, 'online', { relay: false }).detail).toBe('turn-no-relay')
    expect(networkOutcome(centre, 'online', { relay: true }).status).toBe('pass')
  })
  it('the centre unreachable comes first', () => {
    const o = networkOutcome(
      { reachable: false, detail: 'centre-unreachable', rttMs: null, clockSkewMs: null },
      'down',
      'not-configured',
    )
    expect(o.detail).toBe('centre-unreachable')
  })
})

describe('resultOf', () => {
  it('is passed only when no check failed; skipped checks do not fail it', () => {
    const r = resultOf(
      [
        { part: 'speaker', status: 'skipped', detail: 'needs-person' },
        { part: 'disk', status: 'pass' },
      ],
      { trigger: 'remote', at: 1 },
    )
    expect(r.passed).toBe(true)
    expect(
      resultOf([{ part: 'disk', status: 'fail', detail: 'disk-low' }], { trigger: 'remote', at: 1 })
        .passed,
    ).toBe(false)
  })
})
