import { mkdir, open, readFile, rename } from 'node:fs/promises'
import { dirname } from 'node:path'
import { Catalog } from '../../../common/catalog/schema'
import type { Logger } from '../logger'

/** 2025.06.10 > 2025.06.9: compares the dotted version numerically. */
export function compareCatalogVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number)
  const pb = b.split('.').map(Number)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0)
    if (d !== 0) return d
  }
  return 0
}

/**
 * The catalog the kiosk works from while offline: the newest valid catalog it has received,
 * kept in one JSON file (replaced atomically), else the bundled fallback (the sample catalog
 * until a real one is shipped with the build).
 */
export class CatalogCache {
  private current: Catalog

  private constructor(
    private readonly path: string,
    initial: Catalog,
    private readonly log: Logger,
  ) {
    this.current = initial
  }

  static async open(path: string, fallback: Catalog, log: Logger): Promise<CatalogCache> {
    let initial = fallback
    try {
      const parsed = Catalog.safeParse(JSON.parse(await readFile(path, 'utf8')))
      if (parsed.success && compareCatalogVersions(parsed.data.version, fallback.version) >= 0) {
        initial = parsed.data
      } else if (!parsed.success) {
        log.warn({ path }, 'cached catalog is invalid; using the bundled one')
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
        log.warn({ path, err: (e as Error).message }, 'cannot read the cached catalog')
      }
    }
    return new CatalogCache(path, initial, log)
  }

  get catalog(): Catalog {
    return this.current
  }

  /**
   * Takes a catalog served by the centre. Keeps it (and writes it through) only when it is valid
   * and newer than the one in use; returns whether it was taken.
   */
  async offer(raw: unknown): Promise<boolean> {
    const parsed = Catalog.safeParse(raw)
    if (!parsed.success) {
      this.log.warn({ issues: parsed.error.issues.length }, 'rejected an invalid catalog')
      return false
    }
    if (compareCatalogVersions(parsed.data.version, this.current.version) <= 0) return false
    await mkdir(dirname(this.path), { recursive: true })
    const tmp = `${this.path}.tmp`
    const fh = await open(tmp, 'w')
    try {
      await fh.writeFile(JSON.stringify(raw))
      await fh.sync()
    } finally {
      await fh.close()
    }
    await rename(tmp, this.path)
    this.current = parsed.data
    this.log.info({ version: parsed.data.version }, 'catalog updated')
    return true
  }
}
