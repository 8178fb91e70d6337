import { describe, expect, it } from 'vitest'
import { WsClientFrame, WsServerFrame } from '../../../../common/bridge/ws-envelope'

describe('device host frames', () => {
  it('accepts every server frame kind', () => {
    for (const frame of [
      { type: 'response', id: 1, ok: true, value: { a: 1 } },
      { type: 'response', id: 2, ok: false, error: { code: 'TIMEOUT', message: 'slow' } },
      { type: 'event', channel: 'devices:health-changed', payload: [] },
      { type: 'error', error: { code: 'INVALID_INPUT', message: 'bad' } },
    ]) {
      expect(WsServerFrame.safeParse(frame).success).toBe(true)
    }
  })

  it('accepts a request without input (void requests) and rejects a bad id', () => {
    expect(WsClientFrame.safeParse({ type: 'request', id: 1, channel: 'app:info' }).success).toBe(
      true,
    )
    expect(WsClientFrame.safeParse({ type: 'request', id: -1, channel: 'app:info' }).success).toBe(
      false,
    )
  })
})
