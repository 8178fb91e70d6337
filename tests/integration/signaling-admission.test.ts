// A busy centre refuses new sockets at once instead of queueing their handshakes past the
// kiosks' connect timeout (signaling-server/src/admission.ts); open sockets carry on.
import { afterEach, describe, expect, it } from 'vitest'
import { TERMINAL_NAMESPACE } from '../../common/signaling'
import { createAdmission } from '../../signaling-server/src/admission'
import { until } from '../support/until'
import {
  enrolTerminal,
  refusal,
  startServer,
  terminalClient,
  type TestServer,
} from './signaling-harness'

let server: TestServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

describe('admission of new sockets', () => {
  it('refuses a new kiosk while the loop lags, keeps the open one, and admits again after', async () => {
    let lag = 0
    const refused: number[] = []
    server = await startServer({
      admission: createAdmission({
        maxLagMs: 500,
        // Every attempt counts as a surge here; the default is tried below.
        minAttempts: 1,
        lagMs: () => lag,
        onRefused: (l) => refused.push(l),
      }),
    })
    const a = await enrolTerminal(server.store, '一号机')
    const b = await enrolTerminal(server.store, '二号机')
    const first = await terminalClient(server.url, a)
    lag = 800
    const auth = { kind: 'terminal', terminalId: b.terminalId, credential: b.credential }
    // Refused before any handshake work: the client sees a failed WebSocket, and retries.
    expect(await refusal(server.url, TERMINAL_NAMESPACE, auth)).toBe('websocket error')
    expect(refused).toEqual([800])
    // The kiosk already connected is not touched: it still gets answers.
    const answer: unknown = await first.socket.timeout(5_000).emitWithAck('session:resume', {})
    expect(answer).toMatchObject({ ok: true })
    lag = 20
    expect(await refusal(server.url, TERMINAL_NAMESPACE, auth)).toBe('connected')
    first.close()
  })

  it('admits a lone kiosk after a slow tick; refuses only a surge of connections', () => {
    const admission = createAdmission({ maxLagMs: 500, lagMs: () => 800 })
    const answers: boolean[] = []
    try {
      for (let i = 0; i < 25; i++) admission.allowRequest(null, (_m, ok) => answers.push(ok))
    } finally {
      admission.close()
    }
    expect(answers.slice(0, 19)).toEqual(Array(19).fill(true))
    expect(answers.slice(19)).toEqual(Array(6).fill(false))
  })

  it('measures the loop by default: a loop blocked for a second refuses, then recovers', async () => {
    const admission = createAdmission({ maxLagMs: 200 })
    try {
      expect(admission.busy()).toBe(false)
      // The loop-delay monitor needs a first sample of its own before it can see a stall.
      await new Promise((r) => setTimeout(r, 300))
      expect(admission.busy()).toBe(false)
      const stallEnd = Date.now() + 1_000
      while (Date.now() < stallEnd); // a stalled event loop, as under a storm of handshakes
      // The sampler reads the window that held the stall on its next tick.
      await until(() => admission.busy(), 5_000)
      expect(admission.busy()).toBe(true)
      await until(() => !admission.busy(), 5_000)
      expect(admission.busy()).toBe(false)
    } finally {
      admission.close()
    }
  })
})
