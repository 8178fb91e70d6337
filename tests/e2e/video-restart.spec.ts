import { expect } from './fixtures'
import { expectVideoPlaying, inVideoCall, videoSpec, type VideoSystem } from './video-fixtures'

let sys: VideoSystem
const test = videoSpec({}, (started) => (sys = started))

test('a server restart during a call: both sides reconnect and the call resumes with the same clerk', async ({
  parties: { kiosk, clerk },
}) => {
  test.setTimeout(120_000)
  await inVideoCall(sys, kiosk.page, clerk.page)
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
  await expect(kiosk.page.locator('[data-screen="call-rating"]')).toBeVisible()
})
