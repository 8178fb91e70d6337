import { readFile } from 'node:fs/promises'
import { writeFileDurably } from '../../../node-common/durable-file'
import { CentreInfo } from '../../../common/applications/api'
import type { Logger } from '../../../node-common/logger'

/**
 * Where the receipt's QR code points: the centre's public address as the centre itself
 * announces it (`GET /api/v1/centre`), kept in a small JSON file so a kiosk that starts offline
 * still prints the right link. Until the centre has answered once, the kiosk's own configured
 * server URL stands in.
 */
export class PublicAddress {
  private constructor(
    private readonly path: string,
    private info: CentreInfo | null,
    private readonly fallback: () => string,
    private readonly log: Logger,
  ) {}

  static async open(
    path: string,
    fallbackUrl: string | (() => string),
    log: Logger,
  ): Promise<PublicAddress> {
    let info: CentreInfo | null = null
    try {
      const parsed = CentreInfo.safeParse(JSON.parse(await readFile(path, 'utf8')))
      if (parsed.success) info = parsed.data
      else log.warn({ path }, 'cached centre address is invalid; using the configured one')
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
        log.warn({ path, err: (e as Error).message }, 'cannot read the cached centre address')
    }
    const fallback = () =>
      (typeof fallbackUrl === 'function' ? fallbackUrl() : fallbackUrl).replace(/\/+$/, '')
    return new PublicAddress(path, info, fallback, log)
  }

  /** Whether the address came from the centre (else the configured server URL). */
  get learnt(): boolean {
    return this.info !== null
  }

  /** The page a receipt token's QR code opens. */
  receiptUrl(token: string): string {
    const base = this.info?.publicUrl.replace(/\/+$/, '') ?? this.fallback()
    return `${base}${this.info?.receiptPath ?? '/p/'}${token}`
  }

  /** Takes what the centre announced; written through (atomically) when it changed. */
  async learn(raw: unknown): Promise<void> {
    const info = CentreInfo.parse(raw)
    if (this.info?.publicUrl === info.publicUrl && this.info.receiptPath === info.receiptPath)
      return
    await writeFileDurably(this.path, JSON.stringify(info))
    this.info = info
    this.log.info({ publicUrl: info.publicUrl }, 'centre public address learnt')
  }
}
