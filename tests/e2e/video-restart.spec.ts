import { expect, test } from './fixtures'
import {
  clerkLogsIn,
  closeAll,
  expectVideoPlaying,
  mediaLaunchArgs,
  newParty,
  residentAsksForHelp,
  setAvailable,
  startVideoSystem,
  type VideoSystem,
} from './video-fixtures'

test.use({ launchOptions: { executablePath: '/usr/bin/chromium', args: mediaLaunchArgs } })

let sys: VideoSystem
test.beforeAll(async () => {
  sys = await startVideoSystem()
})
test.afterAll(async () => {
  await sys.close()
})

test('a server restart during a call: both sides reconnect and the call resumes with the same clerk', async ({
  browser,
}) => {
  test.setTimeout(120_000)
  const kiosk = await newParty(browser)
  const clerk = await newParty(browser, { width: 1440, height: 900 })
  try {
    await clerkLogsIn(clerk.page, sys.serverUrl)
    await setAvailable(clerk.page)
    await residentAsksForHelp(kiosk.page, sys.kioskUrl)
    await expect(clerk.page.getByTestId('offer')).toBeVisible()
    await clerk.page.getByRole('button', { name: '接听', exact: true }).first().click()
    await expectVideoPlaying(kiosk.page)
    await expectVideoPlaying(clerk.page)
    const before = (await sys.store.listOpenCalls())[0]!

    await sys.restartServer()
    // Clients wait 0–10 s (jitter) after a server-initiated disconnect, then back off.
    await expect(kiosk.page.getByTestId('reconnecting')).toBeHidden({ timeout: 45_000 })
    await expect(clerk.page.getByTestId('reconnecting')).toBeHidden({ timeout: 15_000 })
    await expect
      .poll(async () => (await sys.store.getCall(before.id))?.state, { timeout: 20_000 })
      .toBe('connected')
    const after = (await sys.store.getCall(before.id))!
    expect(after.clerkId).toBe(before.clerkId)
    expect(after.generation).toBeGreaterThan(before.generation)
    await expectVideoPlaying(kiosk.page)
    await expectVideoPlaying(clerk.page)
    await expect(kiosk.page.getByRole('heading')).toContainText('王芳')

    await clerk.page.getByTestId('end-call').click()
    await expect(kiosk.page.locator('[data-screen="ended"]')).toBeVisible()
  } finally {
    await closeAll(kiosk.context, clerk.context)
  }
})
