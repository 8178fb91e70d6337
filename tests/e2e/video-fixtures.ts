// The video counter end to end: the signaling server with a SQLite store seeded with the demo
// data (one enrolled terminal, clerk1/clerk2), and the device host serving the kiosk with its
// credential file pointing at the seeded terminal. Helpers drive the kiosk and the console.
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test'
import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { startDeviceHost, type DeviceHost } from '../../electron/device-host/server'
import { TerminalConfig } from '../../electron/services/config'
import { createKioskServices } from '../../electron/services/kiosk-services'
import { silentLogger } from '../../node-common/logger'
import { createApplication, type Application } from '../../signaling-server/src/app'
import { seedDemo } from '../../signaling-server/src/demo'
import type { RealtimeConfig } from '../../signaling-server/src/realtime'
import { openSqliteStore } from '../../signaling-server/src/store/sqlite'
import type { Store } from '../../signaling-server/src/store/types'
import { rendererDir, screenshot, test } from './fixtures'
import { mediaLaunchArgs } from './support/video-kiosk'

export interface VideoSystem {
  serverUrl: string
  kioskUrl: string
  app: Application
  host: DeviceHost
  store: Store
  /** Stops the server and starts a new one on the same port and SQLite file. */
  restartServer(downMs?: number): Promise<void>
  close(): Promise<void>
}

export async function startVideoSystem(
  realtime: Partial<RealtimeConfig> = {},
): Promise<VideoSystem> {
  const dir = mkdtempSync(join(tmpdir(), 'video-e2e-'))
  const dbPath = join(dir, 'server.db')
  let store = openSqliteStore(dbPath)
  const terminalFile = join(dir, 'terminal.json')
  await seedDemo(store, terminalFile, Date.now())
  // One token key across restarts, as `npm run server` derives it from its data key: a kiosk's
  // signaling token stays valid when the centre comes back.
  const signalingTokenKey = randomBytes(32)
  const make = (): Application =>
    createApplication({
      log: pino({ level: process.env.TEST_LOG ?? 'silent' }),
      version: 'e2e',
      rendererDir,
      store,
      realtime,
      signalingTokenKey,
    })
  let app = make()
  const { url: serverUrl, port } = await app.listen(0)
  const host = await startKioskHost(serverUrl, terminalFile)
  const system: VideoSystem = {
    serverUrl,
    kioskUrl: host.url,
    app,
    host,
    store,
    async restartServer(downMs = 2_000) {
      await app.close()
      await store.close()
      await new Promise((r) => setTimeout(r, downMs))
      store = openSqliteStore(dbPath)
      app = make()
      await app.listen(port)
      system.app = app
      system.store = store
    },
    async close() {
      await host.close()
      await app.close()
      await store.close()
    },
  }
  return system
}

/** The device host serving the kiosk, signed in to `serverUrl` as the terminal in `terminalFile`. */
export function startKioskHost(serverUrl: string, terminalFile: string): Promise<DeviceHost> {
  const services = createKioskServices({
    config: TerminalConfig.parse({
      serverUrl,
      hallName: '示范村便民服务站',
      credentialFile: terminalFile,
    }),
    version: 'e2e',
    log: silentLogger(),
  })
  return startDeviceHost({ services, rendererDir, serverUrl, log: silentLogger() })
}

export { mediaLaunchArgs }

/** The two sides of a call: the kiosk's screen and a clerk's console, each its own context. */
export interface Parties {
  kiosk: Party
  clerk: Party
}
export type Party = Awaited<ReturnType<typeof newParty>>

/**
 * A spec file's `test` with Debian's Chromium on the fake media devices, the tests in order,
 * and a fresh kiosk and console per test (`parties`), for a spec that starts its own centre.
 * One test object and one launch options value for every video spec file: Playwright then sees
 * the same worker fixtures and may run the next video file in the same worker (and Chromium)
 * instead of starting a new one.
 */
export function partiesSpec() {
  const spec = videoTest
  spec.use({ launchOptions: mediaLaunchOptions })
  spec.describe.configure({ mode: 'serial' })
  return spec
}

/**
 * The `test` of a video spec file: Debian's Chromium with the fake media devices, the tests in
 * order, one video system (given this realtime config, or the one `realtime()` makes ready)
 * started before them, handed to `onStart` and closed after them, and a fresh kiosk and
 * console per test (`parties`).
 */
export function videoSpec(
  realtime: Partial<RealtimeConfig> | (() => Promise<Partial<RealtimeConfig>>),
  onStart: (sys: VideoSystem) => unknown,
) {
  // The video system is per file (beforeAll).
  const spec = partiesSpec()
  let sys: VideoSystem | undefined
  spec.beforeAll(async () => {
    sys = await startVideoSystem(typeof realtime === 'function' ? await realtime() : realtime)
    onStart(sys)
  })
  spec.afterAll(async () => {
    await sys?.close()
  })
  return spec
}

const videoTest = test.extend<{ parties: Parties }>({
  parties: async ({ browser }, use) => {
    const parties = await newParties(browser)
    await use(parties)
    await closeAll(parties.kiosk.context, parties.clerk.context)
  },
})
const mediaLaunchOptions = { executablePath: '/usr/bin/chromium', args: mediaLaunchArgs }

export async function newParty(browser: Browser, viewport = { width: 1920, height: 1080 }) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN' })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  return { context, page, errors }
}

/** A kiosk's screen and a clerk's console at 1440×900. */
export async function newParties(browser: Browser): Promise<Parties> {
  return {
    kiosk: await newParty(browser),
    clerk: await newParty(browser, { width: 1440, height: 900 }),
  }
}

/** The clerk accepts the offer on the console; then each side sees the other's picture. */
export async function acceptAndSeeEachOther(kiosk: Page, clerk: Page): Promise<void> {
  await expect(clerk.getByTestId('offer')).toBeVisible()
  await clerk.getByRole('button', { name: '接听', exact: true }).first().click()
  await expectVideoPlaying(kiosk)
  await expectVideoPlaying(clerk)
}

/**
 * A video call set up the shortest way: clerk1 logs in and goes available, the resident asks for
 * social-security help, the clerk accepts, and both pictures play. `query` goes on both URLs.
 */
export async function inVideoCall(
  sys: VideoSystem,
  kiosk: Page,
  clerk: Page,
  query = '',
): Promise<void> {
  await clerkLogsIn(clerk, sys.serverUrl, 'clerk1', 'demo-clerk1', query)
  await setAvailable(clerk)
  await residentAsksForHelp(kiosk, sys.kioskUrl, 'social-security', query)
  await acceptAndSeeEachOther(kiosk, clerk)
}

/**
 * The resident presses 视频帮办 on the home screen, picks a topic and how to talk (video unless
 * told otherwise; `priority` also taps 需要优先帮助). An empty `kioskUrl`: the page is on the
 * kiosk's home screen already.
 */
export async function residentAsksForHelp(
  page: Page,
  kioskUrl: string,
  category = 'social-security',
  query = '',
  shot?: string,
  how: { mode?: 'video' | 'audio'; priority?: boolean } = {},
): Promise<void> {
  if (kioskUrl) await page.goto(kioskUrl + query)
  await page.getByTestId('help-button').click()
  await expect(page.getByTestId(`video-topic-${category}`)).toBeVisible()
  if (shot) await screenshot(page, shot)
  await page.getByTestId(`video-topic-${category}`).click()
  await expect(page.locator('[data-screen="video-choice"]')).toBeVisible()
  if (how.priority) await page.getByTestId('priority').click()
  await page.getByTestId(how.mode === 'audio' ? 'choose-audio' : 'choose-video').click()
  await expect(page.locator('[data-screen="waiting"]')).toBeVisible({ timeout: 15_000 })
}

export async function clerkLogsIn(
  page: Page,
  serverUrl: string,
  username = 'clerk1',
  password = 'demo-clerk1',
  query = '',
): Promise<void> {
  await page.goto(`${serverUrl}/clerk.html${query}`)
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('密码').fill(password)
  await page.getByRole('button', { name: '登录' }).click()
  await expect(page.getByTestId('presence')).toBeVisible()
}

/** The clerk says they take calls (the choice is enabled once the console's link is up). */
export async function setAvailable(page: Page): Promise<void> {
  await page.getByTestId('presence').selectOption('available')
  await expect(page.getByTestId('presence')).toHaveValue('available')
}

/**
 * The other party's picture is really playing: frames decoded (readyState ≥ 2, a width) and
 * time advancing on the element, not just a connected state.
 */
export async function expectVideoPlaying(
  page: Page,
  testId = 'remote-video',
  timeout = 20_000,
): Promise<void> {
  const video = page.getByTestId(testId)
  await expect
    .poll(
      async () =>
        video.evaluate((el: HTMLVideoElement) => ({
          ready: el.readyState >= 2,
          width: el.videoWidth > 0,
          playing: !el.paused,
        })),
      { timeout },
    )
    .toEqual({ ready: true, width: true, playing: true })
  const t0 = await video.evaluate((el: HTMLVideoElement) => el.currentTime)
  await expect
    .poll(() => video.evaluate((el: HTMLVideoElement) => el.currentTime), { timeout: 5_000 })
    .toBeGreaterThan(t0)
  const frames = await video.evaluate(
    (el: HTMLVideoElement) => el.getVideoPlaybackQuality().totalVideoFrames,
  )
  expect(frames).toBeGreaterThan(0)
}

export async function closeAll(...contexts: BrowserContext[]): Promise<void> {
  for (const c of contexts) await c.close().catch(() => {})
}

/** Elderly-first: every button ≥ 64 px both ways, every visible text ≥ 24 px. */
export async function expectElderlySizes(page: Page): Promise<void> {
  const dialog = page.getByRole('dialog')
  const buttons = await dialog
    .locator('button')
    .evaluateAll((els) =>
      els.map((e) => e.getBoundingClientRect()).map((r) => Math.min(r.width, r.height)),
    )
  expect(buttons.length).toBeGreaterThan(0)
  expect(Math.min(...buttons)).toBeGreaterThanOrEqual(64)
  const fonts = await dialog
    .locator('p, h2, button, figcaption, [role="status"] span')
    .evaluateAll((els) =>
      els
        .filter((e) => (e.textContent ?? '').trim() && e.getClientRects().length > 0)
        .map((e) => parseFloat(getComputedStyle(e).fontSize)),
    )
  expect(Math.min(...fonts)).toBeGreaterThanOrEqual(24)
}
