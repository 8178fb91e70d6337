// The main process's side of the remote commands: a test page only on a printer that can print,
// reported not printed after 30 s; a catalog refresh now, OFFLINE when the centre cannot be reached.
import { describe, expect, it } from 'vitest'
import { BridgeError } from '../../../../common/bridge/errors'
import type { PrinterState } from '../../../../common/devices/printer'
import { silentLogger } from '../../../../node-common/logger'
import {
  createFleetCommands,
  TEST_PAGE_TIMEOUT_MS,
} from '../../../../electron/services/fleet-commands'

function printer(state: PrinterState, prints: boolean) {
  const jobs: string[] = []
  return {
    jobs,
    status: () => ({ state }) as never,
    printTestPage() {
      jobs.push('test-page')
      return {
        job: {} as never,
        printed: prints ? Promise.resolve({} as never) : new Promise<never>(() => {}),
      }
    },
  }
}

function commands(
  p: ReturnType<typeof printer> | undefined,
  refresh = async () => ({ kind: 'updated' as const, version: '2026.07' }),
) {
  const timers: (() => void)[] = []
  return {
    timers,
    fleet: createFleetCommands({
      printer: () => p,
      refreshCatalog: refresh,
      recentLogs: () => ({ text: 'x', lines: 1, truncated: false }),
      log: silentLogger(),
      setTimer: (fn, ms) => {
        expect(ms).toBe(TEST_PAGE_TIMEOUT_MS)
        timers.push(fn)
        return timers.length
      },
      clearTimer: () => undefined,
    }),
  }
}

describe('fleet commands (main process)', () => {
  it('prints a test page on a ready printer, and says why not on one out of paper', async () => {
    const ready = printer('ready', true)
    expect(await commands(ready).fleet.printTestPage()).toEqual({ printed: true })
    expect(ready.jobs).toEqual(['test-page'])
    const empty = printer('paper-out', true)
    expect(await commands(empty).fleet.printTestPage()).toEqual({
      printed: false,
      reason: 'paper-out',
    })
    // Nothing queued behind the empty printer.
    expect(empty.jobs).toEqual([])
    expect(await commands(undefined).fleet.printTestPage()).toEqual({
      printed: false,
      reason: 'disconnected',
    })
  })

  it('reports a test page that did not come out in 30 s', async () => {
    const stuck = printer('ready', false)
    const c = commands(stuck)
    const pending = c.fleet.printTestPage()
    c.timers[0]?.()
    expect(await pending).toEqual({ printed: false, reason: 'timeout' })
  })

  it('refreshes the catalog now, OFFLINE when the centre cannot be reached', async () => {
    expect(await commands(undefined).fleet.refreshCatalog()).toEqual({
      version: '2026.07',
      updated: true,
    })
    const offline = commands(undefined, async () => {
      throw new Error('ECONNREFUSED')
    })
    const err = await offline.fleet.refreshCatalog().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(BridgeError)
    expect((err as BridgeError).code).toBe('OFFLINE')
  })
})
