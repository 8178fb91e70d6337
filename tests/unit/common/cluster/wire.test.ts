// The nodes' messages to each other: a node of the next release may add an optional field,
// which an older node ignores (a rolling upgrade goes one node at a time); a message that does
// not fit is still refused.
import { describe, expect, it } from 'vitest'
import { FromOwner, ToOwner } from '../../../../common/cluster/wire'

const ref = {
  ns: 'terminal',
  id: 'sock-1',
  data: { kind: 'terminal', terminalId: 't_1', name: '一号机', hall: '示范村' },
} as const

describe('cluster wire', () => {
  it('takes a newer node’s message with fields it does not know, and drops them', () => {
    const event = { t: 'event', n: 'node-2', q: 7, r: ref, e: 'queue:join', p: {}, z: 'new' }
    const parsed = ToOwner.safeParse(event)
    expect(parsed.success).toBe(true)
    expect(parsed.data).not.toHaveProperty('z')
    const answer = FromOwner.safeParse({ q: 7, a: { ok: true, data: {} }, d: true, w: 1 })
    expect(answer.success && answer.data).toEqual({ q: 7, a: { ok: true, data: {} }, d: true })
    const nested = ToOwner.safeParse({ t: 'left', n: 'node-2', r: { ...ref, extra: 1 } })
    expect(nested.data).toEqual({ t: 'left', n: 'node-2', r: ref })
  })

  it('still refuses what does not fit', () => {
    expect(ToOwner.safeParse({ t: 'event', n: 'node-2', q: 'x', r: ref, e: 'e' }).success).toBe(
      false,
    )
    expect(ToOwner.safeParse({ t: 'gossip', n: 'node-2' }).success).toBe(false)
    expect(ToOwner.safeParse({ t: 'left', n: '', r: ref }).success).toBe(false)
    expect(FromOwner.safeParse({ q: 1, a: { ok: true, data: 1 }, d: false }).success).toBe(false)
    const roster = {
      t: 'roster',
      n: 'node-2',
      s: Array.from({ length: 200_001 }, () => ({ r: ref })),
    }
    expect(ToOwner.safeParse(roster).success).toBe(false)
  })
})
