import { join } from 'node:path'
import type { BridgeHandlers } from '../../../common/bridge/contract'
import { BridgeError } from '../../../common/bridge/errors'
import type { DeviceHealth } from '../../../common/domain/device-health'
import type { SelfTestResult } from '../../../common/fleet/self-test'
import type { LocalSettings } from '../../../common/fleet/technician'
import { CentreAddress, DEFAULT_LOCAL_SETTINGS, EnrolCode } from '../../../common/fleet/technician'
import type { Logger } from '../../../node-common/logger'
import type { TerminalIdentity } from '../terminal-identity'
import { redeemCode, technicianLogin, type TechnicianLogin } from './centre-calls'
import {
  checkCentre,
  checkPrinter,
  checkReader,
  type PrinterProbe,
  type ReaderProbe,
} from './checks'
import type { KeptJson } from './kept-json'
import type { PostUpdateSelfTest } from '../updates/post-update-self-test'
import type { LogRing } from '../../../node-common/log-ring'
import { exportLog } from './log-ring'

export type TechnicianChannel =
  | 'terminal:status'
  | 'terminal:enrol'
  | 'technician:login'
  | 'technician:logout'
  | 'selftest:reader'
  | 'selftest:printer'
  | 'selftest:network'
  | 'selftest:machine'
  | 'selftest:save'
  | 'selftest:last'
  | 'selftest:due'
  | 'settings:get'
  | 'settings:set'
  | 'logs:export'
export type TechnicianHandlers = Pick<BridgeHandlers, TechnicianChannel>

/** A technician's login on this kiosk ends after this long, or with the centre's session. */
export const TECHNICIAN_SESSION_MS = 30 * 60_000

export interface TechnicianDeps {
  identity: TerminalIdentity
  /** Every request to the centre (the kiosk's watched fetch). */
  fetch: typeof fetch
  reader: ReaderProbe
  printer: () => PrinterProbe | undefined
  devices: () => readonly DeviceHealth[]
  backlog: () => { waiting: number; oldestCreatedMs: number | null }
  diskFreeMb: () => number | null
  settings: KeptJson<typeof LocalSettings>
  /** The defaults where the technician set nothing (the idle time may come from the environment). */
  defaults: LocalSettings
  lastSelfTest: KeptJson<typeof SelfTestResult>
  logRing?: LogRing
  dataDir: string
  /** The kiosk was enrolled: fetch the catalog and the centre's address now. */
  onEnrolled(): void
  /** Settings changed: apply them (printer paper) and tell the renderer. */
  onSettings(settings: LocalSettings): void
  /** A self-test was kept: the health report carries it. */
  onSelfTest(): void
  /** The self-test owed after an update (updates/post-update-self-test.ts); none without one. */
  postUpdate?: Pick<PostUpdateSelfTest, 'due' | 'saved'>
  log: Logger
  now?: () => number
}

/**
 * Technician mode's side of the bridge. Enrolment, settings and the log export need a
 * technician logged in on this kiosk, except on a kiosk that holds no credential yet (the
 * first-run screen); the self-test's checks do not (the fleet console's remote self-test runs
 * them too) and answer machine state only.
 */
export function createTechnicianHandlers(deps: TechnicianDeps): TechnicianHandlers {
  const { identity, log } = deps
  const now = deps.now ?? Date.now
  let session: (TechnicianLogin & { until: number }) | null = null

  const requireTechnician = async (what: string) => {
    await identity.refresh()
    if (!identity.enrolled) return
    if (session && session.until > now()) return
    session = null
    throw new BridgeError('TECHNICIAN_REQUIRED', `${what} needs a technician logged in`)
  }
  const settings = () => deps.settings.value ?? deps.defaults

  return {
    'terminal:status': async () => {
      await identity.refresh()
      return {
        enrolled: identity.enrolled,
        serverUrl: identity.serverUrl(),
        terminalId: identity.terminalId,
        hallName: identity.hallName(),
        terminalName: identity.terminalName(),
      }
    },
    'terminal:enrol': async (input) => {
      await requireTechnician('re-enrolment')
      const firstRun = !identity.enrolled
      const serverUrl = CentreAddress.safeParse(input.serverUrl)
      if (!serverUrl.success) throw new BridgeError('INVALID_INPUT', 'not a centre address')
      const code = EnrolCode.safeParse(input.code)
      if (!code.success) throw new BridgeError('ENROL_CODE_INVALID', 'not an enrolment code')
      const enrolled = await redeemCode({
        serverUrl: serverUrl.data,
        code: code.data,
        terminalName: input.terminalName,
        fetch: deps.fetch,
      })
      await identity.save({
        terminalId: enrolled.terminalId,
        credential: enrolled.credential,
        hall: enrolled.hall,
        terminalName: enrolled.terminalName,
        serverUrl: serverUrl.data,
      })
      log.info(
        { terminalId: enrolled.terminalId, hall: enrolled.hall },
        'terminal enrolled on site',
      )
      // Whoever redeemed the one-time code made for this hall goes on setting the kiosk up
      // (self-test, settings) without a second login.
      if (firstRun)
        session = {
          displayName: '',
          role: 'technician',
          expiresAt: now() + TECHNICIAN_SESSION_MS,
          until: now() + TECHNICIAN_SESSION_MS,
        }
      deps.onEnrolled()
      return {
        terminalId: enrolled.terminalId,
        hallName: enrolled.hall,
        terminalName: enrolled.terminalName,
      }
    },
    'technician:login': async ({ username, password }) => {
      const login = await technicianLogin({
        serverUrl: identity.serverUrl(),
        username,
        password,
        fetch: deps.fetch,
      })
      session = { ...login, until: Math.min(login.expiresAt, now() + TECHNICIAN_SESSION_MS) }
      log.info({ role: login.role }, 'technician mode opened')
      return { displayName: login.displayName, role: login.role }
    },
    'technician:logout': async () => {
      if (session) log.info({}, 'technician mode closed')
      session = null
      return { ended: true }
    },
    'selftest:reader': ({ waitMs }) => checkReader(deps.reader, waitMs),
    'selftest:printer': ({ testPage }) => checkPrinter(deps.printer(), testPage),
    'selftest:network': () =>
      checkCentre({ serverUrl: identity.serverUrl(), fetch: deps.fetch, now }),
    'selftest:machine': async () => {
      const backlog = deps.backlog()
      return {
        diskFreeMb: deps.diskFreeMb(),
        outboxWaiting: backlog.waiting,
        outboxOldestAgeSeconds:
          backlog.waiting > 0 && backlog.oldestCreatedMs !== null
            ? Math.max(0, Math.floor((now() - backlog.oldestCreatedMs) / 1000))
            : null,
      }
    },
    'selftest:save': async (result) => {
      await deps.lastSelfTest.set(result)
      await deps.postUpdate?.saved(result)
      log.info(
        {
          passed: result.passed,
          trigger: result.trigger,
          failed: result.checks.filter((c) => c.status === 'fail').map((c) => c.part),
        },
        'self-test finished',
      )
      deps.onSelfTest()
      return { saved: true }
    },
    'selftest:last': async () => deps.lastSelfTest.value,
    'selftest:due': async () =>
      deps.postUpdate ? deps.postUpdate.due() : { due: false, version: null },
    'settings:get': async () => settings(),
    'settings:set': async (next) => {
      await requireTechnician('settings')
      const saved = await deps.settings.set(next)
      log.info({ ...saved }, 'local settings changed')
      deps.onSettings(saved)
      return saved
    },
    'logs:export': async () => {
      await requireTechnician('log export')
      if (!deps.logRing) throw new BridgeError('DEVICE_UNAVAILABLE', 'no log kept in memory')
      const out = await exportLog(deps.logRing, join(deps.dataDir, 'log-exports'), new Date(now()))
      log.info({ lines: out.lines }, 'log exported')
      return out
    },
  }
}

/** For compositions without technician mode (unit tests of the other services). */
export function technicianUnavailable(): TechnicianHandlers {
  const no = async (): Promise<never> => {
    throw new BridgeError('DEVICE_UNAVAILABLE', 'technician mode is not composed here')
  }
  return {
    'terminal:status': no,
    'terminal:enrol': no,
    'technician:login': no,
    'technician:logout': no,
    'selftest:reader': no,
    'selftest:printer': no,
    'selftest:network': no,
    'selftest:machine': no,
    'selftest:save': no,
    'selftest:last': async () => null,
    'selftest:due': async () => ({ due: false, version: null }),
    'settings:get': async () => DEFAULT_LOCAL_SETTINGS,
    'settings:set': no,
    'logs:export': no,
  }
}
