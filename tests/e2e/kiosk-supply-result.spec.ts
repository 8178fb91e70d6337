import { checkResultPayload, ResultKeyList } from '../../common/results/verify'
import { payloadOf } from '../../common/results/payload'
import { screenshot } from './fixtures'
import { expect, kioskTest, type Kiosk, type ParsedReceipt } from './support/kiosk-fixture'
import { resident } from './support/kiosk-path'
import { caseCard, findCase, submitAllowance, supplyMaterial, toProgress } from './support/progress'
import { screenFaults } from './support/screen-checks'

// 补交 and 打印结果 at the kiosk in 大字 (docs/kiosk.md, docs/back-office.md): a clerk sends a 补正
// notice for the 居民户口簿 through the case API; the resident taps the card on 查询办理进度,
// sees 现在补交, photographs both pages and sends them (they reach the centre through the
// outbox); after an approval through the API, 打印结果 prints the notice with a QR code whose
// payload verifies against the centre's key list, and the case shows 已出件. The same path in
// normal text, from the kiosk's submission through the clerk console to the verify page, is
// back-office-flow.spec.ts.

const test = kioskTest()
/** A 高龄津贴申领 of the resident, submitted as the outbox submits, with a 补正 for the 户口簿. */
async function caseWithSupplementNotice(kiosk: Kiosk): Promise<string> {
  const { centre } = kiosk
  const caseNumber = await submitAllowance(kiosk)
  expect((await centre.caseApi(`/${caseNumber}/claim`)).status).toBe(200)
  const due = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10)
  const asked = await centre.caseApi(`/${caseNumber}/actions/request-supplement`, {
    reason: { codes: ['material-unclear'] },
    materials: [{ materialId: 'hukou-book', dueDate: due }],
  })
  expect(asked.status, JSON.stringify(asked.body)).toBe(200)
  return caseNumber
}

test('补交 then 打印结果 at the kiosk in 大字', async ({ page, kiosk }) => {
  const { centre, host } = kiosk
  const faults: string[] = []
  const shot = async (name: string) => {
    await screenshot(page, `${name}-large`)
    faults.push(...(await screenFaults(page, `${name}-large`)))
  }
  const caseNumber = await caseWithSupplementNotice(kiosk)
  await toProgress(page, host, true)
  await findCase(page, caseNumber)
  const c = caseCard(page, caseNumber)
  await expect(c).toContainText('待补交材料')
  await expect(c).toContainText('需要补交材料')
  await expect(c).toContainText('补交材料期间不计时')
  await shot('progress-supply')
  await supplyMaterial(page, caseNumber, '居民户口簿', 2, (screen) => shot(`supply-${screen}`))
  // Through the outbox to the centre: both pages, once.
  await expect.poll(async () => (await centre.suppliedPages(caseNumber)).length).toBe(2)

  // The clerk takes it from here (back in 待受理) and approves.
  for (const [action, body] of [
    ['accept', {}],
    ['supply', { materialId: 'bank-card' }],
    ['start-review', {}],
    ['approve', {}],
  ] as const) {
    const r = await centre.caseApi(`/${caseNumber}/actions/${action}`, body)
    expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(200)
  }

  await page.getByRole('button', { name: '返回办理进度' }).click()
  await expect(page.getByRole('heading', { name: /您有 \d+ 件办件/ })).toBeVisible()
  await findCase(page, caseNumber)
  await expect(c).toContainText('已批准')
  await expect(c.getByRole('button', { name: '打印结果' })).toBeVisible()
  await shot('progress-result')
  const before = (await host.control<ParsedReceipt[]>('/receipts')).length
  await c.getByRole('button', { name: '打印结果' }).click()
  await expect(page.getByText('结果通知书已打印')).toBeVisible({ timeout: 20_000 })
  await shot('print-result')

  const receipts = await host.control<ParsedReceipt[]>('/receipts')
  expect(receipts).toHaveLength(before + 1)
  const printed = receipts.at(-1)!
  expect(printed.text).toContain('结果通知书')
  expect(printed.text).toContain(caseNumber)
  expect(printed.text).toContain('准予')
  expect(printed.text).toContain('王*英')
  expect(printed.text).not.toContain(resident.name)
  expect(printed.qrCodes).toHaveLength(1)
  const payload = payloadOf(printed.qrCodes[0]!)
  expect(payload).not.toBeNull()
  const keys = ResultKeyList.parse(await (await fetch(`${centre.url}/api/v1/result-keys`)).json())
  expect(await checkResultPayload(payload!, keys)).toMatchObject({
    outcome: 'valid',
    fields: { caseNumber, decision: 'approved', maskedName: '王*英' },
  })
  // 已出件, on the card once the list is read again.
  await findCase(page, caseNumber)
  await expect(c.locator('.status')).toHaveText('已出件')
  // Another copy stays possible, and says so.
  await expect(c.getByRole('button', { name: '再打一份结果' })).toBeVisible()
  await expect(c.getByRole('button', { name: '打印结果', exact: true })).toHaveCount(0)
  expect(faults).toEqual([])
  await kiosk.host.control('/card/remove')
})
