// Each staff role lands in a console it can use, against the real centre (signaling server with
// the applications API and a catalog that differs from the compiled-in sample): the clerk sees
// the centre's category names, the supervisor watches the queues live, the admin makes an
// enrolment code the centre then accepts and manages staff accounts, the technician makes
// enrolment codes only, and a refused action is told in words.
import { expect, test, type Page } from '@playwright/test'
import Database from 'libsql'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { io, type Socket } from 'socket.io-client'
import { sampleCatalog } from '../../common/catalog/sample'
import type { Catalog } from '../../common/catalog/schema'
import { TERMINAL_NAMESPACE } from '../../common/signaling'
import { createApplication, type Application } from '../../signaling-server/src/app'
import {
  openApplicationsService,
  type ApplicationsService,
} from '../../signaling-server/src/applications'
import { createEnrolCode, createUser, redeemEnrolCode } from '../../signaling-server/src/auth'
import { openSqliteRecordsStore } from '../../signaling-server/src/applications/sqlite-store'
import { openSqliteStore } from '../../signaling-server/src/store/sqlite'
import type { Store } from '../../signaling-server/src/store/types'
import { rendererDir, screenshot } from './fixtures'

// The centre's own names, which the sample catalog does not have.
const CENTRE_SOCIAL = '社保业务（县中心目录）'
const CENTRE_FAMILY = '生育与家庭（县中心目录）'
const centreCatalog: Catalog = {
  ...sampleCatalog,
  version: 'centre-e2e-1',
  categories: sampleCatalog.categories.map((c) =>
    c.id === 'social-security'
      ? { ...c, name: { 'zh-CN': CENTRE_SOCIAL, en: 'Social insurance (county)' } }
      : c.id === 'family'
        ? { ...c, name: { 'zh-CN': CENTRE_FAMILY, en: 'Family (county)' } }
        : c,
  ),
}

const staff = {
  clerk: { username: 'e2e-clerk', password: 'e2e-clerk-pw-1', displayName: '王芳' },
  supervisor: { username: 'e2e-sup', password: 'e2e-sup-pw-1', displayName: '赵敏' },
  admin: { username: 'e2e-admin', password: 'e2e-admin-pw-1', displayName: '孙立' },
  technician: { username: 'e2e-tech', password: 'e2e-tech-pw-1', displayName: '周强' },
}

let app: Application
let store: Store
let service: ApplicationsService
let dbPath: string
let url: string
let terminal: { terminalId: string; credential: string }
let kiosk: Socket | null = null
let waitingCallId = ''

test.beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'staff-e2e-'))
  dbPath = join(dir, 'server.db')
  store = openSqliteStore(dbPath)
  const log = pino({ level: process.env.TEST_LOG ?? 'silent' })
  const listening = { url: '' }
  service = openApplicationsService({
    records: openSqliteRecordsStore(join(dir, 'applications.db')),
    dataKey: Buffer.alloc(32, 7),
    store,
    log,
    catalog: centreCatalog,
    progressBaseUrl: 'http://127.0.0.1/api/v1/progress',
  })
  app = createApplication({ log, version: 'e2e', rendererDir, store, applications: service })
  listening.url = (await app.listen(0)).url
  url = listening.url
  const now = Date.now()
  await createUser(
    store,
    { ...staff.clerk, role: 'clerk', categories: ['social-security', 'family'] },
    now,
  )
  await createUser(store, { ...staff.supervisor, role: 'supervisor', categories: [] }, now)
  await createUser(store, { ...staff.admin, role: 'admin', categories: [] }, now)
  await createUser(store, { ...staff.technician, role: 'technician', categories: [] }, now)
  const { code } = await createEnrolCode(store, '石桥村便民服务站', 3600_000, now)
  const t = await redeemEnrolCode(store, code, '石桥村一号机', now)
  if (!t) throw new Error('enrolment failed')
  terminal = t
  await residentWaits('social-security')
})

test.afterAll(async () => {
  kiosk?.disconnect()
  await app.close()
  await store.close()
  await service.close()
})

/** A resident waits for video help in a category, from the enrolled terminal. */
async function residentWaits(category: string): Promise<void> {
  kiosk = io(url + TERMINAL_NAMESPACE, {
    // The handshake is strict: exactly the terminal's id and credential.
    auth: { kind: 'terminal', terminalId: terminal.terminalId, credential: terminal.credential },
    transports: ['websocket'],
    forceNew: true,
  })
  await new Promise<void>((resolve, reject) => {
    kiosk!.once('connect', () => resolve()).once('connect_error', reject)
  })
  const ack = (await kiosk.timeout(5_000).emitWithAck('queue:join', {
    category,
    item: { id: 'pension-enrol', title: '城乡居民养老保险参保登记' },
    step: { id: 'form', label: '填写表格' },
    residentName: '张*丰',
  })) as { ok: boolean; data: { call: { callId: string } } }
  expect(ack.ok).toBe(true)
  waitingCallId = ack.data.call.callId
}

async function logIn(page: Page, who: { username: string; password: string }): Promise<void> {
  await page.goto(`${url}/clerk.html`)
  await page.getByLabel('用户名').fill(who.username)
  await page.getByLabel('密码').fill(who.password)
  await page.getByRole('button', { name: '登录' }).click()
}

/** No raw code of the centre's on screen. */
async function expectNoRawCode(page: Page, code: string): Promise<void> {
  expect(await page.locator('body').innerText()).not.toContain(code)
}

test('the clerk console names categories as the centre does, not as the sample', async ({
  page,
}) => {
  await logIn(page, staff.clerk)
  await expect(page.getByTestId('presence')).toBeVisible()
  await expect(page.getByTestId('queue-row').first().locator('td').first()).toHaveText(
    CENTRE_SOCIAL,
  )
  // The video queue names no category as the sample does (the case inbox below lists items,
  // whose own names, such as 社会保障卡申领, may contain those words).
  expect(await page.getByTestId('queue').innerText()).not.toContain('社会保障')
  await expect(page.getByTestId('console-role')).toHaveText('坐席')
  await screenshot(page, 'staff-clerk-console')
})

test('a supervisor lands in the queue view and watches it change live', async ({ browser }) => {
  const page = await browser.newPage()
  await logIn(page, staff.supervisor)
  await expect(page.getByTestId('console-role')).toHaveText('值班主管')
  // No clerk's controls: a supervisor does not take calls.
  await expect(page.getByTestId('presence')).toHaveCount(0)
  const social = page.locator('[data-testid="overview-row"][data-category="social-security"]')
  await expect(social.locator('td').first()).toHaveText(CENTRE_SOCIAL)
  await expect(social.getByTestId('waiting')).toHaveText('1')
  await expect(
    page.locator('[data-testid="overview-row"][data-category="family"] td').first(),
  ).toHaveText(CENTRE_FAMILY)
  // A clerk of the category comes online: the supervisor's view follows without a reload.
  const clerk = await browser.newPage()
  await logIn(clerk, staff.clerk)
  await expect(clerk.getByTestId('presence')).toBeVisible()
  await expect(social.getByTestId('clerks-online')).toHaveText('1')
  await screenshot(page, 'staff-supervisor-console')
  // The resident gives up waiting: the count goes back to 0.
  await kiosk!.timeout(5_000).emitWithAck('queue:cancel', { callId: waitingCallId })
  await expect(social.getByTestId('waiting')).toHaveText('0')
  await clerk.close()
  await page.close()
})

test('an admin adds a clerk who logs in with the password shown once, then disables the account', async ({
  browser,
}) => {
  const admin = await browser.newPage()
  await logIn(admin, staff.admin)
  const list = admin.getByTestId('staff-list')
  await expect(list.getByTestId(`staff-${staff.clerk.username}`)).toContainText(CENTRE_SOCIAL)
  await admin.getByLabel('用户名').fill('lixiaohong')
  await admin.getByLabel('姓名').fill('李晓红')
  await admin.getByRole('checkbox', { name: CENTRE_FAMILY }).check()
  await admin.getByRole('button', { name: '新增账号' }).click()
  const shown = admin.getByTestId('staff-password')
  await expect(shown).toContainText('lixiaohong 的密码如下')
  const password = (await shown.locator('.enrol-code').innerText()).trim()
  await expect(list.getByTestId('staff-lixiaohong')).toContainText(CENTRE_FAMILY)
  await screenshot(admin, 'staff-admin-accounts')
  await admin.getByRole('button', { name: '我已记下' }).click()
  await expect(shown).toHaveCount(0)
  await expectNoRawCode(admin, password)

  // The new clerk's first login works, into the clerk console.
  const clerk = await browser.newPage()
  await logIn(clerk, { username: 'lixiaohong', password })
  await expect(clerk.getByTestId('presence')).toBeVisible()

  // Disabled: the open console is sent back to the login, which now says why in words.
  await list.getByTestId('staff-lixiaohong').getByRole('button', { name: '停用' }).click()
  await expect(list.getByTestId('staff-lixiaohong')).toContainText('已停用')
  await expect(clerk.getByLabel('密码')).toBeVisible({ timeout: 20_000 })
  await logIn(clerk, { username: 'lixiaohong', password })
  await expect(clerk.getByText('这个账号已被停用，请联系系统管理员')).toBeVisible()
  await screenshot(clerk, 'staff-login-disabled')
  await clerk.close()
  await admin.close()
})

test('an admin makes an enrolment code that the centre then accepts', async ({ page }) => {
  await logIn(page, staff.admin)
  await expect(page.getByTestId('console-role')).toHaveText('系统管理员')
  await page.getByLabel('服务站名称').fill('石桥村便民服务站')
  await page.getByLabel(/有效期/).fill('24')
  await page.getByRole('button', { name: '生成登记码' }).click()
  const code = (await page.getByTestId('enrol-code').first().innerText()).trim()
  expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/)
  await screenshot(page, 'staff-admin-console')
  const enrol = await fetch(`${url}/api/terminals/enrol`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, terminalName: '石桥村二号机' }),
  })
  expect(enrol.status).toBe(201)
  expect(await enrol.json()).toMatchObject({ hall: '石桥村便民服务站' })

  // The account is made a supervisor meanwhile (by another administrator, in the database):
  // the centre refuses the next code, and the console says so in words.
  const db = new Database(dbPath)
  db.prepare(`UPDATE users SET role = 'supervisor' WHERE username = ?`).run(staff.admin.username)
  db.close()
  await page.getByRole('button', { name: '生成登记码' }).click()
  await expect(page.getByTestId('console-error')).toHaveText(
    '您的账号没有这项操作的权限。如需办理，请联系系统管理员。',
  )
  await expectNoRawCode(page, 'forbidden')
  await screenshot(page, 'staff-admin-forbidden')
})

test('a technician makes enrolment codes and revokes a terminal, which is cut off at once; nothing of calls, cases or staff', async ({
  page,
}) => {
  // A second terminal, online, for the technician to revoke.
  const { code: made } = await createEnrolCode(store, '东山村便民服务站', 3600_000, Date.now())
  const spare = await redeemEnrolCode(store, made, '东山村一号机', Date.now())
  if (!spare) throw new Error('enrolment failed')
  const spareSocket = io(url + TERMINAL_NAMESPACE, {
    auth: { kind: 'terminal', terminalId: spare.terminalId, credential: spare.credential },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  })
  await new Promise<void>((resolve, reject) => {
    spareSocket.once('connect', () => resolve()).once('connect_error', reject)
  })
  const dropped = new Promise<string>((resolve) => spareSocket.once('disconnect', resolve))

  await logIn(page, staff.technician)
  await expect(page.getByTestId('console-role')).toHaveText('运维技术员')
  await expect(page.getByRole('heading', { name: '终端登记码' })).toBeVisible()
  await expect(page.getByRole('heading', { name: '工作人员账号' })).toHaveCount(0)
  await expect(page.getByText(CENTRE_SOCIAL)).toHaveCount(0)
  await page.getByLabel('服务站名称').fill('石桥村便民服务站')
  await page.getByRole('button', { name: '生成登记码' }).click()
  await expect(page.getByTestId('enrol-code')).toHaveText(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/)

  const row = page.getByTestId('terminal-东山村一号机')
  await expect(row.getByTestId('terminal-status')).toHaveText('在线')
  await expect(page.getByTestId('terminal-石桥村一号机').getByTestId('terminal-status')).toHaveText(
    '在线',
  )
  await screenshot(page, 'staff-technician-console')
  await row.getByRole('button', { name: '停用终端' }).click()
  await expect(row.getByText('停用“东山村一号机”后，它会立即断开')).toBeVisible()
  await screenshot(page, 'staff-technician-revoke-confirm')
  await row.getByRole('button', { name: '确定停用' }).click()
  await expect(row.getByTestId('terminal-status')).toHaveText(/^已停用（/)
  expect(await dropped).toBe('io server disconnect')
  spareSocket.close()
  await expect(page.getByTestId('terminal-石桥村一号机').getByTestId('terminal-status')).toHaveText(
    '在线',
  )
})
