import type { OutgoingHttpHeaders } from 'node:http'
import type { UpdateReport } from '../../common/fleet/rollout'
import type { Logger } from '../../node-common/logger'
import {
  decideInstall,
  type Downloaded,
  type UpdatesConfig,
} from '../services/updates/install-gate'
import type { InstallNote } from '../services/updates/install-note'

/*
 * The kiosk's side of staged updates (docs/fleet.md): electron-updater's autoUpdater on the
 * generic provider, pointed at the centre's feed with the terminal's bearer. The centre decides
 * the version (a rollback is a "downgrade" it serves), so the updater's own staging is bypassed.
 * It downloads in the background and installs only when install-gate.ts says so. Thin: tested
 * against a fake autoUpdater (tests/unit/electron/main/updates.test.ts).
 */

type Listener = (arg: unknown) => void

/** The parts of electron-updater's AppUpdater this module uses. */
export interface AutoUpdaterLike {
  autoDownload: boolean
  autoInstallOnAppQuit: boolean
  allowDowngrade: boolean
  disableDifferentialDownload: boolean
  requestHeaders: OutgoingHttpHeaders | null
  isUserWithinRollout: (info: never) => boolean | Promise<boolean>
  setFeedURL(options: { provider: 'generic'; url: string }): void
  checkForUpdates(): Promise<unknown>
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void
  on(
    event: 'update-available' | 'update-not-available' | 'update-downloaded' | 'error',
    l: Listener,
  ): unknown
}

export interface KioskUpdatesDeps {
  updater: AutoUpdaterLike
  config: UpdatesConfig
  /** The running version (app.getVersion()). */
  version: string
  /**
   * `<centre>/api/updates/`, asked before each check: the enrolled centre's address, which a
   * technician may set (or change) while the kiosk runs.
   */
  feedUrl: () => string
  /** `<terminalId>:<credential>`; rejects while the kiosk is not enrolled. */
  credential: () => Promise<string>
  /** No resident session in the main process. */
  isIdle: () => boolean
  report: (r: UpdateReport) => Promise<void>
  /** The note kept across the restart an install causes. */
  note: { read(): InstallNote | null; write(n: InstallNote | null): Promise<void> }
  /** Run after the first start on a new version (the self-test the centre waits for). */
  startedOnNewVersion?: () => void
  log: Logger
  now?: () => number
  every?: (ms: number, fn: () => void) => () => void
}

const GATE_MS = 60_000
/** The app quits to install: the report has this long to leave first. */
const REPORT_BEFORE_QUIT_MS = 5_000

export function startKioskUpdates(deps: KioskUpdatesDeps): { stop(): void } {
  const { updater, config, log } = deps
  const now = deps.now ?? Date.now
  const every =
    deps.every ??
    ((ms: number, fn: () => void) => {
      const t = setInterval(fn, ms)
      t.unref()
      return () => clearInterval(t)
    })
  let phase: 'idle' | 'checking' | 'downloading' | 'downloaded' | 'installing' = 'idle'
  let offered: Downloaded | null = null
  let downloaded: Downloaded | null = null
  const send = (r: UpdateReport) =>
    deps
      .report(r)
      .catch((err: unknown) => log.warn({ err: (err as Error).message }, 'update report not sent'))

  // What the last install left: the new version started, or the old one is still running.
  const note = deps.note.read()
  if (note) {
    void deps.note.write(null)
    if (deps.version === note.to) {
      log.info({ from: note.from, to: note.to }, 'started on the new version')
      deps.startedOnNewVersion?.()
    } else {
      log.warn({ from: note.from, to: note.to, running: deps.version }, 'update did not take')
      void send({ version: note.to, outcome: 'failed', detail: 'did-not-take' })
    }
  }

  updater.autoDownload = true
  // Never on quit: a kiosk quits for a crash or a technician, not for an install window.
  updater.autoInstallOnAppQuit = false
  // Going back to the previous version is a downgrade the centre serves.
  updater.allowDowngrade = true
  // Our feed lists whole files without block maps.
  updater.disableDifferentialDownload = true
  // The centre already chose this terminal's version; electron-updater's percentage must not.
  updater.isUserWithinRollout = () => true
  let feed: string | null = null
  const followFeed = () => {
    const url = deps.feedUrl()
    if (url === feed) return
    feed = url
    updater.setFeedURL({ provider: 'generic', url })
  }
  followFeed()

  const infoOf = (info: unknown): Downloaded | null => {
    const i = info as { version?: unknown; urgent?: unknown } | null
    return typeof i?.version === 'string' ? { version: i.version, urgent: i.urgent === true } : null
  }
  updater.on('update-available', (info) => {
    offered = infoOf(info)
    phase = 'downloading'
    // A different target than what lies downloaded (halted, rolled back): that one is void.
    if (downloaded && downloaded.version !== offered?.version) downloaded = null
  })
  updater.on('update-not-available', () => {
    // The centre wants the running version: nothing downloaded earlier may be installed.
    offered = null
    downloaded = null
    phase = 'idle'
  })
  updater.on('update-downloaded', (info) => {
    downloaded = infoOf(info) ?? offered
    phase = 'downloaded'
    if (downloaded) {
      log.info({ version: downloaded.version, urgent: downloaded.urgent }, 'update downloaded')
      void send({ version: downloaded.version, outcome: 'downloaded' })
    }
    void gate()
  })
  updater.on('error', (err) => {
    const message = (err as Error | null)?.message ?? String(err)
    // A check that fails (centre offline, no rollout: 404) is retried at the next check.
    if (phase === 'checking' || phase === 'idle') {
      log.debug({ err: message }, 'update check failed')
      phase = 'idle'
      return
    }
    const version = (phase === 'installing' ? downloaded : offered)?.version
    log.warn({ err: message, phase }, 'update failed')
    if (version)
      void send({
        version,
        outcome: 'failed',
        detail: phase === 'installing' ? 'install-error' : 'download-error',
      })
    if (phase === 'installing') void deps.note.write(null)
    phase = 'idle'
    downloaded = null
  })

  async function check(): Promise<void> {
    if (phase === 'downloading' || phase === 'installing') return
    let bearer: string
    try {
      bearer = await deps.credential()
    } catch {
      return // not enrolled yet: nothing to ask the centre
    }
    followFeed()
    updater.requestHeaders = { authorization: `Bearer ${bearer}` }
    if (phase !== 'downloaded') phase = 'checking'
    await updater.checkForUpdates().catch(() => undefined) // reported through 'error'
    if (phase === 'checking') phase = 'idle'
  }

  async function gate(): Promise<void> {
    if (phase !== 'downloaded') return
    const decision = decideInstall({ downloaded, idle: deps.isIdle(), now: now(), config })
    if (!decision.install) return
    phase = 'installing'
    log.info({ from: deps.version, to: decision.version }, 'installing update')
    await deps.note.write({ from: deps.version, to: decision.version })
    let timer: ReturnType<typeof setTimeout> | undefined
    await Promise.race([
      send({ version: decision.version, outcome: 'installing' }),
      new Promise((resolve) => (timer = setTimeout(resolve, REPORT_BEFORE_QUIT_MS))),
    ])
    clearTimeout(timer)
    // A resident may have tapped a card meanwhile: then the next minute decides again.
    if (!deps.isIdle()) {
      phase = 'downloaded'
      await deps.note.write(null)
      return
    }
    // Silent, and start the app again afterwards.
    updater.quitAndInstall(true, true)
  }

  void check()
  const stops = [
    every(config.checkMinutes * 60_000, () => void check()),
    every(GATE_MS, () => void gate()),
  ]
  return { stop: () => stops.forEach((s) => s()) }
}
