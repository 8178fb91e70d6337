import { z } from 'zod'
import { SelfTestPart, type SelfTestResult } from '../../../common/fleet/self-test'
import type { Logger } from '../../../node-common/logger'
import { KeptJson } from '../technician/kept-json'

/*
 * The self-test a kiosk owes after it started on a new version (docs/fleet.md, "Staged
 * updates"): the centre counts the update a success only once a self-test newer than the update
 * passed and the reports stayed healthy for 10 minutes (signaling-server/src/fleet/). The
 * updater marks it owed (`startedOnNewVersion`); the renderer asks (`selftest:due`), runs the
 * self-test unattended once nobody uses the kiosk, and keeps it (`selftest:save`), which pays it.
 * Kept on disk: a restart before the test ran still owes it (the install note is gone by then).
 */

export const OwedSelfTest = z.strictObject({
  /** The version the kiosk started on. */
  version: z.string().min(1).max(40),
  /** When the updater found it started on it. */
  since: z.number().int(),
})
export type OwedSelfTest = z.infer<typeof OwedSelfTest>

/** The renderer asks at once on start; the updater starts a moment later, at most this later. */
export const UPDATER_START_WAIT_MS = 30_000

export class PostUpdateSelfTest {
  private started: Promise<void>
  private markStarted: () => void = () => undefined

  private constructor(
    private readonly kept: KeptJson<ReturnType<typeof OwedSelfTest.nullable>>,
    private owed: OwedSelfTest | null,
    private readonly log: Logger,
    opts: { updaterStarts: boolean; waitMs: number },
  ) {
    this.started = opts.updaterStarts
      ? new Promise<void>((done) => {
          this.markStarted = done
          // An updater that never starts (its wiring failed) must not hold the answer forever.
          setTimeout(done, opts.waitMs).unref?.()
        })
      : Promise.resolve()
  }

  /** `updaterStarts`: an updater will read its install note (packaged, updates on). */
  static async open(
    path: string,
    log: Logger,
    opts: { updaterStarts: boolean; waitMs?: number },
  ): Promise<PostUpdateSelfTest> {
    const kept = await KeptJson.open(path, OwedSelfTest.nullable(), log)
    return new PostUpdateSelfTest(kept, kept.value ?? null, log, {
      updaterStarts: opts.updaterStarts,
      waitMs: opts.waitMs ?? UPDATER_START_WAIT_MS,
    })
  }

  /** The updater found the kiosk started on `version`: a self-test is owed. */
  async startedOn(version: string, at: number): Promise<void> {
    this.owed = { version, since: at }
    this.log.info({ version }, 'self-test owed after the update')
    await this.kept.set(this.owed)
  }

  /** The updater has read its install note: what is owed is known. */
  updaterStarted(): void {
    this.markStarted()
  }

  /** Whether a self-test is owed, once the updater has had its say. */
  async due(): Promise<{ due: boolean; version: string | null }> {
    await this.started
    return { due: this.owed !== null, version: this.owed?.version ?? null }
  }

  /** A self-test was kept: a whole run finished after the start pays what is owed. */
  async saved(result: SelfTestResult): Promise<void> {
    if (!this.owed) return
    const whole = SelfTestPart.options.every((p) => result.checks.some((c) => c.part === p))
    if (!whole || result.at < this.owed.since) return
    this.log.info(
      { version: this.owed.version, passed: result.passed },
      'self-test after the update done',
    )
    this.owed = null
    await this.kept.set(null)
  }
}
