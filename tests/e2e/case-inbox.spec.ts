// The clerk's case inbox and case view in Chromium, against the real centre: a 高龄津贴申领
// submission with the bank card deferred appears in 待受理 of an elderly-care clerk without a
// reload while a clerk of another category sees nothing and is refused the case; the clerk
// opens it (every other console shows "王芳 正在处理"), reads the form with its labels, the
// photographed page and the signature, reveals the applicant, sees the video-help call the
// resident made in the same visit, and sends a 补正 notice for one material. The whole path with
// a real kiosk (补交 arriving live, approval, the printed and verified result) is
// back-office-flow.spec.ts.
import { expect, test, type Browser } from '@playwright/test'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { io, type Socket } from 'socket.io-client'
import { STAFF_NAMESPACE, TERMINAL_NAMESPACE } from '../../common/signaling'
import { createEnrolCode, createUser, redeemEnrolCode } from '../../signaling-server/src/auth'
import { composeCentre, type CentreParts } from '../support/centre'
import { makeApplication, resident } from '../support/applications'
import { expectAccessible, openConsole } from './support/clerk-console'
import { rendererDir, screenshot } from './fixtures'

const clerks = {
  elderly: { username: 'e2e-elderly', password: 'e2e-elderly-pw-1', displayName: '王芳' },
  elderly2: { username: 'e2e-elderly2', password: 'e2e-elderly2-pw-1', displayName: '张伟' },
  civil: { username: 'e2e-civil', password: 'e2e-civil-pw-1', displayName: '刘洋' },
  /** Answers the resident's video-help call (from a socket, not a browser). */
  video: { username: 'e2e-video', password: 'e2e-video-pw-1', displayName: '赵敏' },
}

let centre: CentreParts
let url: string
let terminal: { terminalId: string; credential: string }

/**
 * A photographed page (a frame with lines of "text") and a signature's stroke, drawn on a canvas
 * in Chromium: what the kiosk would have sent, as real images the console must decode.
 */
async function drawImages(browser: Browser): Promise<{ page: string; signature: string }> {
  const p = await browser.newPage()
  const images = await p.evaluate(() => {
    const draw = (w: number, h: number, paint: (c: CanvasRenderingContext2D) => void) => {
      const canvas = document.createElement('canvas')
      canvas.width = w
      canvas.height = h
      const c = canvas.getContext('2d')!
      c.fillStyle = '#fafafa'
      c.fillRect(0, 0, w, h)
      c.strokeStyle = c.fillStyle = '#222'
      paint(c)
      return canvas.toDataURL('image/png').slice('data:image/png;base64,'.length)
    }
    return {
      page: draw(480, 320, (c) => {
        c.lineWidth = 6
        c.strokeRect(3, 3, 474, 314)
        c.font = '28px sans-serif'
        c.fillText('常住人口登记卡', 140, 60)
        for (let y = 100; y < 300; y += 40) c.fillRect(40, y, 200 + (y % 160), 10)
      }),
      signature: draw(300, 120, (c) => {
        c.lineWidth = 5
        c.beginPath()
        for (let x = 20; x < 280; x += 4) c.lineTo(x, 60 + 30 * Math.sin(x / 18))
        c.stroke()
      }),
    }
  })
  await p.close()
  return images
}

test.beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'case-inbox-e2e-'))
  centre = composeCentre({
    signalingDb: join(dir, 'server.db'),
    applicationsDb: join(dir, 'applications.db'),
    dataKey: Buffer.alloc(32, 9),
    log: pino({ level: process.env.TEST_LOG ?? 'silent' }),
    version: 'e2e',
    rendererDir,
    progressBaseUrl: 'http://127.0.0.1/api/v1/progress',
  })
  url = (await centre.app.listen(0)).url
  const now = Date.now()
  await createUser(
    centre.store,
    { ...clerks.elderly, role: 'clerk', categories: ['elderly-care'] },
    now,
  )
  await createUser(
    centre.store,
    { ...clerks.elderly2, role: 'clerk', categories: ['elderly-care'] },
    now,
  )
  await createUser(
    centre.store,
    { ...clerks.civil, role: 'clerk', categories: ['civil-affairs'] },
    now,
  )
  await createUser(
    centre.store,
    { ...clerks.video, role: 'clerk', categories: ['elderly-care'] },
    now,
  )
  const { code } = await createEnrolCode(centre.store, '石桥村便民服务站', 3600_000, now)
  const t = await redeemEnrolCode(centre.store, code, '石桥村一号机', now)
  if (!t) throw new Error('enrolment failed')
  terminal = t
})

test.afterAll(async () => {
  await centre.close()
})

async function socketOf(namespace: string, auth: Record<string, unknown>): Promise<Socket> {
  const s = io(url + namespace, { auth, transports: ['websocket'], forceNew: true })
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve()).once('connect_error', reject)
  })
  return s
}
async function ack<T>(s: Socket, event: string, payload: unknown): Promise<T> {
  const a = (await s.timeout(5_000).emitWithAck(event, payload)) as { ok: boolean; data: T }
  expect(a.ok, event).toBe(true)
  return a.data
}
const nextEvent = <T>(s: Socket, event: string) =>
  new Promise<T>((resolve) => s.once(event, (e: T) => resolve(e)))

/**
 * While filling in the form, the resident asks for video help (the signaling protocol, as the
 * kiosk speaks it, with the visit id); 赵敏 answers, they talk, she hangs up and records 需补材料.
 */
async function residentCallsForHelp(visitId: string): Promise<void> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: clerks.video.username, password: clerks.video.password }),
  })
  const { token } = (await login.json()) as { token: string }
  const clerk = await socketOf(STAFF_NAMESPACE, { kind: 'staff', token })
  const kiosk = await socketOf(TERMINAL_NAMESPACE, {
    kind: 'terminal',
    terminalId: terminal.terminalId,
    credential: terminal.credential,
  })
  try {
    const offered = nextEvent<{ entry: { callId: string } }>(clerk, 'call:offer')
    await ack(clerk, 'presence:set', { presence: 'available' })
    const started = nextEvent<{ generation: number }>(kiosk, 'call:start')
    const { call } = await ack<{ call: { callId: string } }>(kiosk, 'queue:join', {
      category: 'elderly-care',
      item: { id: 'CA-ELDERLY-ALLOWANCE', title: '高龄津贴申领' },
      step: { id: 'form', label: '填写申请表' },
      residentName: '王*英',
      visitId,
    })
    expect((await offered).entry.callId).toBe(call.callId)
    await ack(clerk, 'call:accept', { callId: call.callId })
    await ack(kiosk, 'call:connected', {
      callId: call.callId,
      generation: (await started).generation,
    })
    await ack(clerk, 'call:hangup', { callId: call.callId })
    await ack(clerk, 'call:wrapup', { callId: call.callId, outcome: 'needs_documents' })
  } finally {
    kiosk.disconnect()
    clerk.disconnect()
  }
}

/** The kiosk's submission, as its outbox sends it: the bank card deferred (容缺). */
async function submit(
  images: { page: string; signature: string },
  visitId: string,
): Promise<string> {
  const base = makeApplication({ terminalId: terminal.terminalId, visitId })
  const app = {
    ...base,
    materials: base.materials.map((m) =>
      m.kind === 'photographed'
        ? { ...m, pages: [{ kind: 'inline', mediaType: 'image/png', base64: images.page }] }
        : m,
    ),
    signature: { ...base.signature!, pngDataUrl: `data:image/png;base64,${images.signature}` },
  }
  const res = await fetch(`${url}/api/v1/applications`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${terminal.terminalId}:${terminal.credential}`,
      'idempotency-key': app.id,
    },
    body: JSON.stringify(app),
  })
  expect(res.status).toBe(201)
  return ((await res.json()) as { caseNumber: string }).caseNumber
}

test('a new submission reaches the elderly-care clerk live, who claims it and sends a 补正 notice', async ({
  browser,
}) => {
  const images = await drawImages(browser)
  const elderly = await openConsole(browser, url, clerks.elderly)
  const elderly2 = await openConsole(browser, url, clerks.elderly2)
  const civil = await openConsole(browser, url, clerks.civil)
  for (const p of [elderly, civil]) {
    await expect(p.getByTestId('count-to-accept')).toHaveText('(0)')
    await expect(p.getByTestId('inbox-empty')).toBeVisible()
  }

  const visitId = crypto.randomUUID()
  await residentCallsForHelp(visitId)
  const caseNumber = await submit(images, visitId)
  // Pushed (cases:changed), not polled: in 待受理 within a second, without a reload.
  const row = elderly.locator(`[data-testid="inbox-row"][data-case="${caseNumber}"]`)
  await expect(row).toBeVisible({ timeout: 1_000 })
  await expect(elderly.getByTestId('count-to-accept')).toHaveText('(1)')
  await expect(row).toContainText('高龄津贴申领')
  await expect(row).toContainText('石桥村便民服务站')
  await expect(elderly2.locator(`[data-case="${caseNumber}"]`)).toBeVisible()
  await expectAccessible(elderly)
  await screenshot(elderly, 'case-inbox')

  // The clerk of another category sees nothing, and is refused the case by its number.
  await expect(civil.getByTestId('count-to-accept')).toHaveText('(0)')
  await expect(civil.getByTestId('inbox-row')).toHaveCount(0)
  await civil.getByTestId('case-search').fill(caseNumber)
  await civil.getByRole('button', { name: '查找' }).click()
  await expect(civil.getByText('您没有办理这个案件的权限。')).toBeVisible()
  await expect(civil.locator('body')).not.toContainText('王*英')

  // Opened: claimed, and the other elderly-care console shows who works it.
  await row.getByRole('button', { name: '打开' }).click()
  const view = elderly.getByTestId('case-view')
  await expect(view.getByTestId('case-claim')).toHaveText('您正在处理这个案件，其他坐席会看到。')
  await expect(
    elderly2.locator(`[data-case="${caseNumber}"]`).getByTestId('inbox-claim'),
  ).toHaveText('王芳 正在处理')

  // The form with the item's labels, the applicant masked until 显示.
  await expect(view.getByTestId('applicant')).toContainText('王*英 · 110101********1248')
  await expect(view.getByTestId('answers')).toContainText('居住情况')
  await expect(view.locator('dd[data-path="living.arrangement"]')).toHaveText('独居')
  await expect(view.locator('dd[data-path="applicant.phone"]')).toHaveText('138****8000')
  await expect(view).not.toContainText(resident.idNumber)
  // The photographed page and the signature, as images the browser decoded.
  const page = view.getByTestId('case-page')
  await expect(page).toBeVisible()
  await expect.poll(() => page.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(480)
  const signature = view.getByTestId('signature')
  await expect.poll(() => signature.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(300)
  await expect(view.getByTestId('commitment-text')).toContainText('本人承诺所填信息')
  await expect(view.getByTestId('material-bank-card')).toContainText(
    '容缺后补 · 补交期限 2025-06-25',
  )
  await expect(view.getByTestId('clock-notice')).toContainText(/剩 [45] 个工作日/)
  // The call of the same visit: who answered, the outcome she recorded, how it ended.
  const call = view.getByTestId('case-call')
  await expect(call).toHaveCount(1)
  for (const text of ['填写申请表', '赵敏', '需补材料', '坐席挂断'])
    await expect(call).toContainText(text)
  await expect(view.getByTestId('case-calls')).not.toContainText('王*英')
  await view.getByRole('button', { name: '旋转' }).click()
  await expectAccessible(elderly)
  await screenshot(elderly, 'case-view')

  await view.getByTestId('reveal').click()
  await expect(view.getByTestId('applicant')).toContainText(`王秀英 · ${resident.idNumber}`)

  // 一次性告知补正 for the household register's page.
  await view.getByTestId('action-request-supplement').click()
  await view.getByTestId('supplement-hukou-book').check()
  await view.getByTestId('reason-material-unclear').check()
  await view.getByTestId('reason-text').fill('户口簿首页照片反光，请重新拍摄')
  await screenshot(elderly, 'case-supplement-form')
  await view.getByTestId('action-send').click()
  await expect(view.getByTestId('case-status')).toHaveText('待补交材料')
  await expect(view.getByTestId('history')).toContainText('一次性告知补正')
  await expect(view.getByTestId('history')).toContainText('材料照片不清晰，无法辨认')
  await expect(view.getByTestId('tracked-material').first()).toContainText('补正材料')

  await view.getByTestId('case-close').click()
  await expect(elderly.getByTestId('count-supplement')).toHaveText('(1)')
  await expect(elderly.getByTestId('count-to-accept')).toHaveText('(0)')
  await expect(elderly2.getByTestId('count-supplement')).toHaveText('(1)')
  await expect(civil.getByTestId('count-supplement')).toHaveText('(0)')
})
