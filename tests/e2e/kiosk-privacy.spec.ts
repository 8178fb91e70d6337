import type { Page } from '@playwright/test'
import type { IdCard } from '../../common/devices/id-card'
import { screenshot } from './fixtures'
import type { DeviceHostProcess } from './support/device-host-process'
import { expect, kioskTest } from './support/kiosk-fixture'

const resident: IdCard = {
  cardType: 'resident',
  name: '赵桂兰',
  gender: '女',
  genderCode: '2',
  nation: '汉',
  nationCode: '01',
  birthDate: '1938-11-02',
  address: '示例省示例县青山镇石桥村5组3号',
  idNumber: '11010119381102002X',
  idNumberValid: true,
  issuer: '示例县公安局',
  validFrom: '2010-01-01',
  validUntil: '长期',
}

// A short idle check so the test does not wait a minute.
const test = kioskTest({ hostEnv: { KIOSK_IDLE_SECONDS: '3', KIOSK_COUNTDOWN_SECONDS: '3' } })

/** Signs in on the allowance form and leaves some traces in every kind of browser storage. */
async function signIn(page: Page, host: DeviceHostProcess): Promise<void> {
  await page.goto(host.kioskUrl)
  await page.getByRole('button', { name: '高龄津贴申领' }).click()
  await page.getByRole('button', { name: '开始办理' }).click()
  await host.control('/card', resident)
  await expect(page.getByText(resident.name)).toBeVisible()
  await expect(page.getByText(resident.idNumber)).toBeVisible()
  // Stand-ins for anything a component or library might have stored about the resident.
  await page.evaluate(async (r) => {
    localStorage.setItem('draft', r.name)
    sessionStorage.setItem('draft', r.idNumber)
    document.cookie = `who=${encodeURIComponent(r.name)}; path=/`
    await new Promise<void>((resolve) => {
      const req = indexedDB.open('kiosk-draft', 1)
      req.onupgradeneeded = () => req.result.createObjectStore('d')
      req.onsuccess = () => {
        const tx = req.result.transaction('d', 'readwrite')
        tx.objectStore('d').put(r.idNumber, 'id')
        tx.oncomplete = () => {
          req.result.close()
          resolve()
        }
      }
    })
  }, resident)
}

/** Searches every place for the resident's name and ID number. */
async function traces(page: Page, host: DeviceHostProcess): Promise<string[]> {
  const found: string[] = []
  const browser = await page.evaluate(async () => {
    const dbs = await indexedDB.databases()
    return {
      dom: document.documentElement.outerHTML,
      local: JSON.stringify({ ...localStorage }),
      session: JSON.stringify({ ...sessionStorage }),
      cookies: decodeURIComponent(document.cookie),
      indexedDb: JSON.stringify(dbs.map((d) => d.name)),
    }
  })
  const { dump } = await host.control<{ dump: string }>('/session')
  const places: Record<string, string> = { ...browser, mainProcess: dump }
  for (const [where, text] of Object.entries(places)) {
    for (const secret of [resident.name, resident.idNumber, resident.idNumber.slice(0, 14)]) {
      if (text.includes(secret)) found.push(`${where} contains ${secret}`)
    }
  }
  if (browser.indexedDb.includes('kiosk-draft')) found.push('IndexedDB database left')
  return found
}

test.describe.configure({ mode: 'serial' })

test('after the idle check runs out, nothing of the resident is left anywhere', async ({
  page,
  kiosk: { host },
}) => {
  await signIn(page, host)
  expect((await traces(page, host)).length).toBeGreaterThan(0)
  await expect(page.getByRole('alertdialog')).toBeVisible({ timeout: 10_000 })
  await expect(page.getByRole('heading', { name: '还需要更多时间吗？' })).toBeVisible()
  await screenshot(page, 'privacy-idle-question')
  // "需要" keeps the session.
  await page.getByRole('button', { name: '需要，继续办理' }).click()
  await expect(page.getByText(resident.name)).toBeVisible()
  // Then nobody answers: the countdown ends the session.
  await expect(page.getByRole('alertdialog')).toBeVisible({ timeout: 10_000 })
  await expect(page.getByRole('heading', { name: '您好！请选择要办理的事项' })).toBeVisible({
    timeout: 10_000,
  })
  await expect.poll(() => traces(page, host)).toEqual([])
  await host.control('/card/remove')
})

test('taking the card away mid-flow asks, then wipes everything', async ({
  page,
  kiosk: { host },
}) => {
  await signIn(page, host)
  await host.control('/card/remove')
  await expect(page.getByText('您的身份证已经取走。').first()).toBeVisible()
  await expect(page.getByRole('heading', { name: '还需要更多时间吗？' })).toBeVisible()
  await screenshot(page, 'privacy-card-removed')
  await page.getByRole('button', { name: '不用了，结束' }).click()
  await expect(page.getByRole('heading', { name: '您好！请选择要办理的事项' })).toBeVisible()
  await expect.poll(() => traces(page, host)).toEqual([])
  // The next resident starts clean: the form shows their card, not the previous one.
  await page.getByRole('button', { name: '高龄津贴申领' }).click()
  await page.getByRole('button', { name: '开始办理' }).click()
  await expect(page.getByRole('heading', { name: '请把身份证放在读卡区' })).toBeVisible()
  await expect(page.getByText(resident.name)).toHaveCount(0)
})
