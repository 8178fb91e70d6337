// Before the call: the home help button asks for a topic and joins that category's queue; the
// resident may ask for priority help (queued before residents without priority who joined
// earlier) and may talk by voice only (the camera is never opened, the console says so); a
// kiosk whose camera is missing or broken offers voice only.
import type { Page } from '@playwright/test'
import type { CallView } from '../../common/signaling'
import { createEnrolCode, redeemEnrolCode } from '../../signaling-server/src/auth'
import { joinPayload, terminalClient, type Client } from '../integration/signaling-harness'
import { screenshot, expect } from './fixtures'
import { analyze } from './support/axe'
import { lastSpoken, recordSpeech, zhAndEnVoices } from './support/speech-recorder'
import {
  clerkLogsIn,
  closeAll,
  expectElderlySizes,
  newParty,
  residentAsksForHelp,
  setAvailable,
  videoSpec,
  type VideoSystem,
} from './video-fixtures'

let sys: VideoSystem
const test = videoSpec({ graceMs: 60_000, offerTimeoutMs: 30_000 }, (started) => (sys = started))

/** A second village's kiosk, as a bare protocol client in the test. */
async function otherKiosk(): Promise<Client> {
  const { code } = await createEnrolCode(sys.store, '东岭村便民服务站', 3600_000, Date.now())
  const t = (await redeemEnrolCode(sys.store, code, '东岭村一号机', Date.now()))!
  const c = await terminalClient(sys.serverUrl, t)
  await c.next('session:state')
  return c
}

/** Records every getUserMedia request and keeps the page's peer connections reachable. */
const recordMedia = `{
  window.__gum = []
  const md = navigator.mediaDevices
  const gum = md.getUserMedia.bind(md)
  md.getUserMedia = (c) => { window.__gum.push({ audio: !!c?.audio, video: !!c?.video }); return gum(c) }
  window.__pcs = []
  window.RTCPeerConnection = new Proxy(window.RTCPeerConnection, {
    construct(T, a) { const pc = new T(...a); window.__pcs.push(pc); return pc } })
}`

/**
 * Audio packets received on the newest peer connection over `ms`. (Not the audio energy: the
 * microphone's noise suppression all but removes the fake device's beep, so what arrives is
 * near silence either way.)
 */
const receivedAudio = (ms: number): string => `(async () => {
  const pc = window.__pcs.at(-1)
  const packets = async () => {
    for (const r of (await pc.getStats()).values())
      if (r.type === 'inbound-rtp' && r.kind === 'audio') return r.packetsReceived ?? 0
    return 0
  }
  const p0 = await packets()
  await new Promise((r) => setTimeout(r, ${ms}))
  return (await packets()) - p0
})()`

/** The page sends its microphone live: an audio sender with an enabled track, unmuted. */
const sendsMicrophone = `window.__pcs.at(-1).getSenders().some((s) =>
  s.track?.kind === 'audio' && s.track.enabled && s.track.readyState === 'live')`

async function ownCall(): Promise<Awaited<ReturnType<VideoSystem['store']['getCall']>>> {
  const mine = (await sys.store.listOpenCalls()).filter((c) => c.terminalName !== '东岭村一号机')
  expect(mine).toHaveLength(1)
  return mine[0]!
}

async function hangUpAndWrapUp(kiosk: Page, clerk: Page): Promise<void> {
  await kiosk.getByTestId('hang-up').click()
  await expect(kiosk.locator('[data-screen="call-rating"]')).toBeVisible()
  await clerk.getByTestId('outcome').selectOption('resolved')
  await clerk.getByTestId('submit-wrapup').click()
  await expect(clerk.getByTestId('call-panel')).toBeHidden()
}

test('priority help set on the kiosk puts the resident before one who joined earlier', async ({
  parties: { kiosk, clerk },
}) => {
  test.setTimeout(120_000)
  const other = await otherKiosk()
  await recordSpeech(kiosk.page, zhAndEnVoices)
  const said = async (text: string | RegExp) =>
    expect
      .poll(async () => {
        const s = await lastSpoken(kiosk.page)
        return s?.lang === 'zh-CN' && s.voice === 'zh-CN' ? s.text : null
      })
      .toMatch(text)
  try {
    await clerkLogsIn(clerk.page, sys.serverUrl)
    // Another village's resident, no priority, asks first.
    const first = (await other.ok<{ call: CallView }>('queue:join', joinPayload())).call
    expect(first.priority).toBe(0)

    // Home help button: a topic first (large tiles), then how to talk.
    await kiosk.page.goto(sys.kioskUrl)
    await kiosk.page.getByTestId('help-button').click()
    await expect(kiosk.page.locator('[data-screen="video-topic"]')).toBeVisible()
    await expect(kiosk.page.getByTestId('video-topic-social-security')).toBeVisible()
    await expectElderlySizes(kiosk.page)
    await screenshot(kiosk.page, 'video-kiosk-topic-home')
    await said('请点击您要咨询的事项，我们为您接通负责的工作人员。')
    await kiosk.page.getByTestId('video-topic-social-security').click()
    const choice = kiosk.page.locator('[data-screen="video-choice"]')
    await expect(choice).toBeVisible()
    await expect(kiosk.page.getByTestId('priority')).toHaveAttribute('aria-pressed', 'false')
    await said(/^请选择视频通话，或者只语音。.*需要优先帮助/)
    await expectElderlySizes(kiosk.page)
    await screenshot(kiosk.page, 'video-kiosk-choice')
    await kiosk.page.getByTestId('priority').click()
    await expect(kiosk.page.getByTestId('priority')).toHaveAttribute('aria-pressed', 'true')
    await said('好的，为您优先排队。')
    await screenshot(kiosk.page, 'video-kiosk-choice-priority')
    await kiosk.page.getByTestId('choose-video').click()
    await expect(kiosk.page.locator('[data-screen="waiting"]')).toBeVisible({ timeout: 15_000 })
    await expect(kiosk.page.getByTestId('priority-waiting')).toBeVisible()
    await expect(kiosk.page.getByTestId('wait-position')).toHaveText('下一位就是您')
    await said(/^下一位就是您/)

    // The server: that category's real queue, disability priority, ahead of the earlier one.
    const mine = await ownCall()
    expect(mine!.category).toBe('social-security')
    expect(mine!.priorityReasons).toEqual(['disability'])
    expect(mine!.priority).toBe(1)
    expect(mine!.mode).toBe('video')
    const rows = clerk.page.getByTestId('queue-row')
    await expect(rows).toHaveCount(2)
    await expect(rows.first()).toContainText('行动不便/视听障碍（本人申报）')
    await expect(rows.first()).toContainText('示范村便民服务站')
    await expect(rows.nth(1)).toContainText('东岭村便民服务站')
    await screenshot(clerk.page, 'video-clerk-queue-priority')

    // The clerk becomes available: offered the priority resident, not the earlier one.
    await setAvailable(clerk.page)
    await expect(clerk.page.getByTestId('offer')).toContainText('行动不便')
    await clerk.page.getByRole('button', { name: '接听', exact: true }).first().click()
    await expect(kiosk.page.locator('[data-screen="call"]')).toBeVisible()
    await said('工作人员王芳已接通，请对着屏幕说话。')
    expect((await sys.store.getCall(first.callId))!.state).toBe('queued')
    await hangUpAndWrapUp(kiosk.page, clerk.page)
    other.socket.emit('queue:cancel', { callId: first.callId }, () => {})
    expect(kiosk.errors).toEqual([])
    expect(clerk.errors).toEqual([])
  } finally {
    other.close()
  }
})

test('只语音: joins in audio mode, never opens the camera, and the call carries voice only', async ({
  parties: { kiosk, clerk },
}) => {
  test.setTimeout(120_000)
  await kiosk.page.addInitScript(recordMedia)
  await clerk.page.addInitScript(recordMedia)
  await clerkLogsIn(clerk.page, sys.serverUrl)
  await residentAsksForHelp(kiosk.page, sys.kioskUrl, 'social-security', '', undefined, {
    mode: 'audio',
  })
  await expect(kiosk.page.getByTestId('voice-call')).toBeVisible()
  await expect(kiosk.page.getByTestId('self-video')).toHaveCount(0)
  await expectElderlySizes(kiosk.page)
  await screenshot(kiosk.page, 'video-kiosk-waiting-voice')
  expect((await ownCall())!.mode).toBe('audio')
  await expect(clerk.page.getByTestId('mode-audio')).toHaveText('只语音')

  await setAvailable(clerk.page)
  await expect(clerk.page.getByTestId('offer')).toContainText('只语音')
  await clerk.page.getByRole('button', { name: '接听', exact: true }).first().click()
  await expect(kiosk.page.locator('[data-screen="call"]')).toBeVisible()
  await expect(kiosk.page.getByTestId('audio-only-note')).toHaveText(
    '只语音通话：工作人员能听到您，看不到您。',
  )
  await expect(clerk.page.getByTestId('audio-only-note')).toHaveText(
    '只语音通话：居民没有打开摄像头',
  )
  // No camera was asked for, ever; the kiosk sends a microphone and nothing else.
  const asked = (await kiosk.page.evaluate('window.__gum')) as {
    audio: boolean
    video: boolean
  }[]
  expect(asked.length).toBeGreaterThan(0)
  expect(asked.every((c) => c.audio && !c.video)).toBe(true)
  const sent = (await kiosk.page.evaluate(
    `window.__pcs.at(-1).getSenders().map((s) => s.track?.kind).filter(Boolean)`,
  )) as string[]
  expect(sent).toEqual(['audio'])
  // Both send their live microphone and receive the other's audio, with video off.
  await expect.poll(() => kiosk.page.evaluate(sendsMicrophone)).toBe(true)
  await expect.poll(() => clerk.page.evaluate(sendsMicrophone)).toBe(true)
  expect((await kiosk.page.evaluate(receivedAudio(1_000))) as number).toBeGreaterThan(0)
  expect((await clerk.page.evaluate(receivedAudio(1_000))) as number).toBeGreaterThan(0)
  // The clerk's voice plays through the page (the element is attached and playing).
  await expect
    .poll(() =>
      kiosk.page
        .getByTestId('remote-video')
        .evaluate(
          (el: HTMLVideoElement) =>
            !el.paused && (el.srcObject as MediaStream | null)?.getAudioTracks().length === 1,
        ),
    )
    .toBe(true)
  // The console was told to switch its camera off too: only Opus crosses the link.
  await expect
    .poll(() =>
      clerk.page.evaluate(
        `window.__pcs.at(-1).getSenders().filter((s) => s.track?.kind === 'video')
          .every((s) => s.getParameters().encodings.every((e) => e.active === false))`,
      ),
    )
    .toBe(true)
  await expect(kiosk.page.getByTestId('audio-only')).toHaveCount(0)
  await expectElderlySizes(kiosk.page)
  await screenshot(kiosk.page, 'video-kiosk-in-call-voice')
  await screenshot(clerk.page, 'video-clerk-in-call-voice')
  await hangUpAndWrapUp(kiosk.page, clerk.page)
  expect(kiosk.errors).toEqual([])
  expect(clerk.errors).toEqual([])
})

test('a kiosk without a working camera offers voice only', async ({ browser }) => {
  test.setTimeout(90_000)
  // The camera is listed but cannot be opened (unplugged, broken, or taken by another app).
  const broken = await newParty(browser)
  await broken.page.addInitScript(`{
    const md = navigator.mediaDevices
    const gum = md.getUserMedia.bind(md)
    md.getUserMedia = (c) => c?.video
      ? Promise.reject(new DOMException('Requested device not found', 'NotFoundError'))
      : gum(c)
  }`)
  // No camera at all.
  const none = await newParty(browser)
  await none.page.addInitScript(`{
    const md = navigator.mediaDevices
    const list = md.enumerateDevices.bind(md)
    md.enumerateDevices = async () => (await list()).filter((d) => d.kind !== 'videoinput')
    md.getUserMedia = ((gum) => (c) => c?.video
      ? Promise.reject(new DOMException('Requested device not found', 'NotFoundError'))
      : gum(c))(md.getUserMedia.bind(md))
  }`)
  try {
    await broken.page.goto(sys.kioskUrl)
    await broken.page.getByTestId('help-button').click()
    await broken.page.getByTestId('video-topic-social-security').click()
    await broken.page.getByTestId('choose-video').click()
    await expect(broken.page.getByTestId('no-camera')).toHaveText(
      '没有找到摄像头，您可以只用语音和工作人员通话。',
    )
    await expect(broken.page.getByTestId('choose-video')).toHaveCount(0)
    await broken.page.getByTestId('choose-audio').click()
    await expect(broken.page.locator('[data-screen="waiting"]')).toBeVisible({ timeout: 15_000 })
    expect((await ownCall())!.mode).toBe('audio')
    await broken.page.getByTestId('cancel-wait').click()
    await expect(broken.page.getByTestId('help-button')).toBeVisible()

    await none.page.goto(sys.kioskUrl)
    // 大字 mode: the choice screen still fits, nothing below the fold.
    await none.page.getByRole('button', { name: '大字' }).click()
    await none.page.getByTestId('help-button').click()
    await none.page.getByTestId('video-topic-social-security').click()
    await expect(none.page.getByTestId('no-camera')).toBeVisible()
    await expect(none.page.getByTestId('choose-video')).toHaveCount(0)
    await expect(none.page.getByTestId('choose-audio')).toBeInViewport({ ratio: 1 })
    await expect(none.page.getByTestId('priority')).toBeInViewport({ ratio: 1 })
    await expectElderlySizes(none.page)
    await screenshot(none.page, 'video-kiosk-choice-no-camera-large')
    expect(broken.errors).toEqual([])
    expect(none.errors).toEqual([])
  } finally {
    await closeAll(broken.context, none.context)
  }
})

test('in 大字 mode the topic and choice screens fit the screen', async ({ browser }) => {
  const kiosk = await newParty(browser)
  try {
    await kiosk.page.goto(sys.kioskUrl)
    await kiosk.page.getByRole('button', { name: '大字' }).click()
    await kiosk.page.getByTestId('help-button').click()
    await expect(kiosk.page.getByTestId('video-topic-social-security')).toBeVisible()
    for (const b of await kiosk.page.getByRole('dialog').getByRole('button').all())
      await expect(b).toBeInViewport({ ratio: 1 })
    await screenshot(kiosk.page, 'video-kiosk-topic-home-large')
    await kiosk.page.getByTestId('video-topic-social-security').click()
    await kiosk.page.getByTestId('priority').click()
    for (const b of await kiosk.page.getByRole('dialog').getByRole('button').all())
      await expect(b).toBeInViewport({ ratio: 1 })
    await expectElderlySizes(kiosk.page)
    await screenshot(kiosk.page, 'video-kiosk-choice-large')
    const axe = await analyze(kiosk.page)
    const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    expect(bad.map((v) => `${v.id} ${v.nodes[0]?.target.join(' ')}`)).toEqual([])
  } finally {
    await closeAll(kiosk.context)
  }
})

test('in English the choice screen is English and fits', async ({ browser }) => {
  const kiosk = await newParty(browser)
  await kiosk.page.addInitScript(`{
    window.__streams = []
    const md = navigator.mediaDevices
    const gum = md.getUserMedia.bind(md)
    md.getUserMedia = async (c) => { const s = await gum(c); window.__streams.push(s); return s }
  }`)
  try {
    await kiosk.page.goto(sys.kioskUrl)
    await kiosk.page.getByRole('button', { name: /切换语言/ }).click()
    await kiosk.page.getByTestId('help-button').click()
    await kiosk.page.getByTestId('video-topic-social-security').click()
    await expect(kiosk.page.getByRole('heading')).toHaveText(
      'How would you like to talk to the clerk?',
    )
    await expect(kiosk.page.getByTestId('priority')).toContainText('I need priority help')
    await expect(kiosk.page.getByTestId('choose-audio')).toHaveText('Voice only')
    for (const b of await kiosk.page.getByRole('dialog').getByRole('button').all())
      await expect(b).toBeInViewport({ ratio: 1 })
    await expectElderlySizes(kiosk.page)
    await screenshot(kiosk.page, 'video-kiosk-choice-en')
    // Video, then straight back out: the camera opened for the call is closed again.
    await kiosk.page.getByTestId('choose-video').click()
    await expect(kiosk.page.locator('[data-screen="waiting"]')).toBeVisible({ timeout: 15_000 })
    await kiosk.page.getByTestId('cancel-wait').click()
    await expect(kiosk.page.getByTestId('help-button')).toBeVisible()
    await expect
      .poll(() =>
        kiosk.page.evaluate(
          `window.__streams.flatMap((s) => s.getTracks()).map((t) => t.readyState)`,
        ),
      )
      .toEqual(['ended', 'ended'])
  } finally {
    await closeAll(kiosk.context)
  }
})
