import type { PrinterState, PrinterStatus, PrintJobInfo } from '../../common/devices/printer'
import { BridgeError } from '../../common/bridge/errors'
import type { CatalogRefresh } from './centre-api/catalog'
import { canPrint } from './devices/printer/status'
import type { Logger } from '../../node-common/logger'

/** A test page not out of the printer by then is reported as not printed. */
export const TEST_PAGE_TIMEOUT_MS = 30_000

export interface FleetCommandDeps {
  printer: () =>
    | {
        status(): PrinterStatus
        printTestPage(): { job: PrintJobInfo; printed: Promise<PrintJobInfo> }
      }
    | undefined
  /** One catalog refresh now (the same as the periodic one); throws when offline. */
  refreshCatalog: () => Promise<CatalogRefresh>
  recentLogs: () => { text: string; lines: number; truncated: boolean }
  log: Logger
  setTimer?: (fn: () => void, ms: number) => unknown
  clearTimer?: (t: unknown) => void
}

/**
 * The main process's side of the fleet console's remote commands (bridge `fleet:*`): a test
 * page, a catalog refresh now, the recent log lines. The renderer's command runner decides when
 * (only while no resident uses the kiosk) and reports the result to the centre.
 */
export function createFleetCommands(deps: FleetCommandDeps) {
  const setTimer = deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms))
  const clearTimer = deps.clearTimer ?? ((t) => clearTimeout(t as NodeJS.Timeout))
  return {
    async printTestPage(): Promise<
      { printed: true } | { printed: false; reason: PrinterState | 'timeout' }
    > {
      const printer = deps.printer()
      if (!printer) return { printed: false, reason: 'disconnected' }
      const { state } = printer.status()
      // Not queued behind an empty printer: the technician wants to know now.
      if (!canPrint(state)) return { printed: false, reason: state }
      const { printed } = printer.printTestPage()
      let timer: unknown
      const late = new Promise<'timeout'>((done) => {
        timer = setTimer(() => done('timeout'), TEST_PAGE_TIMEOUT_MS)
      })
      const outcome = await Promise.race([printed.then(() => 'printed' as const), late])
      clearTimer(timer)
      deps.log.info({ outcome }, 'remote test page')
      return outcome === 'printed' ? { printed: true } : { printed: false, reason: 'timeout' }
    },
    async refreshCatalog(): Promise<{ version: string; updated: boolean }> {
      try {
        const r = await deps.refreshCatalog()
        deps.log.info({ version: r.version, result: r.kind }, 'catalog refreshed on request')
        return { version: r.version, updated: r.kind === 'updated' }
      } catch (err) {
        throw new BridgeError('OFFLINE', `catalog not refreshed: ${(err as Error).message}`)
      }
    },
    recentLogs: async () => deps.recentLogs(),
  }
}

export type FleetCommands = ReturnType<typeof createFleetCommands>
