import { z } from 'zod'

/**
 * The labels the console shows a mirrored application under: each field's title from the
 * item's own form in the centre's catalog (GET /api/v1/catalog), its choice labels, in schema
 * order, in the console's language (English overlay where the catalog has one).
 */
export interface FieldLabel {
  path: string
  title: string
  /** Choice value → its label (`alone` → 独居). */
  options: Record<string, string>
  /** Filled from the ID card, read-only on the kiosk: nothing to propose. */
  locked?: boolean
}

const Translations = z.record(
  z.string(),
  z.object({
    title: z.string().optional(),
    enumTitles: z.record(z.string(), z.string()).optional(),
  }),
)
const CatalogForms = z.object({
  items: z
    .array(
      z.object({
        code: z.string(),
        form: z
          .object({
            schema: z.record(z.string(), z.unknown()),
            translations: z.object({ en: Translations }).optional(),
            prefill: z
              .array(z.object({ to: z.string(), locked: z.boolean().optional() }))
              .max(200)
              .optional(),
          })
          .optional(),
      }),
    )
    .max(2000),
})

type Json = Record<string, unknown>
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

function optionsOf(node: Json): Record<string, string> {
  const list = (node.oneOf ??
    node.anyOf ??
    (isObj(node.items) ? (node.items.oneOf ?? node.items.anyOf) : undefined)) as unknown
  const out: Record<string, string> = {}
  if (Array.isArray(list))
    for (const o of list)
      if (isObj(o) && typeof o.const === 'string' && typeof o.title === 'string')
        out[o.const] = o.title
  return out
}

/** Every leaf field of a form's JSON schema, depth first in property order. */
export function fieldLabels(
  schema: Json,
  en: z.infer<typeof Translations> | null = null,
): FieldLabel[] {
  const out: FieldLabel[] = []
  const walk = (node: Json, path: string): void => {
    const props = node.properties
    if (isObj(props)) {
      for (const [k, child] of Object.entries(props))
        if (isObj(child)) walk(child, path ? `${path}.${k}` : k)
      return
    }
    if (!path) return
    const tr = en?.[path]
    const options = { ...optionsOf(node), ...(tr?.enumTitles ?? {}) }
    const title = tr?.title ?? (typeof node.title === 'string' ? node.title : path)
    out.push({ path, title, options })
  }
  walk(schema, '')
  return out
}

/** The labels of one item's form, or [] when the catalog cannot be read (paths are shown). */
export async function fetchFieldLabels(
  serverUrl: string,
  code: string,
  lang: 'zh-CN' | 'en',
): Promise<FieldLabel[]> {
  const res = await fetch(`${serverUrl}/api/v1/catalog`, {
    headers: { accept: 'application/json' },
  })
  if (!res.ok) throw new Error(`catalog: http ${res.status}`)
  const item = CatalogForms.parse(await res.json()).items.find((i) => i.code === code)
  if (!item?.form) return []
  // The catalog's default: a prefilled field is locked unless it says otherwise.
  const locked = new Set(
    (item.form.prefill ?? []).filter((p) => p.locked !== false).map((p) => p.to),
  )
  return fieldLabels(
    item.form.schema,
    lang === 'en' ? (item.form.translations?.en ?? null) : null,
  ).map((l) => (locked.has(l.path) ? { ...l, locked: true } : l))
}

const Text = z.object({ 'zh-CN': z.string(), en: z.string().optional() })
const CatalogItems = z.object({
  items: z
    .array(
      z.object({
        code: z.string(),
        name: Text,
        materials: z
          .array(z.object({ id: z.string(), name: Text, capture: z.string().optional() }))
          .max(50)
          .default([]),
      }),
    )
    .max(2000),
})

/** An item of the centre's catalog as the console's co-service actions offer it. */
export interface CatalogItem {
  code: string
  name: string
  materials: { id: string; name: string }[]
}

/** Every item with its photographable materials, named in the console's language. */
export async function fetchCatalogItems(
  serverUrl: string,
  lang: 'zh-CN' | 'en',
): Promise<CatalogItem[]> {
  const res = await fetch(`${serverUrl}/api/v1/catalog`, {
    headers: { accept: 'application/json' },
  })
  if (!res.ok) throw new Error(`catalog: http ${res.status}`)
  const name = (t: z.infer<typeof Text>) => (lang === 'en' ? (t.en ?? t['zh-CN']) : t['zh-CN'])
  return CatalogItems.parse(await res.json()).items.map((i) => ({
    code: i.code,
    name: name(i.name),
    materials: i.materials
      .filter((m) => m.capture !== 'data-sharing')
      .map((m) => ({ id: m.id, name: name(m.name) })),
  }))
}
