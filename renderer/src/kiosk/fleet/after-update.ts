import type { SelfTestResult } from '../../../../common/fleet/self-test'

/*
 * The self-test a kiosk owes after it started on a new version (docs/fleet.md, "Staged
 * updates"): the centre counts the update only once a self-test newer than it passed and the
 * reports stayed healthy for 10 minutes, else it sends the kiosk back. Run as the fleet
 * console's remote self-test is, unattended, and like it only while nobody uses the kiosk; the
 * result goes out with the next health report.
 */

export interface AfterUpdateDeps {
  /** `selftest:due`: whether the main process says a self-test is owed. */
  due(): Promise<{ due: boolean; version: string | null }>
  isIdle(): boolean
  /** Called whenever the kiosk may have become idle; returns its unsubscribe. */
  onIdle(fn: () => void): () => void
  /** The unattended self-test (kept by the main process, which then owes nothing). */
  run(): Promise<SelfTestResult>
}

/** Runs the owed self-test once the kiosk is idle; null when none is owed (or asking failed). */
export async function selfTestAfterUpdate(deps: AfterUpdateDeps): Promise<SelfTestResult | null> {
  const owed = await deps.due().catch(() => ({ due: false, version: null }))
  if (!owed.due) return null
  await new Promise<void>((idle) => {
    if (deps.isIdle()) return idle()
    const off = deps.onIdle(() => {
      if (!deps.isIdle()) return
      off()
      idle()
    })
  })
  return deps.run()
}
