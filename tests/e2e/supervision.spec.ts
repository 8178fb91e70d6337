// The supervisor's side of the back office in Chromium against the real centre: residents at
// three halls submit 高龄津贴申领 and rate it, two clerks decide some of the cases over the case
// API, one case has run past its clock; the supervisor sees the bad ratings' follow-ups with
// their 15-working-day clocks, works one 核实 → 整改 → 回访 → 办结 with the outcome, and reads
// the statistics by hall as a chart and a table (screenshots under test-results/screenshots).
import { expect, test, type Page } from '@playwright/test'
import { randomUUID } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { createApplication, type Application } from '../../signaling-server/src/app'
import {
  openApplicationsService,
  type ApplicationsService,
} from '../../signaling-server/src/applications'
import { createEnrolCode, createUser, redeemEnrolCode } from '../../signaling-server/src/auth'
import { openSqliteRecordsStore } from '../../signaling-server/src/applications/sqlite-store'
import { openSqliteStore } from '../../signaling-server/src/store/sqlite'
import type { Store } from '../../signaling-server/src/store/types'
import { makeApplication } from '../support/applications'
import { rendererDir, screenshot } from './fixtures'

const DAY = 86_400_000
const supervisor = { username: 'e2e-sup', password: 'e2e-sup-pw-1', displayName: '赵敏' }
const HALLS = ['石桥村便民服务站', '青山镇便民服务中心', '柳树村便民服务站']

let app: Application
let store: Store
let service: ApplicationsService
let url: string
// The centre's clock; moved back while one case is submitted, so that it is overdue now.
let shift = 0
const terminals: { terminalId: string; bearer: string }[] = []

async function post(
  path: string,
  bearer: string,
  body: unknown,
  extra: Record<string, string> = {},
) {
  const res = await fetch(`${url}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}`, ...extra },
    body: JSON.stringify(body),
  })
  const answer = (await res.json()) as Record<string, unknown>
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(answer)}`)
  return answer
}
async function staffToken(username: string, displayName: string): Promise<string> {
  await createUser(
    store,
    { username, displayName, role: 'clerk', categories: ['elderly-care'], password: 'pw-e2e-123' },
    Date.now(),
  )
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'pw-e2e-123' }),
  })
  return ((await res.json()) as { token: string }).token
}
/** A resident at hall `h` submits and rates; the case is decided by `clerk` unless null. */
async function residentCase(h: number, level: string, clerk: string | null, comment?: string) {
  const t = terminals[h]!
  const a = makeApplication({ terminalId: t.terminalId })
  const { caseNumber } = (await post('/applications', t.bearer, a, {
    'idempotency-key': a.id,
  })) as {
    caseNumber: string
  }
  if (clerk)
    for (const [type, body] of [
      ['accept', {}],
      ['start-review', {}],
      ['supply', { materialId: 'bank-card' }],
      ['approve', {}],
    ] as const)
      await post(`/cases/${caseNumber}/actions/${type}`, clerk, body)
  await post('/ratings', t.bearer, {
    id: randomUUID(),
    terminalId: t.terminalId,
    subject: { kind: 'application', applicationId: a.id },
    level,
    reasons: level.includes('dissatisfied') ? ['too-slow'] : [],
    ...(comment ? { comment } : {}),
    createdAt: new Date().toISOString(),
  })
  return caseNumber
}

test.beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'supervision-e2e-'))
  store = openSqliteStore(join(dir, 'server.db'))
  const log = pino({ level: process.env.TEST_LOG ?? 'silent' })
  const now = () => Date.now() + shift
  service = openApplicationsService({
    records: openSqliteRecordsStore(join(dir, 'applications.db')),
    dataKey: Buffer.alloc(32, 9),
    store,
    log,
    now,
    progressBaseUrl: 'http://127.0.0.1/api/v1/progress',
  })
  app = createApplication({ log, version: 'e2e', rendererDir, store, applications: service })
  url = (await app.listen(0)).url
  await createUser(store, { ...supervisor, role: 'supervisor', categories: [] }, Date.now())
  for (const hall of HALLS) {
    const { code } = await createEnrolCode(store, hall, 3600_000, Date.now())
    const t = (await redeemEnrolCode(store, code, `${hall}一号机`, Date.now()))!
    terminals.push({ terminalId: t.terminalId, bearer: `${t.terminalId}:${t.credential}` })
  }
  const wang = await staffToken('e2e-wang', '王芳')
  const zhang = await staffToken('e2e-zhang', '张伟')
  await residentCase(0, 'very-satisfied', wang)
  await residentCase(0, 'satisfied', zhang)
  await residentCase(1, 'very-dissatisfied', wang, '等了很久没人理，电话13800138000')
  await residentCase(1, 'basically-satisfied', zhang)
  await residentCase(2, 'dissatisfied', null)
  // Submitted 30 days ago and never accepted: its 补正 notice clock ran out long since.
  shift = -30 * DAY
  const t = terminals[2]!
  const old = makeApplication({ terminalId: t.terminalId })
  await post('/applications', t.bearer, old, { 'idempotency-key': old.id })
  shift = 0
})

test.afterAll(async () => {
  await app.close()
  await store.close()
  await service.close()
})

async function logIn(page: Page): Promise<void> {
  await page.goto(`${url}/clerk.html`)
  await page.getByLabel('用户名').fill(supervisor.username)
  await page.getByLabel('密码').fill(supervisor.password)
  await page.getByRole('button', { name: '登录' }).click()
}

test('a supervisor works a bad rating’s follow-up to closed and reads the statistics', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1600, height: 1000 })
  await logIn(page)
  const rows = page.getByTestId('follow-up-row')
  await expect(rows).toHaveCount(2)
  await expect(page.getByText('差评回访（2 件待办）')).toBeVisible()
  await expect(rows.first().getByTestId('follow-up-clock')).toContainText('剩 15 个工作日')

  // The 非常不满意 one, with the resident's own words.
  const bad = rows.filter({ hasText: '非常不满意' })
  await bad.getByRole('button', { name: '办理' }).click()
  const view = page.getByTestId('follow-up-view')
  await expect(view.getByTestId('follow-up-comment')).toHaveText(
    '群众留言：等了很久没人理，电话13800138000',
  )
  // Incomplete: told what is missing, nothing sent.
  await view.getByRole('button', { name: '提交核实结论' }).click()
  await expect(view.getByRole('alert')).toHaveText('请把这一步填写完整：结论和情况说明都要填写。')
  await view.getByLabel('情况属实').check()
  await view.getByLabel('核实情况').fill('调取叫号记录，等候 52 分钟，属实')
  await view.getByRole('button', { name: '提交核实结论' }).click()
  await expect(view.getByText('第二步：整改')).toBeVisible()
  await expect(bad.getByTestId('follow-up-status')).toHaveText('整改中')
  await view.getByLabel('整改措施').fill('高峰时段增开一个窗口')
  await view.getByRole('button', { name: '提交整改情况' }).click()
  await expect(view.getByText('第三步：回访')).toBeVisible()
  // An upheld complaint is put right, not merely explained.
  await expect(view.getByLabel('回访结果').locator('option')).toHaveText([
    '请选择',
    '已整改，群众认可',
    '群众仍不满意',
    '联系不上群众',
  ])
  await view.getByLabel('回访结果').selectOption({ label: '已整改，群众认可' })
  await view.getByLabel('回访情况').fill('电话回访，群众表示满意')
  await screenshot(page, 'supervisor-follow-up')
  await view.getByRole('button', { name: '回访完成，办结' }).click()
  await expect(view.getByTestId('follow-up-outcome')).toHaveText('已办结：已整改，群众认可')
  await expect(view.getByTestId('follow-up-history').locator('li')).toHaveCount(3)
  await expect(rows).toHaveCount(1)
  await page.getByRole('tab', { name: '已办结' }).click()
  await expect(rows).toHaveCount(1)
  await expect(rows.first().getByTestId('follow-up-clock')).toContainText('按期办结')

  // Statistics by hall: a chart and the table with the same figures.
  await page.getByTestId('stats-by').selectOption('hall')
  const table = page.getByTestId('stats-table')
  const hall = (name: string) => table.locator(`[data-testid="stats-row"][data-key="${name}"]`)
  await expect(hall('石桥村便民服务站').getByTestId('stats-satisfaction')).toHaveText('100%')
  await expect(hall('青山镇便民服务中心').getByTestId('stats-satisfaction')).toHaveText('50%')
  await expect(hall('柳树村便民服务站').getByTestId('stats-satisfaction')).toHaveText('0%')
  await expect(hall('柳树村便民服务站').getByTestId('stats-overdue')).toHaveText('1')
  await expect(page.getByTestId('stats-chart-row')).toHaveCount(3)
  await page.getByTestId('stats-chart').scrollIntoViewIfNeeded()
  await screenshot(page, 'supervisor-statistics')
})
