// The centre's public result-verification endpoints over HTTP: no login, bounded, never a 500.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ResultKeyList, ResultStatus } from '../../common/results/verify'
import { createApplication, type Application } from '../../signaling-server/src/app'
import { openResults, resultSealKey } from '../../signaling-server/src/results'

const rendererDir = mkdtempSync(join(tmpdir(), 'results-http-'))
writeFileSync(join(rendererDir, 'clerk.html'), '<!doctype html><title>clerk</title>')
writeFileSync(
  join(rendererDir, 'verify.html'),
  '<!doctype html><title>verify</title><script type="module" src="./assets/verify-x.js"></script>',
)

let app: Application
let results: ReturnType<typeof openResults>
let base = ''

beforeAll(async () => {
  results = openResults({
    path: ':memory:',
    sealKey: resultSealKey(randomBytes(32)),
    publicUrl: 'http://127.0.0.1',
    rendererDir,
  })
  app = createApplication({ log: pino({ level: 'silent' }), version: 't', rendererDir, results })
  base = (await app.listen(0)).url
})
afterAll(async () => {
  await app.close()
  await results.close()
})

const notice = {
  caseNumber: '20261201-000042',
  itemCode: 'CA-ELDERLY-ALLOWANCE',
  decision: 'approved' as const,
  decidedAt: Date.parse('2026-12-01T02:00:00Z'),
  applicantName: '张小三',
  noticeText: '准予。',
}

describe('result verification over HTTP', () => {
  it('publishes the key list to anyone, with CORS', async () => {
    const res = await fetch(`${base}/api/v1/result-keys`, {
      headers: { origin: 'https://x.example' },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    const list = ResultKeyList.parse(await res.json())
    expect(list.keys).toHaveLength(1)
    expect(JSON.stringify(list)).not.toMatch(/private/i)
  })

  it('answers the status of a payload: valid, revoked, and garbage as malformed', async () => {
    const signed = await results.sign(notice)
    const status = async (p: string) => {
      const res = await fetch(`${base}/api/v1/result-status/${p}`)
      expect(res.status).toBe(200)
      return ResultStatus.parse(await res.json())
    }
    expect(await status(signed.payload)).toEqual({ outcome: 'valid' })
    expect(await status(encodeURIComponent(signed.url))).toEqual({ outcome: 'valid' })
    expect(await status('GARBAGE%25%20')).toEqual({ outcome: 'invalid', reason: 'malformed' })
    // A broken escape is refused by the router as an unknown path, not a crash.
    expect((await fetch(`${base}/api/v1/result-status/%E0%A4%A`)).status).toBe(404)
    expect(await status('x'.repeat(3000))).toEqual({ outcome: 'invalid', reason: 'malformed' })
    await results.revoke(notice.caseNumber, 'corrected')
    expect(await status(signed.payload)).toMatchObject({
      outcome: 'revoked',
      reason: 'notice_revoked',
    })
  })

  it('serves the same page shell under /v/ and /V/, with absolute asset links and a strict CSP', async () => {
    for (const path of ['/v/ANYTHING', '/V/ANYTHING', '/v/']) {
      const res = await fetch(`${base}${path}`)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'")
      const html = await res.text()
      expect(html).toContain('src="/assets/verify-x.js"')
      expect(html).not.toContain('ANYTHING')
    }
    const sw = await fetch(`${base}/v/sw.js`)
    expect(sw.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(await sw.text()).toContain('"/assets/verify-x.js"')
  })

  it('throttles the status endpoint per address', async () => {
    const codes: number[] = []
    for (let i = 0; i < 60; i++) codes.push((await fetch(`${base}/api/v1/result-status/X`)).status)
    expect(codes).toContain(429)
  })
})
