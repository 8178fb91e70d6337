import { describe, expect, it } from 'vitest'
import type { IdCard } from '../../../../../common/devices/id-card'
import type { DeviceHealth } from '../../../../../common/domain/device-health'
import { demoCards } from '../../../../../electron/services/devices/id-reader/sim-cards'
import {
  checkPrinter,
  checkReader,
  type ReaderProbe,
} from '../../../../../electron/services/technician/checks'

const SINCE = '2026-01-01T00:00:00.000Z'
const dh = (h: Omit<DeviceHealth, 'source' | 'since'>): DeviceHealth => ({
  source: 'sim',
  since: SINCE,
  ...h,
})

const reader = (over: Partial<ReaderProbe> & { next?: IdCard }): ReaderProbe => ({
  health: () => dh({ role: 'id-reader', state: 'ready' }),
  rereadPresentCard: async () => null,
  onNextCard: (fn) => {
    if (over.next) queueMicrotask(() => fn(over.next!))
    return () => {}
  },
  ...over,
})

describe('checkReader', () => {
  it('fails unplugged without waiting for a card', async () => {
    const r = await checkReader(
      reader({
        health: () => dh({ role: 'id-reader', state: 'disconnected', detail: 'not-found' }),
      }),
      60_000,
    )
    expect(r).toEqual({ status: 'fail', detail: 'unplugged', card: null })
  })
  it('shows the card lying there masked, never in full', async () => {
    const card = demoCards.resident
    const r = await checkReader(reader({ rereadPresentCard: async () => card }), 0)
    expect(r.status).toBe('pass')
    expect(r.card?.idNumber).not.toBe(card.idNumber)
    expect(r.card?.idNumber).toMatch(/^\d{6}\*+\d{3}[\dX]$/)
    expect(r.card?.name).not.toBe(card.name)
  })
  it('takes a card placed while it waits; none: skipped, needs a person', async () => {
    expect((await checkReader(reader({ next: demoCards.resident }), 5_000)).status).toBe('pass')
    expect(await checkReader(reader({}), 0)).toEqual({
      status: 'skipped',
      detail: 'needs-person',
      card: null,
    })
  })
})

describe('checkPrinter', () => {
  const printer = (
    state: 'ready' | 'paper-out' | 'disconnected',
    printed: Promise<unknown> = Promise.resolve(),
  ) => {
    let pages = 0
    return {
      pages: () => pages,
      probe: {
        status: () => ({ state }),
        health: () =>
          state === 'paper-out'
            ? dh({ role: 'receipt-printer', state: 'error', detail: 'paper-out' })
            : dh({ role: 'receipt-printer', state: state === 'ready' ? 'ready' : 'disconnected' }),
        printTestPage: () => {
          pages++
          return { printed }
        },
        paper: '58mm' as const,
      },
    }
  }
  it('names paper out and prints no test page that would come out later', async () => {
    const p = printer('paper-out')
    const r = await checkPrinter(p.probe, true)
    expect(r).toMatchObject({ status: 'fail', detail: 'paper-out', paper: 'out' })
    expect(p.pages()).toBe(0)
  })
  it('names an unplugged printer', async () => {
    expect((await checkPrinter(printer('disconnected').probe, true)).detail).toBe('unplugged')
  })
  it('passes once the test page is confirmed; an unconfirmed page fails', async () => {
    const ok = printer('ready')
    expect(await checkPrinter(ok.probe, true)).toMatchObject({ status: 'pass', paperWidth: '58mm' })
    expect(ok.pages()).toBe(1)
    const stuck = printer('ready', new Promise(() => {}))
    expect((await checkPrinter(stuck.probe, true, 20)).detail).toBe('not-confirmed')
  })
})
