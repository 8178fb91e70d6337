import {
  diffCatalogs,
  nextCatalogVersion,
  stampDraft,
  type CatalogCheckResponse,
  type CatalogIssue,
  type CatalogVersionView,
} from '../../../common/catalog/publishing'
import { Catalog, type LocalizedText } from '../../../common/catalog/schema'
import type { PinoLogger as Logger } from '../../../node-common/logger'
import { serveCatalog, type ServedCatalog } from '../applications/catalog'
import type { CaseWorkStore } from '../cases/store'
import type { CatalogVersionRow, CatalogVersionStore, StoredCatalogVersion } from './store'
import { checkDraft } from './validate'

/** What the rest of the centre reads: the catalog in force, and a version an application names. */
export interface CatalogSource {
  current(): Catalog
  /** A published version's catalog (the current one included); null when the centre has none. */
  atVersion(version: string): Promise<Catalog | null>
}

export interface Publisher {
  id: string
  name: string
}

export type PublishOutcome =
  { ok: true; published: CatalogVersionView } | { ok: false; issues: CatalogIssue[] }

export interface CatalogService extends CatalogSource {
  /** Settles once the version in force is read (or the first one stored); listen after it. */
  ready: Promise<void>
  served(): ServedCatalog
  /** Every item's and bundle's name by code, of every version this process has seen. */
  names(): Record<string, LocalizedText>
  versions(limit?: number): Promise<CatalogVersionView[]>
  /** The stored content of a version, as served. */
  content(version: string): Promise<string | null>
  check(raw: unknown): CatalogCheckResponse
  publish(raw: unknown, by: Publisher): Promise<PublishOutcome>
  /** Publishes a previous version's content again, as a new version; null when unknown. */
  restore(version: string, by: Publisher): Promise<CatalogVersionView | null>
  /** Reads the version in force again: another centre node may have published. */
  sync(): Promise<void>
  close(): void
}

const SYSTEM: Publisher = { id: 'system', name: 'system' }
/** Versions kept parsed besides the current one (applications name recent ones). */
const KEPT_VERSIONS = 8

/**
 * The centre's published catalog (docs/catalog.md, "Publishing") over the version store:
 * the version in force in memory (served with its ETag, read by every check), publication of a
 * checked draft under the next version number, restore, and the audit of both. The store is
 * append-only; an empty one gets `initial` (the bundled sample) as its first version.
 */
export function createCatalogService(deps: {
  store: CatalogVersionStore & Pick<CaseWorkStore, 'appendAudit'>
  initial: Catalog
  log: Logger
  now?: () => number
  /** How often the version in force is read again (other nodes' publications). Default 10 s. */
  syncMs?: number
}): CatalogService {
  const now = deps.now ?? Date.now
  const { store, log } = deps
  let served = serveCatalog(deps.initial)
  const kept = new Map<string, Catalog>()
  const names: Record<string, LocalizedText> = {}
  const learn = (c: Catalog) => {
    for (const e of [...c.items, ...c.bundles]) names[e.code] = e.name
  }
  learn(deps.initial)

  const keep = (c: Catalog) => {
    kept.delete(c.version)
    kept.set(c.version, c)
    while (kept.size > KEPT_VERSIONS) kept.delete(kept.keys().next().value!)
    learn(c)
  }
  const use = (c: Catalog) => {
    if (c.version === served.catalog.version) return
    served = serveCatalog(c)
    keep(c)
    log.info({ version: c.version }, 'catalog in force')
  }
  /** Stored content was checked when published; a row that no longer parses is skipped. */
  const parseStored = (row: StoredCatalogVersion): Catalog | null => {
    const parsed = Catalog.safeParse(JSON.parse(row.body))
    if (parsed.success) return parsed.data
    log.error({ version: row.version }, 'a stored catalog version does not parse; not used')
    return null
  }
  const view = (r: CatalogVersionRow): CatalogVersionView => ({
    ...r,
    current: r.version === served.catalog.version,
  })
  const rowOf = (c: Catalog, by: Publisher, restoredFrom: string | null): StoredCatalogVersion => ({
    version: c.version,
    publishedAt: Date.parse(c.publishedAt),
    publishedBy: { id: by.id, name: by.name },
    restoredFrom,
    entries: c.items.length + c.bundles.length,
    body: JSON.stringify(c),
  })

  async function sync(): Promise<void> {
    const [latest] = await store.catalogVersions(1)
    if (!latest || latest.version === served.catalog.version) return
    const row = await store.catalogVersion(latest.version)
    const c = row && parseStored(row)
    if (c) use(c)
  }

  const ready = (async () => {
    const latest = await store.latestCatalogVersion()
    const c = latest && parseStored(latest)
    if (c) return use(c)
    // An empty store: the catalog the centre was started with is the first version. Another
    // node may store it first; then its row is the one read.
    await store.addCatalogVersion(rowOf(deps.initial, SYSTEM, null))
    await sync()
  })()
  ready.catch((err: unknown) => log.error({ err }, 'the catalog in force could not be read'))

  // Publications one at a time on this node; across nodes the version's unique key decides.
  let queue: Promise<unknown> = Promise.resolve()
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn)
    queue = run.catch(() => undefined)
    return run
  }

  async function append(
    content: Catalog,
    by: Publisher,
    restoredFrom: string | null,
  ): Promise<CatalogVersionView> {
    for (let attempt = 0; ; attempt++) {
      await sync()
      const at = now()
      const c: Catalog = {
        ...content,
        version: nextCatalogVersion(served.catalog.version, at),
        publishedAt: new Date(at).toISOString(),
      }
      const row = rowOf(c, by, restoredFrom)
      if (await store.addCatalogVersion(row)) {
        use(c)
        await store.appendAudit({
          at,
          userId: by.id,
          userName: by.name,
          action: restoredFrom ? 'catalog-restore' : 'catalog-publish',
          caseNumber: null,
          detail: restoredFrom
            ? `version ${c.version} from ${restoredFrom}`
            : `version ${c.version}`,
        })
        log.info({ version: c.version, by: by.id, restoredFrom }, 'catalog published')
        return view(row)
      }
      // Another node took this number a moment ago: number again after its version.
      if (attempt >= 3) throw new Error('catalog version kept colliding')
    }
  }

  function stamp(raw: unknown) {
    const at = now()
    return stampDraft(
      raw,
      nextCatalogVersion(served.catalog.version, at),
      new Date(at).toISOString(),
    )
  }

  const timer = setInterval(
    () => void sync().catch((err: unknown) => log.warn({ err }, 'catalog sync failed')),
    deps.syncMs ?? 10_000,
  )
  timer.unref()

  return {
    ready,
    current: () => served.catalog,
    served: () => served,
    names: () => names,
    async atVersion(version) {
      if (version === served.catalog.version) return served.catalog
      const known = kept.get(version)
      if (known) return known
      const row = await store.catalogVersion(version)
      const c = row && parseStored(row)
      if (c) keep(c)
      return c
    },
    async versions(limit = 50) {
      return (await store.catalogVersions(limit)).map(view)
    },
    async content(version) {
      return (await store.catalogVersion(version))?.body ?? null
    },
    check(raw) {
      const stamped = stamp(raw)
      const checked = checkDraft(stamped)
      if (!checked.ok) return { valid: false, issues: checked.issues }
      return {
        valid: true,
        version: checked.catalog.version,
        against: served.catalog.version,
        diff: diffCatalogs(served.catalog, checked.catalog),
      }
    },
    publish: (raw, by) =>
      serial(async () => {
        const checked = checkDraft(stamp(raw))
        if (!checked.ok) return { ok: false as const, issues: checked.issues }
        return { ok: true as const, published: await append(checked.catalog, by, null) }
      }),
    restore: (version, by) =>
      serial(async () => {
        const row = await store.catalogVersion(version)
        const c = row && parseStored(row)
        return c ? append(c, by, version) : null
      }),
    sync,
    close: () => clearInterval(timer),
  }
}
