import type { DeviceHealth } from '../../../common/domain/device-health'
import type { SelfTestResult } from '../../../common/fleet/self-test'
import type { HealthSnapshot, PaperState } from '../../../common/signaling/health'

/** Where the kiosk's health comes from (compose-kiosk.ts wires the real ones). */
export interface HealthSources {
  appVersion: string
  catalogVersion(): string
  devices(): readonly DeviceHealth[]
  /** What waits in the outbox; nothing when the kiosk has no outbox. */
  backlog(): { waiting: number; oldestCreatedMs: number | null }
  /** Free space of the data folder in MiB; null when it cannot be read. */
  diskFreeMb(): number | null
  /** The last self-test kept on the kiosk (technician mode or a remote command). */
  lastSelfTest?(): SelfTestResult | null
  /** When this process started (epoch ms). */
  startedAt: number
  now(): number
}

const token = (s: string | undefined): string | undefined =>
  s && /^[a-z0-9-]{1,40}$/.test(s) ? s : undefined

export function paperOf(printer: DeviceHealth): PaperState {
  if (printer.state === 'disconnected') return 'unknown'
  if (printer.detail === 'paper-out') return 'out'
  if (printer.detail === 'paper-near-end') return 'near-end'
  // Another fault (cover open, offline) hides the paper sensor's answer.
  return printer.state === 'error' ? 'unknown' : 'ok'
}

/**
 * The kiosk's health as the centre gets it (common/signaling/health.ts): machine state only. A
 * device's `source` (a HID path, a serial port) stays on the kiosk; its detail goes only as a
 * short token.
 */
export function healthSnapshot(src: HealthSources): HealthSnapshot {
  const now = src.now()
  const devices = src.devices()
  const printer = devices.find((d) => d.role === 'receipt-printer')
  const backlog = src.backlog()
  const detail = (d: DeviceHealth) => {
    const t = token(d.detail)
    return t ? { detail: t } : {}
  }
  return {
    appVersion: src.appVersion.slice(0, 40) || 'unknown',
    catalogVersion: src.catalogVersion().slice(0, 40) || 'unknown',
    devices: devices.slice(0, 8).map((d) => ({ role: d.role, state: d.state, ...detail(d) })),
    printer: printer ? { state: printer.state, paper: paperOf(printer), ...detail(printer) } : null,
    outbox: {
      waiting: Math.min(backlog.waiting, 1_000_000),
      oldestAgeSeconds:
        backlog.waiting > 0 && backlog.oldestCreatedMs !== null
          ? Math.max(0, Math.floor((now - backlog.oldestCreatedMs) / 1000))
          : null,
    },
    diskFreeMb: src.diskFreeMb(),
    uptimeSeconds: Math.max(0, Math.floor((now - src.startedAt) / 1000)),
    lastSelfTest: selfTestSummary(src.lastSelfTest?.() ?? null),
  }
}

/** The health report's summary of a self-test: when, whether it passed, which parts failed. */
export function selfTestSummary(r: SelfTestResult | null): HealthSnapshot['lastSelfTest'] {
  if (!r) return null
  const failed = [...new Set(r.checks.filter((c) => c.status === 'fail').map((c) => c.part))]
  return { at: r.at, passed: r.passed, ...(failed.length ? { failed } : {}) }
}

/**
 * What counts as a change worth an immediate report: device states, the printer's paper, how
 * many entries wait, the versions. Not the clock-driven fields (uptime, the oldest entry's age,
 * disk free): the periodic report carries those.
 */
export function changeKey(s: HealthSnapshot): string {
  return JSON.stringify([
    s.appVersion,
    s.catalogVersion,
    s.devices,
    s.printer,
    s.outbox.waiting,
    s.lastSelfTest,
  ])
}

/**
 * Recomputes the snapshot when a source says something happened (`poke`) and calls `changed`
 * only when its change key differs from the last one announced.
 */
export class HealthWatch {
  private lastKey: string | null = null

  constructor(
    private readonly src: HealthSources,
    private readonly changed: (s: HealthSnapshot) => void,
  ) {}

  snapshot(): HealthSnapshot {
    return healthSnapshot(this.src)
  }

  poke(): void {
    const s = this.snapshot()
    const key = changeKey(s)
    if (key === this.lastKey) return
    const first = this.lastKey === null
    this.lastKey = key
    // The first computation is the baseline, not a change: the renderer sends one on connect.
    if (!first) this.changed(s)
  }
}
