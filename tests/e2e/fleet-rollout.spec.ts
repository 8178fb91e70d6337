// Staged updates in the admin console, against the real centre with an update folder: the admin
// starts a rollout to the pilot hall, the pilot terminals follow the feed (one fails its
// self-test on the new version and is sent back), the panel shows the ring, and the admin halts it.
import { expect, test, type Page } from '@playwright/test'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import pino from 'pino'
import { io, type Socket } from 'socket.io-client'
import { TERMINAL_NAMESPACE } from '../../common/signaling'
import { createApplication, type Application } from '../../signaling-server/src/app'
import { createEnrolCode, createUser, redeemEnrolCode } from '../../signaling-server/src/auth'
import { openSqliteStore } from '../../signaling-server/src/store/sqlite'
import type { Store } from '../../signaling-server/src/store/types'
import { healthReport } from '../support/health'
import { rendererDir, screenshotDir } from './fixtures'

const PILOT = '石桥村便民服务站'
const admin = { username: 'e2e-admin', password: 'e2e-admin-pw-1', displayName: '孙立' }

let app: Application
let store: Store
let url: string
const sockets: Socket[] = []

test.beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rollout-e2e-'))
  const updates = join(dir, 'updates')
  for (const v of ['1.2.0', '1.3.0']) {
    mkdirSync(join(updates, v), { recursive: true })
    writeFileSync(join(updates, v, `VillageKiosk-${v}.AppImage`), `appimage ${v}`)
  }
  store = openSqliteStore(join(dir, 'server.db'))
  const log = pino({ level: process.env.TEST_LOG ?? 'silent' })
  app = createApplication({ log, version: 'e2e', rendererDir, store, updatesDir: updates })
  url = (await app.listen(0)).url
  await createUser(store, { ...admin, role: 'admin', categories: [] }, Date.now())
})

test.afterAll(async () => {
  for (const s of sockets) s.disconnect()
  await app.close()
  await store.close()
})

async function enrol(name: string, hall: string) {
  const { code } = await createEnrolCode(store, hall, 3600_000, Date.now())
  const t = await redeemEnrolCode(store, code, name, Date.now())
  if (!t) throw new Error('enrolment failed')
  return t
}

/** What the kiosk's electron-updater does: read the channel file with the terminal's bearer. */
async function followFeed(t: { terminalId: string; credential: string }): Promise<string> {
  const res = await fetch(`${url}/api/updates/latest-linux.yml`, {
    headers: { authorization: `Bearer ${t.terminalId}:${t.credential}` },
  })
  return ((await res.json()) as { version: string }).version
}

/** The kiosk reports its health from the new version over its socket. */
async function reportFrom(
  t: { terminalId: string; credential: string },
  selfTest: { at: number; passed: boolean },
): Promise<void> {
  const s = io(url + TERMINAL_NAMESPACE, {
    auth: { kind: 'terminal', terminalId: t.terminalId, credential: t.credential },
    transports: ['websocket'],
    forceNew: true,
  })
  sockets.push(s)
  await new Promise<void>((ok, fail) => s.once('connect', () => ok()).once('connect_error', fail))
  const ack = (await s
    .timeout(5_000)
    .emitWithAck(
      'health:report',
      healthReport({ appVersion: '1.3.0', lastSelfTest: selfTest }),
    )) as {
    ok: boolean
  }
  expect(ack.ok).toBe(true)
}

async function logIn(page: Page): Promise<void> {
  await page.goto(`${url}/clerk.html`)
  await page.getByLabel('用户名').fill(admin.username)
  await page.getByLabel('密码').fill(admin.password)
  await page.getByRole('button', { name: '登录' }).click()
}

test('an admin starts a rollout to the pilot hall, watches its ring and halts it', async ({
  page,
}) => {
  const pilots = [
    await enrol('一号机', PILOT),
    await enrol('二号机', PILOT),
    await enrol('三号机', PILOT),
  ]
  const other = await enrol('河口一号机', '河口村便民服务站')
  await logIn(page)
  const panel = page.locator('section[aria-labelledby="rollouts-title"]')
  await expect(panel.getByRole('heading', { name: '分批升级' })).toBeVisible()
  await expect(panel).toContainText('还没有升级记录。')

  // A step list that does not end at 100 is refused in words before anything is sent.
  await panel.getByLabel('新版本').fill('1.3.0')
  await panel.getByLabel('终端现在的版本').fill('1.2.0')
  await panel.getByLabel('试点服务站（用逗号分隔）').fill(PILOT)
  await panel.getByLabel('其余终端分批比例（%）').fill('10, 50')
  await panel.getByRole('button', { name: '开始升级' }).click()
  await expect(panel.getByTestId('rollout-error')).toContainText('最后一批为 100')
  await panel.getByLabel('其余终端分批比例（%）').fill('10, 50, 100')
  await panel.getByLabel('停止比例（%）').fill('50')
  await panel.getByRole('button', { name: '开始升级' }).click()
  const rollout = panel.getByTestId('rollout-1.3.0')
  await expect(rollout.getByTestId('rollout-state')).toHaveText('进行中')
  await expect(rollout.getByTestId('ring-0')).toContainText('试点：石桥村便民服务站')

  // The pilot terminals get the new version, the other hall's terminal the old one.
  expect(await Promise.all(pilots.map(followFeed))).toEqual(['1.3.0', '1.3.0', '1.3.0'])
  expect(await followFeed(other)).toBe('1.2.0')
  await reportFrom(pilots[0]!, { at: Date.now(), passed: true })
  await reportFrom(pilots[1]!, { at: Date.now(), passed: false })
  // Sent back: the feed serves the failed terminal its previous version.
  expect(await followFeed(pilots[1]!)).toBe('1.2.0')

  // The panel reads the rollout again every 10 s.
  const ring0 = panel.getByTestId('ring-0').locator('td')
  // Step, state, terminals, updated, underway, failed.
  await expect(ring0).toHaveText([`试点：${PILOT}`, '进行中', '3', '0', '2', '1'], {
    timeout: 15_000,
  })
  await expect(panel.getByTestId('ring-1').locator('td').nth(1)).toHaveText('等待')
  mkdirSync(screenshotDir, { recursive: true })
  await panel.screenshot({ path: resolve(screenshotDir, 'fleet-rollout-admin.png') })

  await rollout.getByRole('button', { name: '暂停升级' }).click()
  await expect(rollout.getByTestId('rollout-state')).toHaveText('已暂停')
  await expect(rollout).toContainText('已由管理员暂停。')
  await expect(rollout.getByRole('button', { name: '继续升级' })).toBeVisible()
  // Halted: a pilot terminal not yet on its way is offered nothing new.
  expect(await followFeed(await enrol('四号机', PILOT))).toBe('1.2.0')
})
