import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pino from 'pino'
import { createApplication, type Application } from '../../signaling-server/src/app'
import { openSqliteStore } from '../../signaling-server/src/store/sqlite'

const rendererDir = mkdtempSync(join(tmpdir(), 'srv-renderer-'))
writeFileSync(join(rendererDir, 'clerk.html'), '<!doctype html><title>clerk</title>')
writeFileSync(join(rendererDir, 'kiosk.html'), '<!doctype html><title>kiosk</title>')

let app: Application
let url: string
beforeAll(async () => {
  app = createApplication({ log: pino({ level: 'silent' }), version: '9.9.9', rendererDir })
  url = (await app.listen(0)).url
})
afterAll(() => app.close())

describe('signaling server HTTP', () => {
  it('answers the health check', async () => {
    const res = await fetch(`${url}/health`)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      ok: true,
      version: '9.9.9',
      dependencies: { store: { ok: true } },
    })
  })

  it('says 503 when its store no longer answers, so a load balancer takes the node out', async () => {
    const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'srv-health-')), 'server.db'))
    const broken = createApplication({
      log: pino({ level: 'silent' }),
      version: '9.9.9',
      rendererDir,
      store,
    })
    const at = (await broken.listen(0)).url
    try {
      expect((await fetch(`${at}/health`)).status).toBe(200)
      await store.close()
      const res = await fetch(`${at}/health`)
      expect(res.status).toBe(503)
      expect(await res.json()).toMatchObject({ ok: false, dependencies: { store: { ok: false } } })
    } finally {
      await broken.close()
    }
  })

  it('serves the clerk console as a web page, with a CSP', async () => {
    const res = await fetch(`${url}/`, { redirect: 'follow' })
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('<title>clerk</title>')
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
  })

  it('does not serve the kiosk page to the public', async () => {
    expect((await fetch(`${url}/kiosk.html`)).status).toBe(404)
  })
})
