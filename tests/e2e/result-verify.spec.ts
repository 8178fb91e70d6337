// The public verify page a result notice's QR code opens, on a phone, with the centre up and down.
import AxeBuilder from '@axe-core/playwright'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import pino from 'pino'
import { sampleCatalog } from '../../common/catalog/sample'
import { createApplication, type Application } from '../../signaling-server/src/app'
import { openResults, resultSealKey, type SignedResult } from '../../signaling-server/src/results'
import { freePort } from '../support/free-port'
import { expect, rendererDir, screenshot, test } from './fixtures'
import { tampered } from './support/verify-page'

const dir = mkdtempSync(join(tmpdir(), 'result-verify-'))
const sealKey = resultSealKey(randomBytes(32))

/** The centre with result verification mounted, on a fixed port so it can come back. */
async function startCentre(port: number) {
  const publicUrl = `http://127.0.0.1:${port}`
  const results = openResults({
    path: join(dir, 'results.db'),
    sealKey,
    publicUrl,
    rendererDir,
    catalog: sampleCatalog,
  })
  const app: Application = createApplication({
    log: pino({ level: 'silent' }),
    version: 'e2e',
    rendererDir,
    results,
  })
  await app.listen(port)
  return {
    results,
    async stop() {
      app.http.closeAllConnections()
      await app.close()
      await results.close()
    },
  }
}

test.describe('result verify page', () => {
  test('valid online, still valid with the centre stopped, not valid with one character changed', async ({
    browser,
  }) => {
    const port = await freePort()
    let centre = await startCentre(port)
    const signed: SignedResult = await centre.results.sign({
      caseNumber: '20261201-000042',
      itemCode: 'CA-ELDERLY-ALLOWANCE',
      decision: 'approved',
      decidedAt: Date.parse('2026-12-01T02:00:00Z'),
      applicantName: '张小三',
      noticeText: '准予高龄津贴申领。',
    })
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } })
    const phone = await context.newPage()
    const errors: string[] = []
    phone.on('pageerror', (e) => errors.push(e.message))
    const outcome = phone.locator('#outcome')
    try {
      // The QR's own text: upper-case scheme, host and /V/.
      expect(signed.qrText.startsWith(`HTTP://127.0.0.1:${port}/V/`)).toBe(true)
      await phone.goto(signed.qrText)
      await expect(outcome).toHaveAttribute('data-outcome', 'valid')
      await expect(outcome.locator('.status')).toContainText('有效')
      await expect(outcome).toContainText('张*三')
      await expect(outcome).toContainText('20261201-000042')
      await expect(outcome).toContainText('高龄津贴申领')
      await expect(outcome).toContainText('CA-ELDERLY-ALLOWANCE')
      await expect(outcome).toContainText('准予')
      await expect(outcome).toContainText('2026-12-01')
      await expect(phone.locator('.note')).toHaveCount(0)
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        390,
      )
      const axe = await new AxeBuilder({ page: phone }).analyze()
      const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      expect(bad.map((v) => `${v.id} ${v.nodes[0]?.target.join(' ')}`)).toEqual([])
      await screenshot(phone, 'result-verify-valid')
      // Kept for later: the service worker holds the page, the page the key list.
      await expect(phone.locator('body')).toHaveAttribute('data-offline-ready', 'true')

      // One character changed, online: the centre's page says so, with a reason.
      await phone.goto(tampered(signed.url))
      await expect(outcome).toHaveAttribute('data-outcome', 'invalid')
      await expect(outcome.locator('.status')).toContainText('无效')
      await expect(outcome.locator('.reason')).toContainText('签名与内容不符')
      await expect(outcome).not.toContainText('张*三')
      await screenshot(phone, 'result-verify-invalid')

      // The centre stops: the page opens again from what it kept.
      await centre.stop()
      await phone.goto(signed.url)
      await expect(outcome).toHaveAttribute('data-outcome', 'valid')
      await expect(outcome.locator('.status')).toContainText('有效')
      await expect(phone.locator('body')).toHaveAttribute('data-checked', 'offline')
      await expect(phone.locator('.note')).toContainText('是否已被撤销需要联网后才能确认')
      await screenshot(phone, 'result-verify-offline')
      await phone.goto(tampered(signed.url))
      await expect(outcome).toHaveAttribute('data-outcome', 'invalid')
      await phone.goto(`http://127.0.0.1:${port}/v/GARBAGE%%`)
      await expect(outcome).toHaveAttribute('data-outcome', 'invalid')
      await expect(outcome.locator('.reason')).toContainText('二维码内容不完整或已被改动')

      // Back online, the notice revoked by the centre: 已撤销, which only the centre can say.
      centre = await startCentre(port)
      expect(await centre.results.revoke('20261201-000042', 'decision corrected')).toBe(1)
      await phone.goto(signed.url)
      await expect(outcome).toHaveAttribute('data-outcome', 'revoked')
      await expect(outcome.locator('.status')).toContainText('已撤销')
      await expect(outcome.locator('.reason')).toContainText('中心已撤销这份结果')
      await expect(outcome).toContainText('撤销时间')
      await screenshot(phone, 'result-verify-revoked')
      expect(errors).toEqual([])
    } finally {
      await context.close()
      await centre.stop().catch(() => {})
    }
  })

  test('a browser without WebCrypto Ed25519 has the centre check, and says so', async ({
    browser,
  }) => {
    const port = await freePort()
    const centre = await startCentre(port)
    const signed = await centre.results.sign({
      caseNumber: '20261201-000050',
      itemCode: 'CA-ELDERLY-ALLOWANCE',
      decision: 'rejected',
      decidedAt: Date.parse('2026-12-01T02:00:00Z'),
      applicantName: '欧阳娜娜',
      noticeText: '不予许可。',
    })
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } })
    // An older phone browser: WebCrypto without Ed25519.
    await context.addInitScript(() => {
      const original = crypto.subtle.importKey.bind(crypto.subtle)
      crypto.subtle.importKey = ((...args: Parameters<typeof original>) =>
        JSON.stringify(args[2]).includes('Ed25519')
          ? Promise.reject(new DOMException('Ed25519', 'NotSupportedError'))
          : original(...args)) as typeof original
    })
    const phone = await context.newPage()
    const outcome = phone.locator('#outcome')
    try {
      await phone.goto(signed.url)
      await expect(outcome).toHaveAttribute('data-outcome', 'valid')
      await expect(outcome).toContainText('欧**娜')
      await expect(outcome).toContainText('不予')
      await expect(phone.locator('.note')).toContainText('由县政务服务中心联网核对')
      await screenshot(phone, 'result-verify-centre-checked')
      await phone.goto(tampered(signed.url))
      await expect(outcome).toHaveAttribute('data-outcome', 'invalid')
      await expect(outcome.locator('.reason')).toContainText('签名与内容不符')
      // Without the centre there is nothing to check with: "cannot check", not "not valid".
      await expect(phone.locator('body')).toHaveAttribute('data-offline-ready', 'true')
      await centre.stop()
      await phone.goto(signed.url)
      await expect(outcome).toHaveAttribute('data-outcome', 'unchecked')
      await expect(outcome.locator('.status')).toContainText('暂时无法核验')
    } finally {
      await context.close()
      await centre.stop().catch(() => {})
    }
  })
})
