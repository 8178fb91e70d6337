// The kiosk's updater wiring against a fake electron-updater autoUpdater: the feed it follows,
// the background download, the install only when idle inside the window, the reports to the
// centre, and what it finds after the restart an install causes.
import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import type { UpdateReport } from '../../../../common/fleet/rollout'
import { startKioskUpdates, type AutoUpdaterLike } from '../../../../electron/main/updates'
import { UpdatesConfig } from '../../../../electron/services/updates/install-gate'
import type { InstallNote } from '../../../../electron/services/updates/install-note'
import { updateFeedUrl } from '../../../../electron/services/updates/report'
import { silentLogger } from '../../../../node-common/logger'
import { until } from '../../../support/until'

class FakeAutoUpdater extends EventEmitter implements AutoUpdaterLike {
  autoDownload = false
  autoInstallOnAppQuit = true
  allowDowngrade = false
  disableDifferentialDownload = false
  requestHeaders: Record<string, string> | null = null
  isUserWithinRollout: (info: never) => boolean = () => false
  feed: unknown = null
  checks: (Record<string, string> | null)[] = []
  installs: [boolean | undefined, boolean | undefined][] = []
  setFeedURL(options: unknown): void {
    this.feed = options
  }
  async checkForUpdates(): Promise<unknown> {
    this.checks.push(this.requestHeaders)
    return null
  }
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void {
    this.installs.push([isSilent, isForceRunAfter])
  }
}

const china = (hhmm: string) =>
  Date.UTC(2026, 0, 10, Number(hhmm.slice(0, 2)) - 8, Number(hhmm.slice(3, 5)))

function boot(opts: { note?: InstallNote | null; version?: string; enrolled?: boolean } = {}) {
  const updater = new FakeAutoUpdater()
  const reports: UpdateReport[] = []
  const timers: { ms: number; fn: () => void }[] = []
  const state = {
    clock: china('14:00'),
    idle: true,
    note: opts.note ?? null,
    selfTests: 0,
    feed: 'https://centre.example/api/updates/',
  }
  const running = startKioskUpdates({
    updater,
    config: UpdatesConfig.parse({}),
    version: opts.version ?? '1.2.0',
    feedUrl: () => state.feed,
    credential: async () => {
      if (opts.enrolled === false) throw new Error('NOT_ENROLLED')
      return 't_1:secret'
    },
    isIdle: () => state.idle,
    report: async (r) => void reports.push(r),
    note: {
      read: () => state.note,
      write: async (n) => void (state.note = n),
    },
    startedOnNewVersion: () => void state.selfTests++,
    log: silentLogger(),
    now: () => state.clock,
    every: (ms, fn) => {
      timers.push({ ms, fn })
      return () => undefined
    },
  })
  /** Fires the once-a-minute install gate. */
  const minute = () => timers.find((t) => t.ms === 60_000)!.fn()
  return { updater, reports, state, running, minute, timers }
}

describe('kiosk updates', () => {
  it('follows the centre’s feed with the terminal’s bearer, downloads in the background, lets the centre decide', async () => {
    const { updater, timers } = boot()
    expect(updater.feed).toEqual({
      provider: 'generic',
      url: 'https://centre.example/api/updates/',
    })
    expect(updater).toMatchObject({
      autoDownload: true,
      autoInstallOnAppQuit: false,
      allowDowngrade: true,
    })
    expect(updater.isUserWithinRollout({} as never)).toBe(true)
    await until(() => updater.checks.length === 1, 2_000)
    expect(updater.checks[0]).toEqual({ authorization: 'Bearer t_1:secret' })
    // Asked again every 30 minutes.
    expect(timers.map((t) => t.ms).sort((a, b) => a - b)).toEqual([60_000, 1_800_000])
  })

  it('follows the enrolled centre’s address: a centre enrolled while running is asked at the next check', async () => {
    const { updater, state, timers } = boot()
    await until(() => updater.checks.length === 1, 2_000)
    state.feed = updateFeedUrl('https://hall-centre.example:8443')
    timers.find((t) => t.ms === 1_800_000)!.fn()
    await until(() => updater.checks.length === 2, 2_000)
    expect(updater.feed).toEqual({
      provider: 'generic',
      url: 'https://hall-centre.example:8443/api/updates/',
    })
  })

  it('asks nothing while the kiosk is not enrolled', async () => {
    const { updater, timers } = boot({ enrolled: false })
    timers.find((t) => t.ms === 1_800_000)!.fn()
    await new Promise((resolve) => setImmediate(resolve))
    expect(updater.checks).toEqual([])
  })

  it('installs a downloaded update only when idle inside the maintenance window, and says so', async () => {
    const { updater, reports, state, minute } = boot()
    updater.emit('update-available', { version: '1.3.0' })
    updater.emit('update-downloaded', { version: '1.3.0' })
    await until(() => reports.length === 1, 2_000)
    expect(reports[0]).toEqual({ version: '1.3.0', outcome: 'downloaded' })
    // 14:00: outside the window.
    minute()
    // 02:00, but a resident's card is on the reader.
    state.clock = china('02:00')
    state.idle = false
    minute()
    await new Promise((resolve) => setImmediate(resolve))
    expect(updater.installs).toEqual([])
    state.idle = true
    minute()
    await until(() => updater.installs.length === 1, 2_000)
    expect(updater.installs[0]).toEqual([true, true])
    expect(reports[1]).toEqual({ version: '1.3.0', outcome: 'installing' })
    expect(state.note).toEqual({ from: '1.2.0', to: '1.3.0' })
  })

  it('installs the way back to the previous version as soon as the kiosk is idle', async () => {
    const { updater, state } = boot({ version: '1.3.0' })
    state.clock = china('15:00')
    updater.emit('update-available', { version: '1.2.0', urgent: true })
    updater.emit('update-downloaded', { version: '1.2.0', urgent: true })
    await until(() => updater.installs.length === 1, 2_000)
    expect(state.note).toEqual({ from: '1.3.0', to: '1.2.0' })
  })

  it('drops a downloaded update the centre no longer wants (rollout halted)', async () => {
    const { updater, state, minute } = boot()
    updater.emit('update-available', { version: '1.3.0' })
    updater.emit('update-downloaded', { version: '1.3.0' })
    updater.emit('update-not-available', { version: '1.2.0' })
    state.clock = china('02:00')
    minute()
    await new Promise((resolve) => setImmediate(resolve))
    expect(updater.installs).toEqual([])
  })

  it('reports a failed download, but not a failed check', async () => {
    const { updater, reports } = boot()
    await until(() => updater.checks.length === 1, 2_000)
    updater.emit('error', new Error('HttpError: 404'))
    updater.emit('update-available', { version: '1.3.0' })
    updater.emit('error', new Error('sha512 checksum mismatch'))
    await until(() => reports.length === 1, 2_000)
    expect(reports).toEqual([{ version: '1.3.0', outcome: 'failed', detail: 'download-error' }])
  })

  it('after the restart: runs the self-test on the new version, or reports an install that did not take', async () => {
    const started = boot({ version: '1.3.0', note: { from: '1.2.0', to: '1.3.0' } })
    expect(started.state.selfTests).toBe(1)
    expect(started.state.note).toBeNull()
    expect(started.reports).toEqual([])

    const stale = boot({ version: '1.2.0', note: { from: '1.2.0', to: '1.3.0' } })
    expect(stale.state.selfTests).toBe(0)
    await until(() => stale.reports.length === 1, 2_000)
    expect(stale.reports[0]).toEqual({
      version: '1.3.0',
      outcome: 'failed',
      detail: 'did-not-take',
    })
  })
})
