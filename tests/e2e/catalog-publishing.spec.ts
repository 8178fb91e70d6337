// Catalog publishing end to end: an admin refuses to publish an uploaded catalog whose item is
// broken (the console names the item and the field), adds an item in the console's item list,
// sees the difference and publishes; the running kiosk shows the new item on its home screen
// without a reload once it refreshes (through the test control, the entry the remote "refresh
// the catalog now" command uses); restoring the previous version takes the item away again.
import type { Page } from '@playwright/test'
import { sampleCatalogInput } from '../../common/catalog/sample'
import { screenshot } from './fixtures'
import { expect, kioskTest } from './support/kiosk-fixture'

const test = kioskTest()
test.describe.configure({ mode: 'serial' })

const ADMIN = { username: 'e2e-admin', password: 'e2e-admin-password-1', displayName: '赵敏' }
const NEW_ITEM = { code: 'CA-CENTENARIAN-GIFT', name: '百岁老人慰问金申领' }

async function logIn(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/clerk.html`)
  await page.getByLabel('用户名').fill(ADMIN.username)
  await page.getByLabel('密码').fill(ADMIN.password)
  await page.getByRole('button', { name: '登录' }).click()
  await expect(page.getByTestId('console-role')).toHaveText('系统管理员')
}

/** The sample as a JSON file, 高龄津贴申领's third material without its name. */
function brokenCatalogFile() {
  const draft = structuredClone(sampleCatalogInput) as unknown as {
    items: { code: string; materials: Record<string, unknown>[] }[]
  }
  delete draft.items.find((i) => i.code === 'CA-ELDERLY-ALLOWANCE')!.materials[2]!.name
  return {
    name: 'catalog.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(draft, null, 2)),
  }
}

test('a version published in the console reaches the running kiosk; an invalid one is refused naming item and field; the previous one is restored', async ({
  page,
  browser,
  kiosk,
}) => {
  // Three publications, each a check of every form, and two kiosk refreshes on a shared machine.
  test.setTimeout(120_000)
  await kiosk.centre.addStaff({ ...ADMIN, role: 'admin', categories: [] })
  await page.goto(kiosk.host.kioskUrl)
  await page.getByRole('heading', { name: '您好！请选择要办理的事项' }).waitFor()
  const newChip = page.getByRole('button', { name: NEW_ITEM.name })
  await expect(newChip).toHaveCount(0)
  // Set on this page load: still there after the catalog changes, so the page never reloaded.
  await page.evaluate(() => ((window as unknown as { sameLoad: boolean }).sameLoad = true))

  const consoleContext = await browser.newContext({ viewport: { width: 1920, height: 1080 } })
  const admin = await consoleContext.newPage()
  try {
    await logIn(admin, kiosk.centre.url)
    const panel = admin.getByTestId('catalog-panel')
    const sampleRow = panel.getByTestId(`catalog-version-${sampleCatalogInput.version}`)
    await expect(sampleRow.getByTestId('catalog-current')).toHaveText('当前版本')

    // An uploaded catalog with a broken item: the check names it, and publishing stays off.
    await panel.getByTestId('catalog-file').setInputFiles(brokenCatalogFile())
    await panel.getByRole('button', { name: '检查', exact: true }).click()
    const issues = panel.getByTestId('catalog-issues')
    await expect(issues).toContainText(
      '事项 高龄津贴申领 (CA-ELDERLY-ALLOWANCE) · 字段 materials[2].name：必填',
    )
    await expect(panel.getByRole('button', { name: '发布', exact: true })).toBeDisabled()
    await issues.scrollIntoViewIfNeeded()
    await screenshot(admin, 'catalog-invalid')

    // The version in force, loaded to edit; a new popular item copied from 老年人优待证.
    await sampleRow.getByRole('button', { name: '载入编辑' }).click()
    // A fresh draft: the broken one's issues are gone.
    await expect(issues).toHaveCount(0)
    const newItem = panel.getByTestId('catalog-new-item')
    await newItem.getByLabel('以此事项为模板').selectOption('CA-ELDER-CARD')
    await newItem.getByLabel('新事项编码').fill(NEW_ITEM.code)
    await newItem.getByLabel('新事项名称').fill(NEW_ITEM.name)
    await newItem.getByRole('button', { name: '新增事项' }).click()
    await expect(panel.getByTestId(`catalog-item-${NEW_ITEM.code}`)).toBeVisible()
    await panel.getByRole('button', { name: '检查', exact: true }).click()
    const diff = panel.getByTestId('catalog-diff')
    await expect(diff.getByTestId('catalog-added')).toContainText(
      `事项 ${NEW_ITEM.name} (${NEW_ITEM.code})`,
    )
    await expect(diff.getByTestId('catalog-removed')).toHaveCount(0)
    await diff.scrollIntoViewIfNeeded()
    await screenshot(admin, 'catalog-diff')

    const publish = panel.getByRole('button', { name: /^发布为版本 / })
    const version = (await publish.textContent())!.replace('发布为版本 ', '').trim()
    await publish.click()
    await expect(panel.getByTestId('catalog-notice')).toHaveText(
      `已发布版本 ${version}。各终端将在下次更新目录时取用。`,
    )
    const published = panel.getByTestId(`catalog-version-${version}`)
    await expect(published.getByTestId('catalog-current')).toBeVisible()
    await expect(published).toContainText(ADMIN.displayName)
    await panel.getByTestId('catalog-versions').scrollIntoViewIfNeeded()
    await screenshot(admin, 'catalog-versions')

    // The kiosk refreshes now (the remote command's entry): its home screen shows the item.
    await kiosk.host.control('/catalog/refresh')
    await expect(newChip).toBeVisible()
    expect(await page.evaluate(() => (window as unknown as { sameLoad?: boolean }).sameLoad)).toBe(
      true,
    )
    await screenshot(page, 'catalog-kiosk-new-item')

    // Restoring the sample publishes it again under a newer number; the kiosk drops the item.
    await sampleRow.getByRole('button', { name: '恢复此版本' }).click()
    await sampleRow.getByRole('button', { name: '确认恢复' }).click()
    await expect(panel.getByTestId('catalog-notice')).toContainText(
      `已恢复：${sampleCatalogInput.version} 的内容已作为版本`,
    )
    await expect(published.getByTestId('catalog-current')).toHaveCount(0)
    await kiosk.host.control('/catalog/refresh')
    await expect(newChip).toHaveCount(0)
    await expect(page.getByRole('button', { name: '高龄津贴申领' })).toBeVisible()
  } finally {
    await consoleContext.close()
  }
})
