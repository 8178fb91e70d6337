import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startDeviceHost, type DeviceHost } from '../../electron/device-host/server'
import { TerminalConfig } from '../../electron/services/config'
import { createKioskServices, type KioskServices } from '../../electron/services/kiosk-services'
import { silentLogger } from '../../node-common/logger'
import { blankKioskRenderer } from './support/kiosk-page'

const rendererDir = blankKioskRenderer('dh-renderer-')

let host: DeviceHost
let services: KioskServices

beforeAll(async () => {
  services = createKioskServices({
    config: TerminalConfig.parse({ hallName: '石桥村便民服务站' }),
    version: '1.2.3',
    log: silentLogger(),
  })
  host = await startDeviceHost({
    services,
    rendererDir,
    serverUrl: 'http://127.0.0.1:8443',
    log: silentLogger(),
  })
})
afterAll(async () => {
  await host.close()
})

function wsUrl(token: string | null): string {
  return `ws://127.0.0.1:${new URL(host.origin).port}/bridge${token === null ? '' : `?token=${encodeURIComponent(token)}`}`
}

/** Resolves with the open socket, or rejects with the HTTP status of the refusal. */
function connect(token: string | null, origin: string | null = host.origin): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl(token), origin ? { origin } : {})
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused ${res.statusCode}`)))
    ws.once('error', reject)
  })
}

function nextFrame(ws: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))))
}

describe('device host WebSocket', () => {
  it('rejects a WebSocket from a foreign Origin even with the right token', async () => {
    await expect(connect(host.token, 'https://evil.example')).rejects.toThrow('refused 403')
  })

  it('rejects a WebSocket without an Origin', async () => {
    await expect(connect(host.token, null)).rejects.toThrow('refused 403')
  })

  it('rejects a WebSocket without the token', async () => {
    await expect(connect(null)).rejects.toThrow('refused 403')
  })

  it('rejects a WebSocket with a wrong token', async () => {
    await expect(connect('x'.repeat(host.token.length))).rejects.toThrow('refused 403')
  })

  it('answers a request from its own page', async () => {
    const ws = await connect(host.token)
    ws.send(JSON.stringify({ type: 'request', id: 7, channel: 'app:info' }))
    expect(await nextFrame(ws)).toMatchObject({
      type: 'response',
      id: 7,
      ok: true,
      value: { hallName: '石桥村便民服务站', version: '1.2.3' },
    })
    ws.close()
  })

  it('answers malformed frames and bad input with typed errors and keeps serving', async () => {
    const ws = await connect(host.token)
    ws.send('not json')
    expect(await nextFrame(ws)).toMatchObject({ type: 'error', error: { code: 'INVALID_INPUT' } })
    ws.send(
      JSON.stringify({ type: 'request', id: 1, channel: 'session:reset', input: { reason: 42 } }),
    )
    expect(await nextFrame(ws)).toMatchObject({
      type: 'response',
      id: 1,
      ok: false,
      error: { code: 'INVALID_INPUT' },
    })
    ws.send(JSON.stringify({ type: 'request', id: 2, channel: 'fs:read', input: '/etc/passwd' }))
    expect(await nextFrame(ws)).toMatchObject({
      type: 'response',
      id: 2,
      ok: false,
      error: { code: 'UNKNOWN_CHANNEL' },
    })
    ws.send(
      JSON.stringify({
        type: 'request',
        id: 3,
        channel: 'session:reset',
        input: { reason: 'idle' },
      }),
    )
    expect(await nextFrame(ws)).toMatchObject({
      type: 'response',
      id: 3,
      ok: true,
      value: { wiped: true },
    })
    ws.close()
  })

  it('pushes main-process events to connected pages', async () => {
    const ws = await connect(host.token)
    const frame = nextFrame(ws)
    services.reportDeviceHealth([
      {
        role: 'receipt-printer',
        state: 'warning',
        detail: 'paper-near-end',
        source: 'sim:printer',
        since: new Date().toISOString(),
      },
    ])
    expect(await frame).toMatchObject({
      type: 'event',
      channel: 'devices:health-changed',
      payload: [{ role: 'receipt-printer', detail: 'paper-near-end' }],
    })
    ws.close()
  })
})

describe('device host HTTP', () => {
  it('serves kiosk.html with the per-start token and a strict CSP', async () => {
    const res = await fetch(host.url)
    expect(res.status).toBe(200)
    expect(await res.text()).toContain(`<meta name="kiosk-bridge-token" content="${host.token}">`)
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("frame-ancestors 'none'")
  })

  it('refuses requests that name another host (DNS rebinding)', async () => {
    const { request } = await import('node:http')
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(host.url, { headers: { host: 'evil.example' } }, (res) =>
        resolve(res.statusCode ?? 0),
      )
      req.on('error', reject)
      req.end()
    })
    expect(status).toBe(421)
  })

  it('each start has a different token', async () => {
    const other = await startDeviceHost({
      services,
      rendererDir,
      serverUrl: 'http://127.0.0.1:8443',
      log: silentLogger(),
    })
    expect(other.token).not.toBe(host.token)
    expect(other.token.length).toBeGreaterThanOrEqual(40)
    await other.close()
  })
})
