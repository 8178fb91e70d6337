// Kiosks (device-host origin) and the Electron console (app://kiosk) reach the server
// cross-origin: the login preflight of a configured origin and socket.io's long-polling
// fallback must be allowed; any other origin gets no CORS header.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApplication, type Application } from '../../../signaling-server/src/app'

let app: Application
let url: string
beforeAll(async () => {
  app = createApplication({
    log: pino({ level: 'silent' }),
    version: 'test',
    rendererDir: mkdtempSync(join(tmpdir(), 'renderer-')),
    corsOrigins: ['app://kiosk'],
  })
  url = (await app.listen(0)).url
})
afterAll(() => app.close())

describe('cross-origin clients', () => {
  it('answers the login preflight from a configured origin, and only from it', async () => {
    const res = await fetch(`${url}/api/auth/login`, {
      method: 'OPTIONS',
      headers: {
        origin: 'app://kiosk',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe('app://kiosk')
    expect(res.headers.get('access-control-allow-headers')).toContain('content-type')
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { origin: 'app://kiosk', 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'nobody', password: 'x' }),
    })
    expect(login.status).toBe(401)
    expect(login.headers.get('access-control-allow-origin')).toBe('app://kiosk')
    const foreign = await fetch(`${url}/api/auth/login`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    })
    expect(foreign.status).toBe(403)
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull()
  })

  it("allows socket.io's long-polling handshake from the kiosk's origin", async () => {
    const origin = 'http://127.0.0.1:45678'
    const res = await fetch(`${url}/socket.io/?EIO=4&transport=polling`, { headers: { origin } })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe(origin)
    expect(res.headers.get('access-control-allow-credentials')).toBeNull()
  })
})
