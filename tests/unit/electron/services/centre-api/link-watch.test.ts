import { afterEach, describe, expect, it, vi } from 'vitest'
import { LinkWatch } from '../../../../../electron/services/centre-api/link-watch'

/** A centre that can be cut off: `up` decides whether a request reaches it. */
function centre() {
  const state = { up: true, requests: 0 }
  const fetch: typeof globalThis.fetch = async (_input, init) => {
    state.requests++
    if (init?.signal?.aborted) throw init.signal.reason
    if (!state.up) throw new TypeError('fetch failed')
    return new Response('{}', { status: state.requests % 2 ? 200 : 503 })
  }
  return { state, fetch }
}

afterEach(() => vi.useRealTimers())

describe('the link to the centre, as the kiosk sees it', () => {
  it('tells once when an answer comes after the centre could not be reached', async () => {
    const c = centre()
    const link = new LinkWatch(c.fetch)
    const back = vi.fn()
    link.onBack(back)
    await link.fetch('http://centre/a')
    expect(back).not.toHaveBeenCalled()
    c.state.up = false
    await expect(link.fetch('http://centre/a')).rejects.toThrow('fetch failed')
    await expect(link.fetch('http://centre/a')).rejects.toThrow('fetch failed')
    expect(link.isDown).toBe(true)
    c.state.up = true
    await link.fetch('http://centre/a')
    await link.fetch('http://centre/a') // an error status is an answer too
    expect(back).toHaveBeenCalledTimes(1)
    expect(link.isDown).toBe(false)
  })

  it('does not take a request the kiosk called off for a dead link', async () => {
    const link = new LinkWatch(centre().fetch)
    const stop = new AbortController()
    stop.abort()
    await expect(link.fetch('http://centre/a', { signal: stop.signal })).rejects.toThrow()
    expect(link.isDown).toBe(false)
    // A timeout is the link's doing.
    await expect(
      link.fetch('http://centre/a', {
        signal: AbortSignal.abort(new DOMException('t', 'TimeoutError')),
      }),
    ).rejects.toThrow()
    expect(link.isDown).toBe(true)
  })

  it('while down, asks the centre every interval until it answers, then stops asking', async () => {
    vi.useFakeTimers()
    const c = centre()
    const link = new LinkWatch(c.fetch)
    const back = vi.fn()
    link.onBack(back)
    const stop = link.probeWhileDown(
      () => link.fetch('http://centre/api/v1/centre'),
      20_000,
      undefined,
      () => 0.5,
    )
    c.state.up = false
    await expect(link.fetch('http://centre/a')).rejects.toThrow()
    const afterOutage = c.state.requests
    await vi.advanceTimersByTimeAsync(20_000)
    await vi.advanceTimersByTimeAsync(20_000)
    expect(c.state.requests).toBe(afterOutage + 2)
    c.state.up = true
    await vi.advanceTimersByTimeAsync(20_000)
    expect(back).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(200_000)
    expect(c.state.requests).toBe(afterOutage + 3)
    stop()
    c.state.up = false
    await expect(link.fetch('http://centre/a')).rejects.toThrow()
    await vi.advanceTimersByTimeAsync(200_000)
    expect(c.state.requests).toBe(afterOutage + 4)
  })
})
