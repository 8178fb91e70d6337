import { describe, expect, it } from 'vitest'
import { eventChannels, requestChannels } from '../../../../common/bridge/channels'
import { createBridge } from '../../../../renderer/src/platform/bridge'
import type { RawTransport } from '../../../../renderer/src/platform/ws-transport'

function transport(answer: unknown): RawTransport & { emit: (c: string, p: unknown) => void } {
  const listeners = new Map<string, (p: unknown) => void>()
  return {
    request: async () => answer,
    subscribe: (c, l) => {
      listeners.set(c, l)
      return () => listeners.delete(c)
    },
    emit: (c, p) => listeners.get(c)?.(p),
  }
}

describe('renderer bridge', () => {
  it('returns validated output', async () => {
    const b = createBridge(transport({ ok: true, value: { wiped: true } }))
    await expect(b.request('session:reset', { reason: 'idle' })).resolves.toEqual({ wiped: true })
  })

  it('turns an error result into a BridgeError with its code', async () => {
    const b = createBridge(transport({ ok: false, error: { code: 'TIMEOUT', message: 'slow' } }))
    await expect(b.request('devices:health', undefined)).rejects.toMatchObject({
      name: 'BridgeError',
      code: 'TIMEOUT',
    })
  })

  it('does not trust the main process either: bad output is an error', async () => {
    const b = createBridge(transport({ ok: true, value: [{ role: 'toaster' }] }))
    await expect(b.request('devices:health', undefined)).rejects.toMatchObject({
      code: 'INVALID_OUTPUT',
    })
  })

  it('checks every channel, each on its first use as on later ones', async () => {
    // The contract builds a channel's schemas lazily: none may be skipped for it.
    const b = createBridge(transport({ ok: true, value: 42 }))
    for (const channel of requestChannels) {
      for (let i = 0; i < 2; i++) {
        await expect(b.request(channel, undefined as never), channel).rejects.toMatchObject({
          code: 'INVALID_OUTPUT',
        })
      }
    }
    const t = transport(null)
    const events = createBridge(t)
    const got: unknown[] = []
    for (const e of eventChannels) events.subscribe(e, (p) => got.push(p))
    for (const e of eventChannels) t.emit(e, 42)
    expect(got).toEqual([])
  })

  it('drops invalid event payloads and delivers valid ones', () => {
    const t = transport(null)
    const b = createBridge(t)
    const got: unknown[] = []
    const off = b.subscribe('session:reset-requested', (p) => got.push(p))
    t.emit('session:reset-requested', { reason: 'nonsense' })
    t.emit('session:reset-requested', { reason: 'idle' })
    off()
    t.emit('session:reset-requested', { reason: 'idle' })
    expect(got).toEqual([{ reason: 'idle' }])
  })
})
