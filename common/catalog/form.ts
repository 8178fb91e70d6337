import type { IdCardField, ServiceForm } from './schema'

/**
 * Pure helpers that define how a catalog form is read: field paths, prefill from the card, and
 * the English overlay. The renderer and the server both use them, so they live with the contract.
 */

type JsonObject = Record<string, unknown>

/** Catalog forms are plain JSON, so a JSON round trip is a faithful deep copy. */
function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Arrays are transparent in field paths: `family.members.name` is a field of each member. */
function itemsOf(node: JsonObject): JsonObject | undefined {
  return node.type === 'array' && isObject(node.items) ? node.items : undefined
}

/**
 * The schema node at a dot path, following `properties` of nested objects (and `items` of
 * arrays), with the matching key path into an rjsf uiSchema (which nests `items` for arrays).
 */
function resolve(
  schema: JsonObject,
  path: string,
): { node: JsonObject; uiKeys: string[] } | undefined {
  let node: JsonObject = schema
  const uiKeys: string[] = []
  if (path === '') return { node, uiKeys }
  for (const key of path.split('.')) {
    const items = itemsOf(node)
    if (items) {
      node = items
      uiKeys.push('items')
    }
    const child = isObject(node.properties) ? node.properties[key] : undefined
    if (!isObject(child)) return undefined
    node = child
    uiKeys.push(key)
  }
  return { node, uiKeys }
}

export function schemaAt(schema: JsonObject, path: string): JsonObject | undefined {
  return resolve(schema, path)?.node
}

/** Every field path in a form schema, parents before children: `applicant`, `applicant.name`. */
export function formFieldPaths(schema: JsonObject): string[] {
  const out: string[] = []
  const walk = (node: JsonObject, prefix: string) => {
    const target = itemsOf(node) ?? node
    if (!isObject(target.properties)) return
    for (const [key, child] of Object.entries(target.properties)) {
      const path = prefix ? `${prefix}.${key}` : key
      out.push(path)
      if (isObject(child)) walk(child, path)
    }
  }
  walk(schema, '')
  return out
}

/** The values a read ID card offers to prefill; the device layer produces them. */
export type IdCardValues = Partial<Record<IdCardField, string>>

/**
 * Form data with the card's values written into the mapped fields. Existing values of locked
 * fields are overwritten (the card is authoritative); others are kept if the resident typed them.
 */
export function applyPrefill(
  form: ServiceForm,
  card: IdCardValues,
  data: JsonObject = {},
): JsonObject {
  const out: JsonObject = clone(data)
  for (const m of form.prefill) {
    const value = card[m.from]
    if (value === undefined || value === '') continue
    const keys = m.to.split('.')
    let node = out
    for (const key of keys.slice(0, -1)) {
      if (!isObject(node[key])) node[key] = {}
      node = node[key] as JsonObject
    }
    const leaf = keys[keys.length - 1] as string
    if (m.locked || node[leaf] === undefined || node[leaf] === '') node[leaf] = value
  }
  return out
}

/** The fields the UI shows read-only because the card filled them. */
export function lockedFieldPaths(form: ServiceForm): string[] {
  return form.prefill.filter((m) => m.locked).map((m) => m.to)
}

/** The uiSchema node for a field path (rjsf nests uiSchema like the data, `items` for arrays). */
function uiAt(
  schema: JsonObject,
  uiSchema: JsonObject,
  path: string,
  create: boolean,
): JsonObject | undefined {
  const resolved = resolve(schema, path)
  if (!resolved) return undefined
  let node = uiSchema
  for (const key of resolved.uiKeys) {
    if (!isObject(node[key])) {
      if (!create) return undefined
      node[key] = {}
    }
    node = node[key] as JsonObject
  }
  return node
}

/**
 * The JSON Schema and UI schema to hand to @rjsf/core for a locale: zh-CN is the schema as
 * written; for English each field's title, description, enum labels, help and placeholder come
 * from `translations.en`. Locked prefilled fields get `ui:readonly`.
 */
export function localizeForm(
  form: ServiceForm,
  locale: 'zh-CN' | 'en',
): { schema: JsonObject; uiSchema: JsonObject } {
  const schema = clone(form.schema) as JsonObject
  const uiSchema = clone(form.uiSchema) as JsonObject
  for (const path of lockedFieldPaths(form)) {
    const ui = uiAt(schema, uiSchema, path, true)
    if (ui) ui['ui:readonly'] = true
  }
  if (locale === 'zh-CN') return { schema, uiSchema }
  for (const [path, t] of Object.entries(form.translations.en)) {
    const node = path === '' ? schema : schemaAt(schema, path)
    if (!node) continue
    if (t.title) node.title = t.title
    if (t.description) node.description = t.description
    if (t.enumTitles) {
      const options = Array.isArray(node.oneOf)
        ? node.oneOf
        : isObject(node.items) && Array.isArray(node.items.oneOf)
          ? node.items.oneOf
          : isObject(node.items) && Array.isArray(node.items.anyOf)
            ? node.items.anyOf
            : []
      for (const option of options) {
        if (isObject(option) && typeof option.const === 'string') {
          const label = t.enumTitles[option.const]
          if (label) option.title = label
        }
      }
    }
    if (t.help || t.placeholder) {
      const ui = uiAt(schema, uiSchema, path, true)
      if (ui && t.help) ui['ui:help'] = t.help
      if (ui && t.placeholder) ui['ui:placeholder'] = t.placeholder
    }
  }
  return { schema, uiSchema }
}

/**
 * Resident-visible Chinese texts of a form that have no English overlay, as `path: what`.
 * Empty for a complete form; catalog tooling and the sample test use it.
 */
export function missingTranslations(form: ServiceForm): string[] {
  const missing: string[] = []
  const en = form.translations.en
  const check = (path: string, node: JsonObject) => {
    const t = en[path]
    if (typeof node.title === 'string' && !t?.title) missing.push(`${path}: title`)
    if (typeof node.description === 'string' && !t?.description)
      missing.push(`${path}: description`)
    const options = [
      ...(Array.isArray(node.oneOf) ? node.oneOf : []),
      ...(isObject(node.items) && Array.isArray(node.items.anyOf) ? node.items.anyOf : []),
      ...(isObject(node.items) && Array.isArray(node.items.oneOf) ? node.items.oneOf : []),
    ]
    for (const option of options) {
      if (isObject(option) && typeof option.const === 'string' && !t?.enumTitles?.[option.const]) {
        missing.push(`${path}: option ${option.const}`)
      }
    }
    const ui = uiAt(form.schema as JsonObject, form.uiSchema as JsonObject, path, false)
    if (ui && typeof ui['ui:help'] === 'string' && !t?.help) missing.push(`${path}: help`)
    if (ui && typeof ui['ui:placeholder'] === 'string' && !t?.placeholder)
      missing.push(`${path}: placeholder`)
  }
  check('', form.schema as JsonObject)
  for (const path of formFieldPaths(form.schema as JsonObject)) {
    const node = schemaAt(form.schema as JsonObject, path)
    if (node) check(path, node)
  }
  return missing
}
