import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { registerAppProtocol, resolveAppFile } from '../../../../electron/main/app-protocol'
import { contentSecurityPolicy, withWebSocketOrigin } from '../../../../electron/services/csp'
import { createFakeElectron } from '../../../support/fake-electron'

const root = mkdtempSync(join(tmpdir(), 'app-proto-'))
const rendererDir = join(root, 'renderer')
mkdirSync(join(rendererDir, 'assets'), { recursive: true })
writeFileSync(join(rendererDir, 'kiosk.html'), '<!doctype html><title>k</title>')
writeFileSync(join(rendererDir, 'assets', 'a.js'), 'console.log(1)')
writeFileSync(join(root, 'secret.txt'), 'top secret')

describe('app:// protocol (checklist 18)', () => {
  const csp = contentSecurityPolicy({ connect: withWebSocketOrigin('https://centre.example:8443') })
  const { protocol, fake } = createFakeElectron()
  registerAppProtocol(fake.protocol as never, rendererDir, csp)
  const handler = protocol.handlers.get('app')!

  it('serves the renderer with the CSP as a header', async () => {
    const res = await handler(new Request('app://kiosk/kiosk.html'))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/html')
    expect(res.headers.get('content-security-policy')).toBe(csp)
    expect(await res.text()).toContain('<title>k</title>')
  })

  it('serves kiosk.html for the bare origin', () => {
    expect(resolveAppFile(rendererDir, 'app://kiosk/')).toBe(join(rendererDir, 'kiosk.html'))
  })

  it('refuses paths that escape the renderer folder', async () => {
    expect(resolveAppFile(rendererDir, 'app://kiosk/..%2f..%2fsecret.txt')).toBeNull()
    const res = await handler(new Request('app://kiosk/..%2f..%2fsecret.txt'))
    expect(res.status).toBe(403)
    expect(await res.text()).not.toContain('top secret')
  })

  it('refuses other hosts on the scheme', async () => {
    expect((await handler(new Request('app://other/kiosk.html'))).status).toBe(403)
  })

  it('answers 404 for a missing file', async () => {
    expect((await handler(new Request('app://kiosk/nope.js'))).status).toBe(404)
  })
})

describe('Content-Security-Policy (checklist 7)', () => {
  const csp = contentSecurityPolicy({ connect: withWebSocketOrigin('https://centre.example:8443') })
  const directive = (name: string) => csp.split('; ').find((d) => d.startsWith(`${name} `))

  it('allows scripts only from the app, never inline or eval', () => {
    expect(directive('script-src')).toBe("script-src 'self'")
    expect(csp).not.toContain('unsafe-inline')
    expect(csp).not.toContain('unsafe-eval')
  })

  it('forbids plugins, framing, base-uri changes and form posts', () => {
    expect(directive('object-src')).toBe("object-src 'none'")
    expect(directive('frame-ancestors')).toBe("frame-ancestors 'none'")
    expect(directive('base-uri')).toBe("base-uri 'none'")
    expect(directive('form-action')).toBe("form-action 'none'")
  })

  it('connects only to the app and the centre (https and wss)', () => {
    expect(directive('connect-src')).toBe(
      "connect-src 'self' https://centre.example:8443 wss://centre.example:8443",
    )
  })
})
