// The kiosk's renderer never holds the terminal credential: through the device host's bridge
// (the same dispatcher Electron's IPC uses) no channel answers with it, and what the renderer
// gets for video help is the centre's short-lived token, which the /terminal socket accepts.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { requestChannels } from '../../common/bridge/channels'
import { TERMINAL_NAMESPACE } from '../../common/signaling'
import { startDeviceHost, type DeviceHost } from '../../electron/device-host/server'
import { createSignalingTokenSource, terminalBearer } from '../../electron/services/centre-api'
import { TerminalConfig } from '../../electron/services/config'
import { createKioskServices } from '../../electron/services/kiosk-services'
import { silentLogger } from '../../node-common/logger'
import { enrolTerminal, refusal, startServer, type TestServer } from './signaling-harness'
import { blankKioskRenderer } from './support/kiosk-page'

const rendererDir = blankKioskRenderer('tok-renderer-')

let srv: TestServer
let host: DeviceHost
let terminal: { terminalId: string; credential: string }
let credentialFile: string

beforeAll(async () => {
  srv = await startServer()
  terminal = await enrolTerminal(srv.store, '一号机')
  credentialFile = join(mkdtempSync(join(tmpdir(), 'tok-cred-')), 'terminal.json')
  writeFileSync(credentialFile, JSON.stringify(terminal), { mode: 0o600 })
  const services = createKioskServices({
    config: TerminalConfig.parse({ serverUrl: srv.url, credentialFile }),
    version: '1',
    log: silentLogger(),
  })
  host = await startDeviceHost({ services, rendererDir, serverUrl: srv.url, log: silentLogger() })
})
afterAll(async () => {
  await host.close()
  await srv.close()
})

/** The renderer's side of the device host bridge: every frame it receives is kept. */
async function rendererBridge() {
  const port = new URL(host.origin).port
  const ws = new WebSocket(`ws://127.0.0.1:${port}/bridge?token=${host.token}`, {
    origin: host.origin,
  })
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
  const frames: string[] = []
  const waiting = new Map<number, (f: Record<string, unknown>) => void>()
  ws.on('message', (data) => {
    const text = String(data)
    frames.push(text)
    const f = JSON.parse(text) as Record<string, unknown>
    if (typeof f.id === 'number') waiting.get(f.id)?.(f)
  })
  let id = 0
  return {
    frames,
    request(channel: string, input?: unknown): Promise<Record<string, unknown>> {
      const n = ++id
      return new Promise((resolve) => {
        waiting.set(n, resolve)
        ws.send(JSON.stringify({ type: 'request', id: n, channel, input }))
      })
    },
    close: () => ws.close(),
  }
}

describe('the kiosk bridge and the terminal credential', () => {
  it('answers no channel with the credential, and the page carries none', async () => {
    const b = await rendererBridge()
    // Every channel of the contract, with no input and with an empty object.
    for (const channel of requestChannels) {
      await b.request(channel)
      await b.request(channel, {})
    }
    const token = await b.request('terminal:signaling-token')
    expect(token).toMatchObject({ ok: true })
    b.close()
    expect(b.frames.length).toBeGreaterThanOrEqual(requestChannels.length * 2)
    for (const f of b.frames) expect(f).not.toContain(terminal.credential)
    const page = await (await fetch(host.url)).text()
    expect(page).not.toContain(terminal.credential)
  })

  it('hands the renderer a token of minutes that the /terminal socket accepts', async () => {
    const b = await rendererBridge()
    const answer = (await b.request('terminal:signaling-token')) as {
      ok: boolean
      value: { serverUrl: string; terminalId: string; token: string; expiresAt: number }
    }
    b.close()
    const t = answer.value
    expect(t.serverUrl).toBe(srv.url)
    expect(t.terminalId).toBe(terminal.terminalId)
    expect(t.expiresAt - Date.now()).toBeLessThanOrEqual(10 * 60_000)
    expect(
      await refusal(srv.url, TERMINAL_NAMESPACE, {
        kind: 'terminal-token',
        terminalId: t.terminalId,
        token: t.token,
      }),
    ).toBe('connected')
  })
})

describe('the main process token source', () => {
  it('reuses a token while it is fresh and fetches a new one before it expires', async () => {
    let clock = Date.now()
    let requests = 0
    const source = createSignalingTokenSource({
      serverUrl: srv.url,
      credential: terminalBearer(credentialFile),
      now: () => clock,
      fetch: (input, init) => {
        requests++
        return fetch(input, init)
      },
    })
    const [a, b] = await Promise.all([source.get(), source.get()])
    expect(requests).toBe(1)
    expect(b.token).toBe(a.token)
    clock = a.expiresAt - 2 * 60_000
    expect((await source.get()).token).toBe(a.token)
    expect(requests).toBe(1)
    // Within the last minute: a new token (the centre's clock has moved on too, so it differs).
    clock = a.expiresAt - 30_000
    await new Promise((r) => setTimeout(r, 5))
    const c = await source.get()
    expect(requests).toBe(2)
    expect(c.token).not.toBe(a.token)
  })

  it('says NOT_ENROLLED without a credential file and refuses a wrong credential', async () => {
    const missing = createSignalingTokenSource({
      serverUrl: srv.url,
      credential: terminalBearer(join(tmpdir(), 'no-such-terminal.json')),
    })
    await expect(missing.get()).rejects.toMatchObject({ code: 'NOT_ENROLLED' })
    const wrong = createSignalingTokenSource({
      serverUrl: srv.url,
      credential: async () => `${terminal.terminalId}:${'x'.repeat(43)}`,
    })
    await expect(wrong.get()).rejects.toMatchObject({ code: 'NOT_ENROLLED', status: 401 })
  })
})
