import { describe, expect, it, vi } from 'vitest'
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

describe('kept pages and clerk actions in co-service', () => {
  function withPages() {
    const listeners = new Set<() => void>()
    let pages: { materialId: string; page: number; url: string; blob: Blob }[] = []
    const pieces: { materialId: string; page: number; chunk: number; chunks: number }[] = []
    const received: string[] = []
    const desk = { opened: 0, closed: 0 }
    const s = new CoServiceSession({
      source: {
        snapshot: () => ({
          item: null,
          screen: 'materials',
          step: '',
          fields: {},
          materials: [],
          signed: false,
        }),
        subscribe: (fn) => (listeners.add(fn), () => listeners.delete(fn)),
        pages: () => pages,
        // 400,000 base64 characters: three pieces of at most 196,608.
        pageData: async () => ({ mediaType: 'image/jpeg', base64: 'A'.repeat(400_000) }),
      },
      consent: async () => ({}),
      mirror: async () => ({}),
      page: async (p) => void pieces.push(p),
      outcome: async () => ({}),
      actions: {
        open: () => void desk.opened++,
        close: () => void desk.closed++,
        receive: (ev) => void received.push(ev.actionId),
      },
      onChange: () => undefined,
      timers: fakeTimers(),
    })
    const keep = (url: string, page: number) => {
      pages = [...pages, { materialId: 'hukou-book', page, url, blob: new Blob(['x']) }]
      for (const fn of listeners) fn()
    }
    return { s, pieces, received, desk, keep }
  }
  const action = (actionId: string) =>
    ({ callId, actionId, clerkId: 'u_alice', action: { kind: 'sign' } }) as const

  it('sends each kept page once, in pieces, only while shared; again after a reconnect', async () => {
    const { s, pieces, keep } = withPages()
    keep('blob:1', 0)
    s.request(callId)
    await settle()
    expect(pieces).toEqual([])
    s.answer(true)
    await vi.waitFor(() => expect(pieces).toHaveLength(3))
    expect(pieces.map((p) => [p.page, p.chunk, p.chunks])).toEqual([
      [0, 0, 3],
      [0, 1, 3],
      [0, 2, 3],
    ])
    s.resync()
    await vi.waitFor(() => expect(pieces).toHaveLength(6))
    s.withdraw()
    keep('blob:2', 1)
    await settle()
    expect(pieces).toHaveLength(6)
  })

  it('hands the clerk’s actions to the desk only while the resident shares with that call', async () => {
    const { s, received, desk } = withPages()
    s.action(action('a_before01'))
    s.request(callId)
    s.answer(true)
    await settle()
    expect(desk.opened).toBe(1)
    s.action(action('a_during01'))
    s.action({ ...action('a_other001'), callId: 'c_someoneElse1' })
    s.withdraw()
    s.action(action('a_after001'))
    expect(received).toEqual(['a_during01'])
    expect(desk.closed).toBeGreaterThan(0)
  })
})
