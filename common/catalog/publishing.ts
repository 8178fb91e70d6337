import { z } from 'zod'
import { Catalog, type CatalogEntry } from './schema'

/*
 * Catalog publishing (docs/catalog.md, "Publishing"): what an admin's console and the centre
 * exchange about catalog versions, the check of a draft with issues that name the entry and the
 * field, and the difference between two catalogs. Pure: the centre adds the form compilation
 * (signaling-server/src/catalog/validate.ts), which needs Ajv.
 */

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
 * The version a new publication gets: `YYYY.MM.1` of the month (China Standard Time) when that
 * is newer than the latest, else the latest's number plus one, so versions only grow and a
 * kiosk, which takes only a newer version, takes every publication (a restore too).
 */
export function nextCatalogVersion(latest: string | null, nowMs: number): string {
  const month = new Date(nowMs + 8 * 3_600_000).toISOString().slice(0, 7).replace('-', '.')
  const fresh = `${month}.1`
  if (latest === null || compareCatalogVersions(fresh, latest) > 0) return fresh
  const parts = latest.split('.')
  return `${parts[0]}.${parts[1]}.${Number(parts[2] ?? 0) + 1}`
}

/** What is wrong, in words the console translates (`clerk.catalog.problem.*`). */
export const CatalogProblem = z.enum([
  'required',
  'invalid_type',
  'invalid_value',
  'invalid_format',
  'too_small',
  'too_big',
  'unknown_key',
  'duplicate',
  'unknown_reference',
  'rule',
  /** A form's JSON Schema does not compile, or names a field it does not have. */
  'invalid_form',
  'not_json',
])
export type CatalogProblem = z.infer<typeof CatalogProblem>

export const EntryKind = z.enum(['item', 'bundle', 'category'])

/** An item, bundle or category as the console names it: its code and its Chinese name. */
export const EntryRef = z.object({
  kind: EntryKind,
  code: z.string().max(80),
  name: z.string().max(120),
})
export type EntryRef = z.infer<typeof EntryRef>

export const CatalogIssue = z.object({
  /** The entry the problem is in; null for the catalog's own fields. */
  entry: EntryRef.nullable(),
  /** Where in the entry (or the catalog): `materials[2].name`. */
  field: z.string().max(200),
  problem: CatalogProblem,
  /** The schema's own words (English), shown as the detail. */
  detail: z.string().max(200),
})
export type CatalogIssue = z.infer<typeof CatalogIssue>

/** At most this many issues are reported: the first ones are what an admin fixes first. */
export const MAX_CATALOG_ISSUES = 50

/** An entry whose content changed, with the top-level parts that differ (`materials`, `form`). */
export const ChangedEntry = z.object({ entry: EntryRef, parts: z.array(z.string().max(40)) })

export const CatalogDiff = z.object({
  added: z.array(EntryRef),
  removed: z.array(EntryRef),
  changed: z.array(ChangedEntry),
  /** The catalog's own fields that changed (`region`, `sample`). */
  catalogParts: z.array(z.string().max(40)),
  unchanged: z.number().int().nonnegative(),
})
export type CatalogDiff = z.infer<typeof CatalogDiff>

/** One published version, as listed (the content is fetched on its own). */
export const CatalogVersionView = z.object({
  version: z.string().max(40),
  publishedAt: z.number().int(),
  /** Who published it; `system` for the sample the centre started with. */
  publishedBy: z.object({ id: z.string().max(80), name: z.string().max(80) }),
  /** The version whose content this one restored, if it is a restore. */
  restoredFrom: z.string().max(40).nullable(),
  /** Items and bundles in it. */
  entries: z.number().int().nonnegative(),
  current: z.boolean(),
})
export type CatalogVersionView = z.infer<typeof CatalogVersionView>

export const CatalogVersionsResponse = z.object({ versions: z.array(CatalogVersionView) })
export type CatalogVersionsResponse = z.infer<typeof CatalogVersionsResponse>

/** A draft as uploaded: any JSON; its `version` and `publishedAt` are the centre's to set. */
export const CatalogDraftRequest = z.object({ catalog: z.unknown() })

/** The check of a draft: its issues, or the version it would become and its difference. */
export const CatalogCheckResponse = z.discriminatedUnion('valid', [
  z.object({ valid: z.literal(false), issues: z.array(CatalogIssue) }),
  z.object({
    valid: z.literal(true),
    /** The version it gets when published now. */
    version: z.string().max(40),
    /** Against the published version. */
    against: z.string().max(40),
    diff: CatalogDiff,
  }),
])
export type CatalogCheckResponse = z.infer<typeof CatalogCheckResponse>

export const CatalogPublishResponse = z.object({ published: CatalogVersionView })
export type CatalogPublishResponse = z.infer<typeof CatalogPublishResponse>

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s)

/** `materials[2].name` from zod's path segments. */
export function fieldPath(segments: readonly PropertyKey[]): string {
  let out = ''
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`
    else out += out ? `.${String(s)}` : String(s)
  }
  return out
}

const ENTRY_LISTS = { items: 'item', bundles: 'bundle', categories: 'category' } as const

/** The entry a path points into, named from the draft as written (it may be malformed). */
export function entryAt(
  raw: unknown,
  path: readonly PropertyKey[],
): { entry: EntryRef; rest: PropertyKey[] } | null {
  const [list, index, ...rest] = path
  if (typeof list !== 'string' || typeof index !== 'number' || !(list in ENTRY_LISTS)) return null
  const kind = ENTRY_LISTS[list as keyof typeof ENTRY_LISTS]
  const node = isRecord(raw) && Array.isArray(raw[list]) ? (raw[list] as unknown[])[index] : null
  const idKey = kind === 'category' ? 'id' : 'code'
  const code = isRecord(node) && typeof node[idKey] === 'string' ? node[idKey] : `#${index + 1}`
  const name =
    isRecord(node) && isRecord(node.name) && typeof node.name['zh-CN'] === 'string'
      ? node.name['zh-CN']
      : ''
  return { entry: { kind, code: cut(code, 80), name: cut(name, 120) }, rest }
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let node = raw
  for (const s of path) {
    if (Array.isArray(node) && typeof s === 'number') node = node[s]
    else if (isRecord(node) && typeof s === 'string') node = node[s]
    else return undefined
  }
  return node
}

function problemOf(issue: z.core.$ZodIssue, raw: unknown): CatalogProblem {
  switch (issue.code) {
    case 'invalid_type':
      return valueAt(raw, issue.path) === undefined ? 'required' : 'invalid_type'
    case 'too_small':
      return 'too_small'
    case 'too_big':
      return 'too_big'
    case 'invalid_format':
      return 'invalid_format'
    case 'unrecognized_keys':
      return 'unknown_key'
    case 'invalid_value':
    case 'invalid_union':
      return valueAt(raw, issue.path) === undefined ? 'required' : 'invalid_value'
    case 'custom': {
      const named = CatalogProblem.safeParse(issue.params?.problem)
      return named.success ? named.data : 'rule'
    }
    default:
      return 'invalid_value'
  }
}

/** A zod issue of a draft as the console shows it: the entry, the field, what is wrong. */
export function catalogIssueOf(issue: z.core.$ZodIssue, raw: unknown): CatalogIssue {
  const at = entryAt(raw, issue.path)
  // zod names unknown keys in its message: keep the count, not the caller's key text at length.
  const detail =
    issue.code === 'unrecognized_keys'
      ? `unknown key: ${issue.keys.slice(0, 3).join(', ')}`
      : issue.message
  return {
    entry: at?.entry ?? null,
    field: cut(fieldPath(at ? at.rest : issue.path) || '(catalog)', 200),
    problem: problemOf(issue, raw),
    detail: cut(detail, 200),
  }
}

/**
 * A draft with the centre's version and time in place of its own, so what is checked is what
 * would be published.
 */
export function stampDraft(raw: unknown, version: string, publishedAt: string): unknown {
  return isRecord(raw) ? { ...raw, version, publishedAt } : raw
}

/** The schema's check of a stamped draft: the catalog, or its issues naming entry and field. */
export function parseDraft(
  stamped: unknown,
): { ok: true; catalog: Catalog } | { ok: false; issues: CatalogIssue[] } {
  const parsed = Catalog.safeParse(stamped)
  if (parsed.success) return { ok: true, catalog: parsed.data }
  return {
    ok: false,
    issues: parsed.error.issues.slice(0, MAX_CATALOG_ISSUES).map((i) => catalogIssueOf(i, stamped)),
  }
}

/** Object keys sorted, so two equal contents compare equal whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (isRecord(value))
    return `{${Object.keys(value)
      .sort()
      .filter((k) => value[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`
  return JSON.stringify(value)
}

type Keyed = { kind: EntryRef['kind']; code: string; value: Record<string, unknown> }

function keyed(c: Catalog): Keyed[] {
  const entries: CatalogEntry[] = [
    ...c.items.map((entry) => ({ kind: 'item' as const, entry })),
    ...c.bundles.map((entry) => ({ kind: 'bundle' as const, entry })),
  ]
  return [
    ...c.categories.map((cat) => ({ kind: 'category' as const, code: cat.id, value: cat })),
    ...entries.map((e) => ({
      kind: e.kind,
      code: e.entry.code,
      value: e.entry as unknown as Record<string, unknown>,
    })),
  ]
}

const refOf = (k: Keyed): EntryRef => ({
  kind: k.kind,
  code: k.code,
  name: cut((k.value.name as { 'zh-CN'?: string } | undefined)?.['zh-CN'] ?? '', 120),
})

/**
 * What `next` changes against `published`: entries (items, bundles, categories) added, removed
 * and changed, each changed one with its parts that differ, and the catalog's own fields.
 * An entry is the same entry when its code (a category's id) is.
 */
export function diffCatalogs(published: Catalog, next: Catalog): CatalogDiff {
  const key = (k: Keyed) => `${k.kind}:${k.code}`
  const before = new Map(keyed(published).map((k) => [key(k), k]))
  const after = keyed(next)
  const afterKeys = new Set(after.map(key))
  const diff: CatalogDiff = { added: [], removed: [], changed: [], catalogParts: [], unchanged: 0 }
  for (const k of after) {
    const old = before.get(key(k))
    if (!old) {
      diff.added.push(refOf(k))
      continue
    }
    const parts = [...new Set([...Object.keys(old.value), ...Object.keys(k.value)])].filter(
      (p) => canonical(old.value[p]) !== canonical(k.value[p]),
    )
    if (parts.length > 0) diff.changed.push({ entry: refOf(k), parts })
    else diff.unchanged++
  }
  for (const k of before.values()) if (!afterKeys.has(key(k))) diff.removed.push(refOf(k))
  const own = (c: Catalog) => {
    const { version: _v, publishedAt: _p, items: _i, bundles: _b, categories: _c, ...rest } = c
    return rest as Record<string, unknown>
  }
  const a = own(published)
  const b = own(next)
  diff.catalogParts = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter(
    (p) => canonical(a[p]) !== canonical(b[p]),
  )
  return diff
}
