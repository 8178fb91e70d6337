// Video help borrows the kiosk's one socket: a lease tells its user the link's state at once,
// and closing it removes only that user's listeners, never the socket.
import { describe, expect, it, vi } from 'vitest'
import { lease } from '../../../../../renderer/src/video/kiosk/terminal-link'
import type {
  LinkState,
  TerminalClient,
} from '../../../../../renderer/src/video/shared/signaling-client'

function fakeClient(link: LinkState) {
  const on = new Set<() => void>()
  const onLink = new Set<(l: LinkState) => void>()
  const c = {
    link,
    refusal: null,
    dropped: 0,
    on: (_e: string, fn: () => void) => (on.add(fn), () => on.delete(fn)),
    onLink: (fn: (l: LinkState) => void) => (onLink.add(fn), () => onLink.delete(fn)),
    request: vi.fn(async () => ({})),
    setResumeCall: vi.fn(),
    close: vi.fn(),
  }
  return { c, on, onLink, client: c as unknown as TerminalClient }
}

describe('terminal link lease', () => {
  it('tells a newcomer the link is up, and closing it leaves the socket open', async () => {
    const { c, on, onLink, client } = fakeClient('online')
    const l = lease(client)
    const links: LinkState[] = []
    l.onLink((x) => links.push(x))
    l.on('call:start', () => {})
    await Promise.resolve()
    expect(links).toEqual(['online'])
    l.setResumeCall('c_1')
    l.close()
    expect([on.size, onLink.size]).toEqual([0, 0])
    expect(c.setResumeCall).toHaveBeenLastCalledWith(null)
    expect(c.close).not.toHaveBeenCalled()
  })

  it('says nothing of a link still connecting', async () => {
    const { client } = fakeClient('connecting')
    const links: LinkState[] = []
    lease(client).onLink((x) => links.push(x))
    await Promise.resolve()
    expect(links).toEqual([])
  })
})
