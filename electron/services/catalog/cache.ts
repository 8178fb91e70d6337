import { readFile } from 'node:fs/promises'
import { writeFileDurably } from '../../../node-common/durable-file'
import { Catalog } from '../../../common/catalog/schema'
import { compareCatalogVersions } from '../../../common/catalog/publishing'
import type { Logger } from '../../../node-common/logger'

export { compareCatalogVersions }

/**
 * The catalog the kiosk works from while offline: the newest valid catalog the centre served,
 * kept in one JSON file (replaced atomically), else the bundled fallback (the sample catalog
 * until a real one is shipped with the build) when there is no valid cached one.
 */
export class CatalogCache {
  private current: Catalog
  private fromCentre: boolean

  private constructor(
    private readonly path: string,
    initial: Catalog,
    fromCentre: boolean,
    private readonly log: Logger,
  ) {
    this.current = initial
    this.fromCentre = fromCentre
  }

  static async open(path: string, fallback: Catalog, log: Logger): Promise<CatalogCache> {
    try {
      const parsed = Catalog.safeParse(JSON.parse(await readFile(path, 'utf8')))
      // The centre's catalog is the one in force, whatever its version says against the sample.
      if (parsed.success) return new CatalogCache(path, parsed.data, true, log)
      log.warn({ path }, 'cached catalog is invalid; using the bundled one')
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
        log.warn({ path, err: (e as Error).message }, 'cannot read the cached catalog')
      }
    }
    return new CatalogCache(path, fallback, false, log)
  }

  get catalog(): Catalog {
    return this.current
  }

  /** Where the catalog in use came from: the centre (cached) or the build (bundled fallback). */
  get source(): 'centre' | 'bundled' {
    return this.fromCentre ? 'centre' : 'bundled'
  }

  /**
   * Takes a catalog served by the centre. Keeps it (and writes it through) only when it is valid
   * and either newer than the one in use or the first the centre served (which replaces the
   * bundled fallback whatever its version); returns whether it was taken.
   */
  async offer(raw: unknown): Promise<boolean> {
    const parsed = Catalog.safeParse(raw)
    if (!parsed.success) {
      this.log.warn({ issues: parsed.error.issues.length }, 'rejected an invalid catalog')
      return false
    }
    if (this.fromCentre && compareCatalogVersions(parsed.data.version, this.current.version) <= 0)
      return false
    await writeFileDurably(this.path, JSON.stringify(raw))
    this.current = parsed.data
    this.fromCentre = true
    this.log.info({ version: parsed.data.version }, 'catalog updated')
    return true
  }
}
