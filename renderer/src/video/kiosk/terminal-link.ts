import { bridge } from '../../platform/bridge'
import { connectTerminalWithToken, type TerminalClient } from '../shared/signaling-client'

/*
 * The kiosk's one socket to the centre (`/terminal`), open for as long as the page is: the
 * health reports go over it all the time, and video help borrows it (`lease`). One socket per
 * terminal is the centre's rule: a second one would take the first one's place.
 */

let shared: Promise<TerminalClient> | null = null

/** The token from the main process; the terminal credential never reaches the renderer. */
async function token() {
  const b = bridge()
  if (!b) throw Object.assign(new Error('no bridge'), { code: 'NOT_ENROLLED' })
  return b.request('terminal:signaling-token', undefined)
}

/**
 * The shared socket, opened on first use. One whose handshake was refused (not enrolled yet,
 * revoked) is given up and the next call opens a new one; a failed first token is not kept.
 */
export function terminalLink(): Promise<TerminalClient> {
  const current = shared
  if (current)
    return current.then((c) => {
      if (c.link !== 'refused') return c
      c.close()
      if (shared === current) shared = null
      return terminalLink()
    })
  const opening = token().then((first) => {
    let fresh: typeof first | null = first
    return connectTerminalWithToken(
      first.serverUrl,
      async () => {
        const t = fresh ?? (await token())
        fresh = null
        return t
      },
      { win: window },
    )
  })
  shared = opening
  opening.catch(() => {
    if (shared === opening) shared = null
  })
  return opening
}

/**
 * The shared socket as one user sees it: `close()` removes only this user's listeners and its
 * resume call, and the socket stays open. A newcomer is told the link's state at once, as a
 * socket of its own would tell it when it connects.
 */
export function lease(c: TerminalClient): TerminalClient {
  const offs: (() => void)[] = []
  let closed = false
  const keep = (off: () => void) => {
    offs.push(off)
    return off
  }
  return {
    get link() {
      return c.link
    },
    get refusal() {
      return c.refusal
    },
    get dropped() {
      return c.dropped
    },
    on: (event, fn) => keep(c.on(event, fn)),
    onLink(fn) {
      const off = keep(c.onLink(fn))
      if (c.link !== 'connecting')
        queueMicrotask(() => {
          if (!closed) fn(c.link)
        })
      return off
    },
    request: (event, payload) => c.request(event, payload),
    // On the shared socket itself: the retry outlives this lease, as the wait it ends did.
    sendWhenOnline: (event, payload) => c.sendWhenOnline(event, payload),
    setResumeCall: (callId) => c.setResumeCall(callId),
    close() {
      if (closed) return
      closed = true
      for (const off of offs.splice(0)) off()
      c.setResumeCall(null)
    },
  }
}
