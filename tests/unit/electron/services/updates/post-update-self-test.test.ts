// The self-test a kiosk owes after starting on a new version: the updater marks it on the first
// start, the renderer's question waits for the updater, it survives a restart, and only a whole
// self-test run after the start pays it.
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SelfTestPart, type SelfTestResult } from '../../../../../common/fleet/self-test'
import { startKioskUpdates } from '../../../../../electron/main/updates'
import { UpdatesConfig } from '../../../../../electron/services/updates/install-gate'
import { PostUpdateSelfTest } from '../../../../../electron/services/updates/post-update-self-test'
import { silentLogger } from '../../../../../node-common/logger'
import { until } from '../../../../support/until'

const T0 = Date.UTC(2026, 0, 10, 6, 0)

function result(at: number, parts: readonly SelfTestPart[] = SelfTestPart.options): SelfTestResult {
  return {
    at,
    passed: true,
    trigger: 'update',
    checks: parts.map((part) => ({ part, status: 'pass' as const })),
  }
}

/** The kiosk's updater started after an install note from 1.2.0 to `running`. */
function startUpdater(running: string, postUpdate: PostUpdateSelfTest) {
  const updater = {
    autoDownload: false,
    autoInstallOnAppQuit: true,
    allowDowngrade: false,
    disableDifferentialDownload: false,
    requestHeaders: null,
    isUserWithinRollout: () => false,
    setFeedURL: () => undefined,
    checkForUpdates: async () => null,
    quitAndInstall: () => undefined,
    on: () => undefined,
  }
  const reports: unknown[] = []
  startKioskUpdates({
    updater,
    config: UpdatesConfig.parse({}),
    version: running,
    feedUrl: () => 'https://centre.example/api/updates/',
    credential: async () => 't_1:secret',
    isIdle: () => true,
    report: async (r) => void reports.push(r),
    note: { read: () => ({ from: '1.2.0', to: '1.3.0' }), write: async () => undefined },
    // As electron/main/index.ts wires it.
    startedOnNewVersion: () => void postUpdate.startedOn(running, T0),
    log: silentLogger(),
    every: () => () => undefined,
  })
  postUpdate.updaterStarted()
  return reports
}

describe('the self-test owed after an update', () => {
  const dir = () => join(mkdtempSync(join(tmpdir(), 'owed-')), 'self-test-owed.json')

  it('is owed once the kiosk started on the new version, and kept across a restart', async () => {
    const file = dir()
    const owed = await PostUpdateSelfTest.open(file, silentLogger(), { updaterStarts: true })
    // The renderer asks before the updater has read its note: the answer waits for it.
    let answer: unknown = null
    const asked = owed.due().then((a) => (answer = a))
    await new Promise((resolve) => setImmediate(resolve))
    expect(answer).toBeNull()
    startUpdater('1.3.0', owed)
    await asked
    expect(answer).toEqual({ due: true, version: '1.3.0' })
    // Restarted before the test ran (once the mark is on disk): still owed, though the
    // install note is gone.
    await until(() => existsSync(file), 2_000)
    const again = await PostUpdateSelfTest.open(file, silentLogger(), { updaterStarts: false })
    expect(await again.due()).toEqual({ due: true, version: '1.3.0' })
  })

  it('is not owed when the update did not take (the old version still runs)', async () => {
    const owed = await PostUpdateSelfTest.open(dir(), silentLogger(), { updaterStarts: true })
    const reports = startUpdater('1.2.0', owed)
    expect(await owed.due()).toEqual({ due: false, version: null })
    expect(reports).toEqual([{ version: '1.3.0', outcome: 'failed', detail: 'did-not-take' }])
  })

  it('is paid by a whole self-test after the start, not by a single part or an older run', async () => {
    const file = dir()
    const owed = await PostUpdateSelfTest.open(file, silentLogger(), { updaterStarts: false })
    await owed.startedOn('1.3.0', T0)
    await owed.saved(result(T0 + 60_000, ['printer']))
    await owed.saved(result(T0 - 1))
    expect((await owed.due()).due).toBe(true)
    await owed.saved({ ...result(T0 + 60_000), passed: false })
    expect((await owed.due()).due).toBe(false)
    const again = await PostUpdateSelfTest.open(file, silentLogger(), { updaterStarts: false })
    expect((await again.due()).due).toBe(false)
  })
})
