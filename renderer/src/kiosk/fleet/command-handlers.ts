import { BridgeError } from '../../../../common/bridge/errors'
import type { KioskBridge } from '../../../../common/bridge/contract'
import type { SelfTestResult } from '../../../../common/fleet/self-test'
import { CommandFailure, type CommandHandlers } from './command-runner'

/** A bridge failure as the console shows it: `offline`, `device_unavailable`… */
const failure = (err: unknown): CommandFailure =>
  err instanceof CommandFailure
    ? err
    : new CommandFailure(err instanceof BridgeError ? err.code.toLowerCase() : 'internal')

async function via<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    throw failure(err)
  }
}

/**
 * The remote commands' handlers over the kiosk's bridge (docs/fleet.md). The self-test is
 * technician mode's (given as `runSelfTest`); reloading, and a catalog refresh that brought a
 * newer catalog, reload the page once the centre has the result (the kiosk is idle then).
 */
export function commandHandlers(deps: {
  bridge: KioskBridge
  runSelfTest: () => Promise<SelfTestResult>
  reload: () => void
}): CommandHandlers {
  const { bridge: b } = deps
  return {
    'self-test': async () => ({
      output: { kind: 'self-test', result: await via(deps.runSelfTest) },
    }),
    reload: async () => ({ output: { kind: 'reload' }, afterAck: deps.reload }),
    'catalog-refresh': async () => {
      const r = await via(() => b.request('fleet:refresh-catalog', undefined))
      return {
        output: { kind: 'catalog-refresh', version: r.version, updated: r.updated },
        ...(r.updated ? { afterAck: deps.reload } : {}),
      }
    },
    'print-test-page': async () => {
      const r = await via(() => b.request('fleet:print-test-page', undefined))
      if (!r.printed) throw new CommandFailure(r.reason)
      return { output: { kind: 'print-test-page' } }
    },
    'upload-logs': async () => {
      const r = await via(() => b.request('fleet:recent-logs', undefined))
      return { output: { kind: 'upload-logs', ...r } }
    },
  }
}
