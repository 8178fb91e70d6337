import { screenshot, expect } from './fixtures'
import {
  acceptAndSeeEachOther,
  clerkLogsIn,
  expectElderlySizes,
  expectVideoPlaying,
  residentAsksForHelp,
  setAvailable,
  videoSpec,
  type VideoSystem,
} from './video-fixtures'

let sys: VideoSystem
const test = videoSpec({ graceMs: 60_000 }, (started) => (sys = started))

test('resident and clerk see each other, survive 10 s offline, and hang up', async ({
  parties: { kiosk, clerk },
}) => {
  test.setTimeout(150_000)
  // The clerk is logged in but away: the resident waits and sees a position.
  await clerkLogsIn(clerk.page, sys.serverUrl)
  await residentAsksForHelp(kiosk.page, sys.kioskUrl, 'social-security', '', 'video-kiosk-topic')
  await expect(kiosk.page.getByTestId('wait-position')).toHaveText('下一位就是您')
  await expect(kiosk.page.getByTestId('wait-estimate')).toHaveText(/工作人员在线|预计/)
  // The camera is already open while waiting, so the call starts the moment a clerk accepts.
  await expectVideoPlaying(kiosk.page, 'self-video')
  await expectElderlySizes(kiosk.page)
  await screenshot(kiosk.page, 'video-kiosk-waiting')
  const row = clerk.page.getByTestId('queue-row')
  await expect(row).toHaveCount(1)
  await expect(row).toContainText('社会保障')
  await screenshot(clerk.page, 'video-clerk-queue')

  // Available: the router offers the resident; the clerk accepts.
  await setAvailable(clerk.page)
  await expect(clerk.page.getByTestId('offer')).toBeVisible()
  await clerk.page.getByRole('button', { name: '接听', exact: true }).first().click()
  await expect(kiosk.page.locator('[data-screen="call"]')).toBeVisible()
  await expect(kiosk.page.getByRole('heading')).toContainText('王芳')
  await expectVideoPlaying(kiosk.page)
  await expectVideoPlaying(clerk.page)
  await expect(kiosk.page.getByTestId('quality')).toHaveAttribute('data-level', /good|fair/)
  await expectElderlySizes(kiosk.page)
  await screenshot(kiosk.page, 'video-kiosk-in-call')
  await screenshot(clerk.page, 'video-clerk-in-call')
  const open = await sys.store.listOpenCalls()
  expect(open).toHaveLength(1)
  const callId = open[0]!.id
  const clerkId = open[0]!.clerkId
  const generation = open[0]!.generation

  // The kiosk loses its network for 10 s.
  await kiosk.context.setOffline(true)
  await expect(kiosk.page.getByTestId('reconnecting')).toBeVisible({ timeout: 15_000 })
  await expect(clerk.page.getByTestId('reconnecting')).toBeVisible({ timeout: 15_000 })
  await screenshot(kiosk.page, 'video-kiosk-reconnecting')
  await kiosk.page.waitForTimeout(10_000)
  await kiosk.context.setOffline(false)
  await expect(kiosk.page.getByTestId('reconnecting')).toBeHidden({ timeout: 30_000 })
  await expect(clerk.page.getByTestId('reconnecting')).toBeHidden({ timeout: 10_000 })
  await expectVideoPlaying(kiosk.page)
  await expectVideoPlaying(clerk.page)
  const resumed = (await sys.store.getCall(callId))!
  expect(resumed.clerkId).toBe(clerkId)
  expect(resumed.generation).toBeGreaterThan(generation)
  expect(resumed.state).toBe('connected')

  // The resident hangs up: both sides end; the kiosk asks for the call's rating.
  await kiosk.page.getByTestId('hang-up').click()
  await expect(kiosk.page.locator('[data-screen="call-rating"]')).toBeVisible()
  await expect(clerk.page.getByTestId('submit-wrapup')).toBeVisible()
  await clerk.page.getByTestId('outcome').selectOption('resolved')
  await clerk.page.getByTestId('submit-wrapup').click()
  await expect(clerk.page.getByTestId('call-panel')).toBeHidden()
  const done = (await sys.store.getCall(callId))!
  expect(done.endReason).toBe('hangup_terminal')
  expect(done.outcome).toBe('resolved')
  // Both sides reported their quality summary.
  await expect.poll(async () => (await sys.store.getCall(callId))!.qualityTerminal).not.toBeNull()
  expect((await sys.store.getCall(callId))!.qualityClerk).not.toBeNull()
  // The rating is skippable: 不评价, and back where the resident was.
  await kiosk.page.getByTestId('call-rating-skip').click()
  await expect(kiosk.page.getByTestId('help-button')).toBeVisible({ timeout: 10_000 })

  // Second call: this time the clerk ends it.
  await residentAsksForHelp(kiosk.page, sys.kioskUrl)
  await acceptAndSeeEachOther(kiosk.page, clerk.page)
  await clerk.page.getByTestId('outcome').selectOption('submitted')
  await clerk.page.getByTestId('end-call').click()
  await expect(kiosk.page.locator('[data-screen="call-rating"]')).toBeVisible()
  await expect(clerk.page.getByTestId('call-panel')).toBeHidden()
  expect(kiosk.errors).toEqual([])
  expect(clerk.errors).toEqual([])
})

/**
 * In the page: what the newest peer connection receives from the other side over `ms` — the
 * brightest pixel of any video frame and the audio energy — and on, up to 10 s, until at least
 * `minFrames` frames came (a busy machine decodes fewer a second). (A string: the console's CSP
 * forbids eval, and this is evaluated as an expression.)
 */
const probeReceived = (ms: number, minFrames = 0): string => `(async () => {
  const pc = window.__pcs.at(-1)
  const track = pc.getReceivers().find((r) => r.track.kind === 'video').track
  const video = document.createElement('video')
  video.muted = true
  video.srcObject = new MediaStream([track])
  await video.play()
  const canvas = document.createElement('canvas')
  canvas.width = canvas.height = 32
  const ctx = canvas.getContext('2d', { willReadFrequently: true })
  const energy = async () => {
    for (const r of (await pc.getStats()).values())
      if (r.type === 'inbound-rtp' && r.kind === 'audio') return r.totalAudioEnergy ?? 0
    return 0
  }
  const e0 = await energy()
  let brightest = 0
  let frames = 0
  await new Promise((done) => {
    const end = performance.now() + ${ms}
    const deadline = performance.now() + 10000
    const onFrame = () => {
      ctx.drawImage(video, 0, 0, 32, 32)
      const px = ctx.getImageData(0, 0, 32, 32).data
      for (let i = 0; i < px.length; i += 4) brightest = Math.max(brightest, px[i], px[i + 1], px[i + 2])
      frames++
      const now = performance.now()
      if (now < end || (frames < ${minFrames} && now < deadline)) video.requestVideoFrameCallback(onFrame)
      else done()
    }
    video.requestVideoFrameCallback(onFrame)
    setTimeout(done, ${minFrames ? 12_000 : ms + 2_000})
  })
  video.srcObject = null
  return { brightest, frames, audioEnergy: (await energy()) - e0 }
})()`

test('nothing of the resident reaches the clerk before the clerk accepts', async ({
  parties: { kiosk, clerk },
}) => {
  test.setTimeout(90_000)
  // Keep the console's peer connections reachable from the test.
  await clerk.page.addInitScript(`{
    window.__pcs = []
    window.RTCPeerConnection = new Proxy(window.RTCPeerConnection, {
      construct(T, a) { const pc = new T(...a); window.__pcs.push(pc); return pc } })
  }`)
  await clerkLogsIn(clerk.page, sys.serverUrl)
  await residentAsksForHelp(kiosk.page, sys.kioskUrl)
  await expectVideoPlaying(kiosk.page, 'self-video')
  await setAvailable(clerk.page)
  await expect(clerk.page.getByTestId('offer')).toBeVisible()
  // The console connects to the kiosk while the offer shows, so accepting is instant...
  await expect
    .poll(() => clerk.page.evaluate(`window.__pcs.at(-1)?.connectionState ?? 'none'`), {
      timeout: 15_000,
    })
    .toBe('connected')
  // ...but all that arrives is black frames and silence.
  const before = (await clerk.page.evaluate(probeReceived(2_000))) as {
    brightest: number
    frames: number
    audioEnergy: number
  }
  expect(before.brightest).toBeLessThanOrEqual(16)
  expect(before.audioEnergy).toBe(0)
  await expect(clerk.page.getByTestId('remote-video')).toHaveCount(0)

  // Accepted: the resident's camera picture arrives on the same connection.
  await clerk.page.getByRole('button', { name: '接听', exact: true }).first().click()
  await expectVideoPlaying(clerk.page)
  const after = (await clerk.page.evaluate(probeReceived(2_000, 10))) as typeof before
  expect(after.frames).toBeGreaterThanOrEqual(10)
  expect(after.brightest).toBeGreaterThan(64)
  // The fake microphone beeps: heard now, so the silence before was not a broken probe.
  expect(after.audioEnergy).toBeGreaterThan(0)
  await clerk.page.getByTestId('outcome').selectOption('resolved')
  await clerk.page.getByTestId('end-call').click()
  await expect(kiosk.page.locator('[data-screen="call-rating"]')).toBeVisible()
  expect(kiosk.errors).toEqual([])
  expect(clerk.errors).toEqual([])
})
