import { readFile } from 'node:fs/promises'
import type { z } from 'zod'
import { writeFileDurably } from '../../../node-common/durable-file'
import type { Logger } from '../../../node-common/logger'

/**
 * One small JSON value kept in the kiosk's data folder across restarts (the local settings, the
 * last self-test): validated when read (a damaged or foreign file counts as absent, and says so
 * in the log) and written durably, so a power cut leaves the old value or the new one.
 */
export class KeptJson<S extends z.ZodType> {
  private constructor(
    private readonly path: string,
    private readonly schema: S,
    private current: z.output<S> | null,
  ) {}

  static async open<S extends z.ZodType>(
    path: string,
    schema: S,
    log: Logger,
  ): Promise<KeptJson<S>> {
    let value: z.output<S> | null = null
    try {
      const parsed = schema.safeParse(JSON.parse(await readFile(path, 'utf8')))
      if (parsed.success) value = parsed.data
      else log.warn({ path }, 'kept file is invalid; ignored')
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
        log.warn({ path, err: (e as Error).message }, 'kept file unreadable; ignored')
    }
    return new KeptJson(path, schema, value)
  }

  get value(): z.output<S> | null {
    return this.current
  }

  async set(value: z.input<S>): Promise<z.output<S>> {
    const parsed = this.schema.parse(value)
    await writeFileDurably(this.path, JSON.stringify(parsed))
    this.current = parsed
    return parsed
  }
}
