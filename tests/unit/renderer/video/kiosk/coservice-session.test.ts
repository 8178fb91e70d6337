import { describe, expect, it } from 'vitest'
import type { ConsentDecision, Mirror } from '../../../../../common/signaling'
import {
  CoServiceSession,
  MIRROR_DEBOUNCE_MS,
  type ConsentState,
} from '../../../../../renderer/src/video/kiosk/coservice-session'

const callId = 'c_abcdefgh12'

/** A clock whose timers run only when the test advances it. */
function fakeTimers() {
  let now = 0
  let next = 1
  const pending = new Map<number, { at: number; fn: () => void }>()
  return {
    set: (fn: () => void, ms: number) => {
      const id = next++
      pending.set(id, { at: now + ms, fn })
      return id
    },
    clear: (h: unknown) => void pending.delete(h as number),
    advance(ms: number) {
      now += ms
      for (const [id, t] of [...pending].sort((a, b) => a[1].at - b[1].at))
        if (t.at <= now) {
          pending.delete(id)
          t.fn()
        }
    },
    get pending() {
      return pending.size
    },
  }
}

function setup(opts: { consentFails?: boolean } = {}) {
  let phone = ''
  const listeners = new Set<() => void>()
  const sent: { decision?: ConsentDecision; seq?: number; mirror?: Mirror }[] = []
  const states: ConsentState[] = []
  const timers = fakeTimers()
  const snapshot = (): Mirror => ({
    item: { code: 'CA-ELDER-ALLOWANCE', title: '高龄津贴申领' },
    screen: 'form',
    step: '第 1 步',
    fields: phone ? { 'applicant.phone': phone } : {},
    materials: [],
    signed: false,
  })
  const s = new CoServiceSession({
    source: {
      snapshot,
      subscribe: (fn) => {
        listeners.add(fn)
        return () => listeners.delete(fn)
      },
    },
    consent: (_id, decision) => {
      sent.push({ decision })
      return opts.consentFails ? Promise.reject(new Error('offline')) : Promise.resolve({})
    },
    mirror: (_id, seq, mirror) => {
      sent.push({ seq, mirror })
      return Promise.resolve({})
    },
    onChange: (st) => states.push(st),
    timers,
  })
  const type = (value: string) => {
    phone = value
    for (const fn of listeners) fn()
  }
  const mirrors = () => sent.filter((m) => m.mirror).map((m) => m.mirror!.fields['applicant.phone'])
  return { s, sent, states, timers, type, listeners, mirrors }
}

const settle = () => new Promise((r) => setTimeout(r, 0))

describe('co-service consent on the kiosk', () => {
  it('asks, and shares nothing until the resident agrees', async () => {
    const { s, sent, states, type, listeners } = setup()
    s.request(callId)
    expect(s.state).toBe('asked')
    type('138')
    expect(sent).toEqual([])
    expect(listeners.size).toBe(0)
    s.answer(true)
    await settle()
    expect(states).toEqual(['asked', 'granted'])
    // Consent first, then the whole mirror at once.
    expect(sent[0]).toEqual({ decision: 'granted' })
    expect(sent[1]!.seq).toBe(1)
    expect(sent[1]!.mirror!.fields).toEqual({ 'applicant.phone': '138' })
  })

  it('coalesces typing into one mirror at most the debounce later', async () => {
    const { s, timers, type, mirrors } = setup()
    s.request(callId)
    s.answer(true)
    await settle()
    type('1')
    type('13')
    type('138')
    expect(mirrors()).toEqual([undefined])
    timers.advance(MIRROR_DEBOUNCE_MS - 1)
    expect(mirrors()).toHaveLength(1)
    timers.advance(1)
    expect(mirrors()).toEqual([undefined, '138'])
    expect(MIRROR_DEBOUNCE_MS).toBeLessThanOrEqual(100)
  })

  it('不同意 sends the refusal and never mirrors', async () => {
    const { s, sent, type, timers, listeners } = setup()
    s.request(callId)
    s.answer(false)
    await settle()
    type('138')
    timers.advance(1_000)
    expect(s.state).toBe('none')
    expect(sent).toEqual([{ decision: 'declined' }])
    expect(listeners.size).toBe(0)
  })

  it('停止共享 stops at once, including a mirror still waiting for its debounce', async () => {
    const { s, sent, type, timers, listeners, mirrors } = setup()
    s.request(callId)
    s.answer(true)
    await settle()
    type('138')
    s.withdraw()
    timers.advance(1_000)
    type('1380')
    timers.advance(1_000)
    expect(s.state).toBe('none')
    expect(sent.at(-1)).toEqual({ decision: 'withdrawn' })
    expect(mirrors()).toEqual([undefined])
    expect(listeners.size).toBe(0)
    expect(timers.pending).toBe(0)
  })

  it('ends with the call: nothing more is sent, and a new call asks again', async () => {
    const { s, sent, type, timers } = setup()
    s.request(callId)
    s.answer(true)
    await settle()
    s.end()
    type('138')
    timers.advance(1_000)
    s.resync()
    expect(s.state).toBe('none')
    // The centre ends consent with the call by itself: no message after the mirror.
    expect(sent).toHaveLength(2)
    s.request('c_otherCall99')
    expect(s.state).toBe('asked')
  })

  it('sends the whole mirror again on reconnect, only while sharing', async () => {
    const { s, mirrors } = setup()
    s.resync()
    expect(mirrors()).toEqual([])
    s.request(callId)
    s.answer(true)
    await settle()
    s.resync()
    expect(mirrors()).toHaveLength(2)
    // A repeated request in the same call does not ask the resident again.
    s.request(callId)
    expect(s.state).toBe('granted')
  })

  it('falls back to not sharing when the centre did not take the consent', async () => {
    const { s, sent } = setup({ consentFails: true })
    s.request(callId)
    s.answer(true)
    await settle()
    expect(s.state).toBe('none')
    expect(sent.filter((m) => m.mirror)).toEqual([])
  })
})
