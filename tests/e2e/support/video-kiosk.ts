// The `test` of a spec where a resident at the real kiosk calls a clerk: the kiosk fixture (the
// real centre, the kiosk's own main process) with its parts as `centre` and `host`, and Debian's
// Chromium with the fake camera and microphone.
import { chromiumArgs } from '../../../playwright.config'
import type { DeviceHostProcess } from './device-host-process'
import { kioskBase } from './kiosk-fixture'
import type { RealCentre } from './real-centre'

/** Fake camera and microphone, and sound allowed to autoplay as on the kiosk. */
export const mediaLaunchArgs = [...chromiumArgs, '--autoplay-policy=no-user-gesture-required']

// One test object and one launch options value for every such file, so they can share a worker.
const videoKiosk = kioskBase.extend<{ centre: RealCentre; host: DeviceHostProcess }>({
  centre: async ({ kiosk }, use) => use(kiosk.centre),
  host: async ({ kiosk }, use) => use(kiosk.host),
})
const mediaLaunchOptions = { executablePath: '/usr/bin/chromium', args: mediaLaunchArgs }

/** Call once, at the top of each spec file (a fresh centre for each file, as kioskTest). */
export function videoKioskTest() {
  videoKiosk.use({
    // The idle check (kiosk-privacy.spec.ts) is pushed out: two parties on two loaded cores can
    // take longer between touches than its 60 s.
    kioskOptions: { hostEnv: { KIOSK_IDLE_SECONDS: '900' } },
    launchOptions: mediaLaunchOptions,
  })
  return videoKiosk
}
