import { existsSync } from 'node:fs'
import { mintTurnCredential } from '../../signaling-server/src/turn'
import { startCoturn, type Coturn } from '../support/coturn'
import { expect, screenshot } from './fixtures'
import { expectVideoPlaying, inVideoCall, videoSpec, type VideoSystem } from './video-fixtures'

let turn: Coturn
let sys: VideoSystem
const test = videoSpec(
  async () => {
    turn = await startCoturn()
    return {
      ice: {
        stunUrls: [],
        turnUrls: [
          `turn:127.0.0.1:${turn.port}?transport=udp`,
          `turn:127.0.0.1:${turn.port}?transport=tcp`,
        ],
        turnSecret: turn.secret,
        turnTtlSeconds: 3600,
      },
    }
  },
  (started) => (sys = started),
)
test.skip(!existsSync('/usr/bin/turnserver'), 'coturn is not installed')
test.afterAll(() => {
  turn?.stop()
})

test('a call forced through coturn (relay only) connects with the minted credentials', async ({
  parties: { kiosk, clerk },
}) => {
  test.setTimeout(90_000)
  await inVideoCall(sys, kiosk.page, clerk.page, '?ice=relay')
  // The console's quality line says the media goes through the relay.
  await expect(clerk.page.getByTestId('quality')).toContainText('经中继', { timeout: 10_000 })
  await screenshot(clerk.page, 'video-clerk-in-call-relayed')
  const callId = (await sys.store.listOpenCalls())[0]!.id
  await kiosk.page.getByTestId('hang-up').click()
  await expect(clerk.page.getByTestId('submit-wrapup')).toBeVisible()
  // Both quality summaries record the relayed path.
  await expect
    .poll(async () => (await sys.store.getCall(callId))?.qualityTerminal?.relayed)
    .toBe(true)
  await expect.poll(async () => (await sys.store.getCall(callId))?.qualityClerk?.relayed).toBe(true)
  await clerk.page.getByTestId('submit-wrapup').click()
  await expect(clerk.page.getByTestId('call-panel')).toBeHidden()
})

test('when the relay dies mid-call, the peer is rebuilt within the same call, same clerk', async ({
  parties: { kiosk, clerk },
}) => {
  test.setTimeout(120_000)
  await inVideoCall(sys, kiosk.page, clerk.page, '?ice=relay')
  const before = (await sys.store.listOpenCalls())[0]!

  // The only media path disappears: its allocations are gone when the relay comes back.
  turn.stop()
  await new Promise((r) => setTimeout(r, 1_000))
  turn = await startCoturn(turn.secret, turn.port)
  await expect
    .poll(async () => (await sys.store.getCall(before.id))?.generation, { timeout: 45_000 })
    .toBeGreaterThan(before.generation)
  await expect
    .poll(async () => (await sys.store.getCall(before.id))?.state, { timeout: 30_000 })
    .toBe('connected')
  expect((await sys.store.getCall(before.id))!.clerkId).toBe(before.clerkId)
  await expectVideoPlaying(kiosk.page, 'remote-video', 40_000)
  await expectVideoPlaying(clerk.page, 'remote-video', 40_000)
  // Signaling never dropped: nobody was told the other side was reconnecting.
  await expect(kiosk.page.getByTestId('reconnecting')).toBeHidden()

  await clerk.page.getByTestId('end-call').click()
  await expect(kiosk.page.locator('[data-screen="call-rating"]')).toBeVisible()
  await expect
    .poll(async () => (await sys.store.getCall(before.id))?.qualityClerk?.iceRestarts ?? 0)
    .toBeGreaterThanOrEqual(1)
})

test('coturn refuses expired credentials and allocates with fresh ones', async ({ page }) => {
  await page.goto(`${sys.serverUrl}/clerk.html`)
  const gather = (username: string, credential: string) =>
    page.evaluate(
      async ({ url, username, credential }) => {
        const pc = new RTCPeerConnection({
          iceServers: [{ urls: [url], username, credential }],
          iceTransportPolicy: 'relay',
        })
        const relays: string[] = []
        const errors: number[] = []
        pc.onicecandidateerror = (e) => errors.push(e.errorCode)
        pc.addTransceiver('audio')
        await pc.setLocalDescription(await pc.createOffer())
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, 8_000)
          pc.onicecandidate = (e) => {
            if (e.candidate?.type === 'relay') relays.push(e.candidate.address ?? '')
            if (!e.candidate) {
              clearTimeout(t)
              resolve()
            }
          }
        })
        pc.close()
        return { relays: relays.length, errors }
      },
      { url: `turn:127.0.0.1:${turn.port}?transport=udp`, username, credential },
    )
  const fresh = mintTurnCredential(turn.secret, 'terminal-x', 600, Date.now())
  const ok = await gather(fresh.username, fresh.credential)
  expect(ok.relays).toBeGreaterThan(0)
  const expired = mintTurnCredential(turn.secret, 'terminal-x', -60, Date.now())
  const refused = await gather(expired.username, expired.credential)
  expect(refused.relays).toBe(0)
  expect(refused.errors).toContain(401)
})
