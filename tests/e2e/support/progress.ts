// The kiosk's 查询办理进度 as a resident reaches it (card tapped), and a case's card on it,
// shared by the specs that supply materials or print results there.
import { expect, type Locator, type Page } from '@playwright/test'
import { makeApplication } from '../../support/applications'
import type { DeviceHostProcess } from './device-host-process'
import type { Kiosk } from './kiosk-fixture'
import { arrived, buttonReady, onScreen, present, resident } from './kiosk-path'

/** How a spec presses a kiosk button: a mouse click, or a finger (`Touch.tap`). */
export type Press = (target: Locator) => Promise<void>
const click: Press = (target) => target.click()

/** A 高龄津贴申领 of the resident, submitted as the kiosk's outbox submits it (待受理). */
export async function submitAllowance(kiosk: Kiosk): Promise<string> {
  const { centre } = kiosk
  const app = makeApplication({
    terminalId: centre.terminal.terminalId,
    applicant: { name: resident.name, idNumber: resident.idNumber },
  })
  const res = await fetch(`${centre.url}/api/v1/applications`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${centre.terminal.terminalId}:${centre.terminal.credential}`,
      'idempotency-key': app.id,
    },
    body: JSON.stringify({
      ...app,
      formData: {
        ...app.formData,
        applicant: {
          ...(app.formData.applicant as object),
          name: resident.name,
          idNumber: resident.idNumber,
        },
      },
    }),
  })
  expect(res.status).toBe(201)
  return ((await res.json()) as { caseNumber: string }).caseNumber
}

/** A case's card on the progress screen. */
export const caseCard = (page: Page, caseNumber: string) =>
  page.locator('section.case').filter({ hasText: caseNumber })

/** From a fresh home screen (in 大字 if asked) to the resident's cases, their card tapped. */
export async function toProgress(
  page: Page,
  host: DeviceHostProcess,
  large = false,
  press: Press = click,
): Promise<void> {
  await host.control('/card/remove')
  // The reader polls every 400 ms: a card taken away and put back at once is never seen to leave.
  await expect
    .poll(async () => (await host.control<{ reader: string }>('/session')).reader)
    .toBe('waiting-card')
  await page.goto(host.kioskUrl)
  await page.getByRole('heading', { name: '您好！请选择要办理的事项' }).waitFor()
  if (large) {
    await press(page.getByRole('button', { name: /大字/ }))
    await expect(page.locator('html')).toHaveAttribute('data-text-size', 'large')
  }
  await press(page.getByRole('button', { name: '查询办理进度' }))
  await page.getByRole('heading', { name: '请把身份证放在读卡区' }).waitFor()
  await host.control('/card', resident)
  await expect(page.getByRole('heading', { name: /您有 \d+ 件办件/ })).toBeVisible()
}

/** Turns the progress pages until the case's card is in view. */
export async function findCase(page: Page, caseNumber: string, press = click): Promise<void> {
  for (let i = 0; i < 10; i++) {
    const visible = page.locator('.page-item:not([data-off-page])').filter({ hasText: caseNumber })
    if ((await visible.count()) > 0) return
    await press(page.getByRole('button', { name: '下一页', exact: true }))
  }
  throw new Error(`case ${caseNumber} not on any page`)
}

/**
 * 现在补交 of a material on its case's card: the camera screen, `pages` photographs kept, 现在送交,
 * until the kiosk says it has kept them (the outbox sends them on). `at` is called on the camera,
 * once photographed and once sent, for the spec's screenshots and checks.
 */
export async function supplyMaterial(
  page: Page,
  caseNumber: string,
  materialName: string,
  pages: number,
  at: (screen: 'camera' | 'photographed' | 'sent') => Promise<void> = async () => {},
): Promise<void> {
  await caseCard(page, caseNumber)
    .getByRole('button', { name: `现在补交：${materialName}` })
    .click()
  await arrived(page, onScreen('supply', `补交：${materialName}`))
  await page.getByRole('button', { name: '打开摄像头拍照' }).click()
  await arrived(page, buttonReady('拍照'))
  await at('camera')
  for (let i = 1; i <= pages; i++) {
    await page.getByRole('button', { name: '拍照', exact: true }).click()
    await arrived(page, buttonReady('这张可以'))
    await page.getByRole('button', { name: '这张可以' }).click()
    await arrived(page, i < pages ? buttonReady('拍照') : present(`img[alt="第 ${pages} 页照片"]`))
  }
  await at('photographed')
  await page.getByRole('button', { name: '现在送交' }).click()
  await arrived(page, onScreen('supply-sent'))
  await expect(page.getByRole('status')).toContainText('已经保存在本机')
  await at('sent')
}
