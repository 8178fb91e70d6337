// `npm run bench -- call-setup [--calls 20]`: time from the clerk's accept to the first decoded
// video frame on each side (requestVideoFrameCallback marks set by the UI), over N calls on
// loopback between two Chromium pages driving the real kiosk and clerk console.
// Options: --calls N (default 20), --think-ms MS (default 1000: the clerk's look at the offer).
// needs: renderer
import { chromium, type Page } from '@playwright/test'
import { mkdtempSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import pino from 'pino'
import { startDeviceHost } from '../electron/device-host/server'
import { TerminalConfig } from '../electron/services/config'
import { createKioskServices } from '../electron/services/kiosk-services'
import { silentLogger } from '../node-common/logger'
import { createApplication } from '../signaling-server/src/app'
import { seedDemo } from '../signaling-server/src/demo'
import { openSqliteStore } from '../signaling-server/src/store/sqlite'
import { round1, writeResult } from './result'

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(name)
  return i > 0 ? Number(process.argv[i + 1]) : dflt
}
const CALLS = arg('--calls', 20)
/**
 * How long the clerk looks at the offer before tapping 接听 (a quick human); the peers connect
 * without media meanwhile (`call:prepare`). `--think-ms 0` accepts the instant it appears.
 */
const THINK_MS = arg('--think-ms', 1000)
const rendererDir = resolve('out/renderer')

const dir = mkdtempSync(join(tmpdir(), 'bench-call-'))
const store = openSqliteStore(join(dir, 'server.db'))
const terminalFile = join(dir, 'terminal.json')
await seedDemo(store, terminalFile, Date.now())
const app = createApplication({
  log: pino({ level: 'silent' }),
  version: 'bench',
  rendererDir,
  store,
})
const { url: serverUrl } = await app.listen(0)
const services = createKioskServices({
  config: TerminalConfig.parse({ serverUrl, credentialFile: terminalFile }),
  version: 'bench',
  log: silentLogger(),
})
const host = await startDeviceHost({ services, rendererDir, serverUrl, log: silentLogger() })

// One browser per side, as kiosk and console are different machines: two contexts of one
// browser share its fake camera, whose frames then stall for up to 2 s when a call starts.
const launch = () =>
  chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    // The flags of playwright.config.ts (fake camera and microphone), plus autoplay with sound.
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-quic',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      '--autoplay-policy=no-user-gesture-required',
    ],
  })
const [browser, browser2] = await Promise.all([launch(), launch()])
const kiosk = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage()
const clerk = await (
  await browser2.newContext({ viewport: { width: 1280, height: 800 } })
).newPage()
// BENCH_DEBUG: keep each page's peer connections so the sender's stats can be read at first frame.
if (process.env.BENCH_DEBUG)
  for (const page of [kiosk, clerk])
    await page.addInitScript(`{
      window.__pcs = []
      window.RTCPeerConnection = new Proxy(window.RTCPeerConnection, {
        construct(T, a) { const pc = new T(...a); window.__pcs.push(pc); return pc } })
      // The first frame's capture / receive / decode times, in epoch ms.
      const rvfc = HTMLVideoElement.prototype.requestVideoFrameCallback
      HTMLVideoElement.prototype.requestVideoFrameCallback = function (cb) {
        return rvfc.call(this, (now, m) => {
          const t = (x) => (x ? Math.round(performance.timeOrigin + x) : undefined)
          window.__frame = { cap: t(m.captureTime), recv: t(m.receiveTime), shown: t(m.presentationTime) }
          cb(now, m)
        })
      }
    }`)
/**
 * The first frame from the other side's camera. Before the clerk accepts, the prepared peers
 * carry black frames from disabled tracks (call-engine.ts), so the app's own first-frame mark
 * could see one of those: here every frame of the remote <video> is sampled and the first one
 * with any picture in it counts.
 */
const firstCameraFrame = `{
  window.__cameraFrameAt = null
  const canvas = document.createElement('canvas')
  canvas.width = canvas.height = 16
  const ctx = canvas.getContext('2d', { willReadFrequently: true })
  const watch = (el) => {
    const onFrame = (now) => {
      if (!el.isConnected) return
      ctx.drawImage(el, 0, 0, 16, 16)
      const px = ctx.getImageData(0, 0, 16, 16).data
      let max = 0
      for (let i = 0; i < px.length; i += 4) max = Math.max(max, px[i], px[i + 1], px[i + 2])
      if (max > 24) window.__cameraFrameAt ??= performance.timeOrigin + now
      else el.requestVideoFrameCallback(onFrame)
    }
    el.requestVideoFrameCallback(onFrame)
  }
  new MutationObserver(() => {
    const el = document.querySelector('video[data-testid=remote-video]')
    if (el && !el.__watched) { el.__watched = true; watch(el) }
  }).observe(document, { subtree: true, childList: true })
}`
for (const page of [kiosk, clerk]) await page.addInitScript(firstCameraFrame)
/** The epoch ms of the first camera frame the page showed (set by firstCameraFrame). */
async function cameraFrame(page: Page, timeoutMs = 20_000): Promise<number> {
  return page.evaluate(`new Promise((resolve, reject) => {
    const t0 = Date.now()
    const poll = () => {
      if (window.__cameraFrameAt !== null) resolve(window.__cameraFrameAt)
      else if (Date.now() - t0 > ${timeoutMs}) reject(new Error('no camera frame'))
      else setTimeout(poll, 50)
    }
    poll()
  })`) as Promise<number>
}

/** The newest peer's video sender and candidate pair, as the first frame shows. */
async function senderStats(page: Page): Promise<unknown> {
  return page.evaluate(`(async () => {
    const pc = window.__pcs[window.__pcs.length - 1]
    const out = { frame: window.__frame }
    for (const r of (await pc.getStats()).values()) {
      if (r.type === 'outbound-rtp' && r.kind === 'video')
        Object.assign(out, { enc: r.framesEncoded, sent: r.framesSent, key: r.keyFramesEncoded,
          w: r.frameWidth, lim: r.qualityLimitationReason, tgt: Math.round((r.targetBitrate || 0) / 1000) })
      if (r.type === 'inbound-rtp' && r.kind === 'video')
        Object.assign(out, { dec: r.framesDecoded, recv: r.framesReceived, pli: r.pliCount, nack: r.nackCount })
      if (r.type === 'candidate-pair' && r.nominated)
        Object.assign(out, { bwe: Math.round((r.availableOutgoingBitrate || 0) / 1000), rtt: r.currentRoundTripTime })
      if (r.type === 'candidate-pair') (out.pairs ??= []).push([r.state, r.nominated, r.requestsSent, r.responsesReceived])
      if (r.type === 'local-candidate') (out.cands ??= []).push(r.address + '/' + r.protocol + '/' + r.candidateType)
    }
    return out
  })()`)
}

/**
 * Waits inside the page (PerformanceObserver), so polling does not load the renderer. A string,
 * because tsx's name-keeping helpers do not exist in the page.
 */
async function waitMark(page: Page, name: string, timeoutMs = 20_000): Promise<number> {
  const n = JSON.stringify(name)
  return page.evaluate(`new Promise((resolve, reject) => {
    const found = () => {
      const m = performance.getEntriesByName(${n}, 'mark')[0]
      if (m) resolve(performance.timeOrigin + m.startTime)
      return !!m
    }
    if (found()) return
    const obs = new PerformanceObserver(() => { if (found()) obs.disconnect() })
    obs.observe({ type: 'mark' })
    setTimeout(() => reject(new Error('no mark ' + ${n})), ${timeoutMs})
  })`) as Promise<number>
}

await clerk.goto(`${serverUrl}/clerk.html`)
await clerk.getByLabel('用户名').fill('clerk1')
await clerk.getByLabel('密码').fill('demo-clerk1')
await clerk.getByRole('button', { name: '登录' }).click()
await clerk.getByTestId('presence').selectOption('available')
await kiosk.goto(host.url)

const kioskMs: number[] = []
const clerkMs: number[] = []
const bothMs: number[] = []
const phaseMs: Record<string, number[]> = {}
for (let i = 0; i <= CALLS; i++) {
  await kiosk.getByTestId('help-button').click()
  await kiosk.getByTestId('video-topic-social-security').click()
  await kiosk.getByTestId('choose-video').click()
  await kiosk.locator('[data-screen="waiting"]').waitFor()
  // As in use: the waiting screen has the camera open already.
  await kiosk
    .getByTestId('self-video')
    .evaluate(
      (el: HTMLVideoElement) =>
        new Promise<void>((r) =>
          el.readyState >= 2 ? r() : el.addEventListener('loadeddata', () => r(), { once: true }),
        ),
    )
  await clerk.getByTestId('offer').waitFor()
  for (const page of [kiosk, clerk]) await page.evaluate('window.__cameraFrameAt = null')
  await new Promise((r) => setTimeout(r, THINK_MS))
  const callId = (await store.listOpenCalls())[0]!.id
  await clerk.getByRole('button', { name: '接听', exact: true }).first().click()
  const accept = await waitMark(clerk, `video:accept:${callId}`)
  const [kf = NaN, cf = NaN] = await Promise.all(
    [kiosk, clerk].map((page, n) =>
      cameraFrame(page).catch(async (err: Error) => {
        const why = await Promise.all(
          [kiosk, clerk].map((p) =>
            p.evaluate(`(() => {
          const v = document.querySelector('video[data-testid=remote-video]')
          return { video: v && { ready: v.readyState, w: v.videoWidth, watched: !!v.__watched,
            tracks: v.srcObject?.getTracks().map((t) => t.kind + ':' + t.readyState + ':' + t.muted) },
            marks: performance.getEntriesByType('mark').slice(-16).map((m) => m.name.startsWith('dbg') ? m.name : m.name.split(':').slice(0, 2).join(':')),
            pcs: (window.__pcs || []).slice(-2).map((pc) => [pc.connectionState, pc.iceConnectionState, pc.iceGatheringState, pc.signalingState, pc.sctp && pc.sctp.state]) }
        })()`),
          ),
        )
        throw new Error(`${n ? 'clerk' : 'kiosk'}: ${err.message} ${JSON.stringify(why)}`)
      }),
    ),
  )
  const k = kf - accept
  const c = cf - accept
  // Where the time goes: the engine's marks (start, media, offer/answer sent, stream, connected).
  const phases: Record<string, number> = {}
  for (const [who, page] of [
    ['kiosk', kiosk],
    ['clerk', clerk],
  ] as const) {
    const marks = (await page.evaluate(`performance.getEntriesByType('mark')
      .filter((m) => m.name.endsWith(${JSON.stringify(':' + callId)}))
      .map((m) => [m.name.split(':')[1], performance.timeOrigin + m.startTime])`)) as [
      string,
      number,
    ][]
    for (const [n, t] of marks) phases[`${who}.${n}`] = Math.round(t - accept)
  }
  if (process.env.BENCH_DEBUG)
    console.log(
      JSON.stringify(phases),
      JSON.stringify(
        { kiosk: await senderStats(kiosk), clerk: await senderStats(clerk) },
        (k, v) =>
          k === 'frame'
            ? Object.fromEntries(Object.entries(v).map(([n, t]) => [n, (t as number) - accept]))
            : v,
      ),
    )
  if (i > 0) {
    // call 0 warms up the browser's codecs and is not counted
    kioskMs.push(k)
    clerkMs.push(c)
    bothMs.push(Math.max(k, c))
    for (const [n, v] of Object.entries(phases)) (phaseMs[n] ??= []).push(v)
  }
  console.log(
    `call ${i}${i === 0 ? ' (warm-up)' : ''}: kiosk ${k.toFixed(0)} ms, clerk ${c.toFixed(0)} ms`,
  )
  await clerk.getByTestId('end-call').click()
  await kiosk.locator('[data-screen="ended"]').waitFor()
  await kiosk.getByRole('button', { name: '返回' }).click()
  await clerk.getByTestId('call-panel').waitFor({ state: 'hidden' })
}

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b)
  return Math.round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!)
}
const figures = {
  calls: CALLS,
  network: 'loopback, host candidates, no TURN',
  clerkThinkMs: THINK_MS,
  kioskFirstFrameMs: { p50: pct(kioskMs, 50), p95: pct(kioskMs, 95), max: pct(kioskMs, 100) },
  clerkFirstFrameMs: { p50: pct(clerkMs, 50), p95: pct(clerkMs, 95), max: pct(clerkMs, 100) },
  bothSidesMs: { p50: pct(bothMs, 50), p95: pct(bothMs, 95), max: pct(bothMs, 100) },
  /** Median ms after accept at which each step happened (clerk.signal-offer = offer sent…). */
  phaseP50Ms: Object.fromEntries(
    Object.entries(phaseMs)
      // The app's first-frame mark may be a black frame of the prepared peer: see above.
      .filter(([n]) => !n.endsWith('.accept') && !n.endsWith('.first-frame'))
      .sort((a, b) => pct(a[1], 50) - pct(b[1], 50))
      .map(([n, v]) => [n, pct(v, 50)]),
  ),
  /** Other engineers' jobs share this 2-core machine; setup time scales with the load. */
  loadAverage1m: round1(loadavg()[0]!),
  goalP50Ms: 300,
  goalMet: pct(bothMs, 50) <= 300,
}
await Promise.all([browser.close(), browser2.close()])
await host.close()
await app.close()
await store.close()
writeResult('call-setup', figures)
