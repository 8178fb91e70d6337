// The kiosk's health snapshot for the centre, and when a change is worth an immediate report.
import { describe, expect, it } from 'vitest'
import type { DeviceHealth } from '../../../../../common/domain/device-health'
import { HealthSnapshot } from '../../../../../common/signaling/health'
import {
  healthSnapshot,
  HealthWatch,
  type HealthSources,
} from '../../../../../electron/services/health/snapshot'

const T0 = Date.UTC(2026, 5, 1, 8, 0)
const since = new Date(T0).toISOString()

function sources() {
  const s = {
    clock: T0 + 3_600_000,
    devices: [
      { role: 'id-reader', state: 'ready', source: '/dev/hidraw3', since },
      { role: 'receipt-printer', state: 'ready', source: 'sim:printer', since },
    ] as DeviceHealth[],
    backlog: { waiting: 0, oldestCreatedMs: null as number | null },
    catalog: '2025.06.7',
  }
  const src: HealthSources = {
    appVersion: '0.3.1',
    catalogVersion: () => s.catalog,
    devices: () => s.devices,
    backlog: () => s.backlog,
    diskFreeMb: () => 20_480,
    startedAt: T0,
    now: () => s.clock,
  }
  return { s, src }
}

const printer = (state: DeviceHealth['state'], detail?: string): DeviceHealth => ({
  role: 'receipt-printer',
  state,
  source: 'sim:printer',
  ...(detail ? { detail } : {}),
  since,
})

describe('health snapshot', () => {
  it('says versions, devices, paper, backlog with its oldest age, disk and uptime; no device paths', () => {
    const { s, src } = sources()
    s.backlog = { waiting: 2, oldestCreatedMs: s.clock - 125_000 }
    const snap = HealthSnapshot.parse(healthSnapshot(src))
    expect(snap).toEqual({
      appVersion: '0.3.1',
      catalogVersion: '2025.06.7',
      devices: [
        { role: 'id-reader', state: 'ready' },
        { role: 'receipt-printer', state: 'ready' },
      ],
      printer: { state: 'ready', paper: 'ok' },
      outbox: { waiting: 2, oldestAgeSeconds: 125 },
      diskFreeMb: 20_480,
      uptimeSeconds: 3600,
      lastSelfTest: null,
    })
    expect(JSON.stringify(snap)).not.toContain('hidraw')
  })

  it('reads the paper from the printer’s state', () => {
    const { s, src } = sources()
    const paper = (p: DeviceHealth) => {
      s.devices = [p]
      return healthSnapshot(src).printer
    }
    expect(paper(printer('error', 'paper-out'))).toEqual({
      state: 'error',
      paper: 'out',
      detail: 'paper-out',
    })
    expect(paper(printer('warning', 'paper-near-end'))?.paper).toBe('near-end')
    expect(paper(printer('error', 'cover-open'))?.paper).toBe('unknown')
    expect(paper(printer('disconnected'))?.paper).toBe('unknown')
    s.devices = []
    expect(healthSnapshot(src).printer).toBeNull()
  })
})

describe('health watch', () => {
  it('announces a change of device state, paper or backlog, not the clock moving on', () => {
    const { s, src } = sources()
    const seen: HealthSnapshot[] = []
    const watch = new HealthWatch(src, (snap) => seen.push(snap))
    watch.poke() // the baseline
    s.clock += 61_000
    watch.poke()
    expect(seen).toEqual([])

    s.devices = [s.devices[0]!, printer('error', 'paper-out')]
    watch.poke()
    watch.poke()
    expect(seen.map((x) => x.printer?.paper)).toEqual(['out'])

    s.backlog = { waiting: 1, oldestCreatedMs: s.clock }
    watch.poke()
    s.clock += 30_000 // the entry ages: not a change by itself
    watch.poke()
    s.catalog = '2025.06.8'
    watch.poke()
    expect(seen.map((x) => [x.outbox.waiting, x.catalogVersion])).toEqual([
      [0, '2025.06.7'],
      [1, '2025.06.7'],
      [1, '2025.06.8'],
    ])
  })
})
