import type { RequestChannel } from '../../../common/bridge/channels'
import type { RequestOutput } from '../../../common/bridge/contract'
import { checkedOutput } from '../platform/bridge'
import { earlyRequests } from './early'

const check =
  <C extends RequestChannel>(channel: C) =>
  (raw: unknown) =>
    checkedOutput(channel, raw)

let settle: () => void = () => {}
const homeSettled = new Promise<void>((done) => (settle = done))

/**
 * Called once the home screen shows its tiles (or that they failed). Validating the whole catalog
 * (40–60 ms of main thread here) waits for it: the tiles need only the categories.
 */
export function homeScreenSettled(): void {
  settle()
}

let reporting = false
// The kiosk's socket and its health reports start once the tiles are up, off the cold start's
// path (their code is a chunk of its own). Once per page, whatever React's effects do.
void homeSettled.then(() => {
  if (reporting) return
  reporting = true
  void import('../video/kiosk/health-reports').then(
    (m) => m.startHealthReports(),
    () => undefined,
  )
  // The fleet console's remote commands, held until nobody uses the kiosk. The self-test is
  // technician mode's, run without a person: no speaker question, no card awaited, no page.
  void import('./fleet/start').then(
    (m) =>
      m.startRemoteCommands({
        runSelfTest: () =>
          import('./technician/self-test-run').then((s) =>
            s.runSelfTest({ trigger: 'remote', interactive: false }),
          ),
      }),
    () => undefined,
  )
  // Started on a new version: the self-test the centre's rollout waits for, run the same way.
  void import('./fleet/after-update').then(
    async (m) => {
      const [{ kioskIdle, onKioskIdle }, { bridge }] = await Promise.all([
        import('./fleet/idle'),
        import('../platform/bridge'),
      ])
      const b = bridge()
      if (!b) return
      await m.selfTestAfterUpdate({
        due: () => b.request('selftest:due', undefined),
        isIdle: kioskIdle,
        onIdle: onKioskIdle,
        run: () =>
          import('./technician/self-test-run').then((s) =>
            s.runSelfTest({ trigger: 'update', interactive: false }),
          ),
      })
    },
    () => undefined,
  )
})

const nextTask = () => new Promise<void>((done) => setTimeout(done, 0))

/**
 * The home screen's data from the requests the boot chunk sent, each validated against the
 * contract here before the app uses it: the categories first, the whole catalog (only needed
 * for the popular items and the later screens) once the tiles are up.
 */
const e = earlyRequests
export const startupRequests = e
  ? {
      categories: e.categories.then(check('catalog:categories')),
      info: e.info.then(check('app:info')),
      settings: e.settings.then(check('session:settings')),
      catalog: homeSettled
        .then(nextTask)
        .then(() => e.catalog)
        .then(check('catalog:get')),
    }
  : null
// Rejections are handled where the values are used; avoid unhandled-rejection noise before then.
if (startupRequests) for (const p of Object.values(startupRequests)) p.catch(() => undefined)

type Settled<T> = { ok: true; value: T } | { ok: false }
/**
 * The answers already validated, readable synchronously: they are usually in before React
 * renders, and the first render then shows the tiles at once instead of rendering a loading
 * state and then rendering (and laying out) the home screen again.
 */
export const arrived: {
  categories?: Settled<RequestOutput<'catalog:categories'>>
  info?: Settled<RequestOutput<'app:info'>>
  settings?: Settled<RequestOutput<'session:settings'>>
} = {}
if (startupRequests) {
  for (const key of ['categories', 'info', 'settings'] as const) {
    ;(startupRequests[key] as Promise<never>).then(
      (value) => (arrived[key] = { ok: true, value }),
      () => (arrived[key] = { ok: false }),
    )
  }
}
