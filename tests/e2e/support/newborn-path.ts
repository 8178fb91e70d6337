// The first steps of 新生儿出生“一件事” by touch, shared by the text-entry e2e spec and the
// text-entry benchmark: home → 生育登记 → the bundle's guide → card → phone → the newborn's page.
// Plain Playwright locators, no `expect`, so it also runs outside the test runner.
import type { Page } from '@playwright/test'
import type { Touch } from '../../support/touch'
import type { DeviceHostProcess } from './device-host-process'
import { resident } from './kiosk-path'

export async function toNewbornPage(page: Page, touch: Touch, host: DeviceHostProcess) {
  const tapButton = (name: string | RegExp) => touch.tap(page.getByRole('button', { name }))
  await page.getByRole('heading', { name: '您好！请选择要办理的事项' }).waitFor()
  await touch.tap(page.getByTestId('category-family'))
  await tapButton(/新生儿出生“一件事”/)
  await page.getByRole('heading', { name: /新生儿出生“一件事”/ }).waitFor()
  await tapButton('开始办理')
  await page.getByRole('heading', { name: '请把身份证放在读卡区' }).waitFor()
  await host.control('/card', resident)
  await page.getByRole('heading', { name: /第 1 步/ }).waitFor()
  for (const d of '13800138000')
    await touch.tap(page.locator('.keypad').getByRole('button', { name: d, exact: true }))
  await tapButton('下一步')
  await page.getByRole('heading', { name: /第 2 步/ }).waitFor()
}
