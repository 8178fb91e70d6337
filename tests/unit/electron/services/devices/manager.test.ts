import { Writable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { DeviceHealth } from '../../../../../common/domain/device-health'
import type { ReaderEvent } from '../../../../../common/devices/reader-events'
import { composeDevices } from '../../../../../electron/services/devices/compose'
import { IdReaderDriver } from '../../../../../electron/services/devices/id-reader/driver'
import type { CardRead } from '../../../../../electron/services/devices/id-reader/reader'
import { ReaderSimulator } from '../../../../../electron/services/devices/id-reader/simulator'
import { DeviceManager } from '../../../../../electron/services/devices/manager'
import { createLogger } from '../../../../../node-common/logger'
import { allCards, residentCard, residentCard2 } from './cards'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('device manager', () => {
  it('unplug during a read recovers after replug without restarting', async () => {
    const { manager, reader, readerSim } = composeDevices({
      mode: 'sim',
      reader: { pollIntervalMs: 100 },
    })
    const sim = readerSim!
    const health: DeviceHealth[][] = []
    manager.onHealth((h) => health.push(h))
    const reads: CardRead[] = []
    reader.onEvent((_e, read) => read && reads.push(read))
    await manager.start()
    expect(manager.health()[0]).toMatchObject({
      role: 'id-reader',
      state: 'ready',
      source: 'sim:id-reader',
    })

    sim.placeCard(residentCard)
    sim.fault({ kind: 'unplug-mid-read' })
    await vi.advanceTimersByTimeAsync(300)
    expect(manager.health()[0]).toMatchObject({ state: 'disconnected', detail: 'unplugged' })
    expect(reads).toHaveLength(0)

    // Still unplugged: reopen attempts fail and back off; nothing crashes.
    await vi.advanceTimersByTimeAsync(5000)
    expect(manager.health()[0]!.state).toBe('disconnected')

    sim.replug()
    await vi.advanceTimersByTimeAsync(20_000)
    expect(manager.health()[0]!.state).toBe('ready')
    expect(reads.map((r) => r.card.idNumber)).toEqual([residentCard.idNumber])
    expect(health.some((h) => h[0]!.state === 'disconnected')).toBe(true)
    await manager.stop()
  })

  it('backs off exponentially while the device is absent', async () => {
    const sim = new ReaderSimulator()
    sim.unplug()
    const open = vi.fn(sim.opener())
    const manager = new DeviceManager(
      [{ role: 'id-reader', source: sim.source, open, driver: new IdReaderDriver() }],
      { backoff: { initialMs: 100, factor: 2, maxMs: 1000 } },
    )
    await manager.start()
    expect(manager.health()[0]).toMatchObject({ state: 'disconnected', detail: 'not-found' })
    await vi.advanceTimersByTimeAsync(100 + 200 + 400 + 800 + 1000)
    expect(open).toHaveBeenCalledTimes(6)
    await vi.advanceTimersByTimeAsync(1000)
    expect(open).toHaveBeenCalledTimes(7) // capped at maxMs
    await manager.stop()
  })

  it('reports a SAM fault as error health with the code as detail', async () => {
    const { manager, readerSim } = composeDevices({ mode: 'sim', reader: { pollIntervalMs: 100 } })
    readerSim!.fault({ kind: 'sam-error', sw3: 0x66, times: 100 })
    await manager.start()
    await vi.advanceTimersByTimeAsync(500)
    expect(manager.health()[0]).toMatchObject({ state: 'error', detail: 'SAM_NOT_AUTHORIZED' })
    readerSim!.clearFaults()
    await vi.advanceTimersByTimeAsync(500)
    expect(manager.health()[0]).toMatchObject({ state: 'ready' })
    await manager.stop()
  })

  it('takes another driver (e.g. the printer) through the same interface', async () => {
    const sim = new ReaderSimulator()
    const fake = {
      attached: 0,
      async attach() {
        this.attached++
      },
      health: (): DeviceHealth => ({
        role: 'receipt-printer',
        state: 'warning',
        source: 'sim:printer',
        detail: 'paper-near-end',
        since: new Date(0).toISOString(),
      }),
      onHealth: () => () => undefined,
      close: async () => undefined,
    }
    const { manager } = composeDevices({
      mode: 'sim',
      printer: () => ({
        role: 'receipt-printer',
        source: 'sim:printer',
        open: sim.opener(),
        driver: fake,
      }),
    })
    await manager.start()
    expect(fake.attached).toBe(1)
    expect(manager.health().map((h) => [h.role, h.state])).toEqual([
      ['id-reader', 'ready'],
      ['receipt-printer', 'warning'],
    ])
    await manager.stop()
  })
})

describe('privacy of logs', () => {
  it('no full ID number or name appears in any log line of a reader run', async () => {
    const lines: string[] = []
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk))
        done()
      },
    })
    const logger = createLogger('devices-test', sink, 'debug')
    const { manager, reader, readerSim } = composeDevices({
      mode: 'sim',
      logger,
      reader: { pollIntervalMs: 100 },
    })
    const sim = readerSim!
    const events: ReaderEvent[] = []
    reader.onEvent((e) => events.push(e))
    await manager.start()
    for (const card of allCards) {
      sim.placeCard(card)
      await vi.advanceTimersByTimeAsync(400)
      sim.removeCard()
      await vi.advanceTimersByTimeAsync(400)
    }
    sim.placeCard(residentCard2)
    sim.fault({ kind: 'remove-mid-read' })
    await vi.advanceTimersByTimeAsync(400)
    sim.placeCard(residentCard)
    sim.fault({ kind: 'unplug-mid-read' })
    await vi.advanceTimersByTimeAsync(400)
    sim.replug()
    await vi.advanceTimersByTimeAsync(5000)
    await manager.stop()

    expect(events.filter((e) => e.type === 'card-present').length).toBeGreaterThanOrEqual(
      allCards.length,
    )
    const log = lines.join('')
    expect(lines.length).toBeGreaterThan(10)
    expect(log).toContain('card read')
    for (const card of allCards) {
      expect(log).not.toContain(card.idNumber)
      expect(log).not.toContain(card.name)
      if (card.nameEn) expect(log).not.toContain(card.nameEn)
      if (card.address) expect(log).not.toContain(card.address)
    }
  })
})
