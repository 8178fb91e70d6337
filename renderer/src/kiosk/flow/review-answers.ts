/**
 * The resident's answers as the review screen shows them: one group per form step (a top-level
 * section of the form), each answer with its field's label and its value in words (a closed-list
 * answer by its option's label, never its code; dates, phone and account numbers formatted).
 * Pure: the screen passes the localized schema and the words it needs.
 */

type Json = Record<string, unknown>

export interface AnswerRow {
  /** The field's dot path in the form data, e.g. `applicant.phone`. */
  path: string
  label: string
  value: string
}

export interface AnswerGroup {
  /** The top-level section key; also the form step (`page`) that edits it. */
  key: string
  page: number
  title: string
  rows: AnswerRow[]
}

export interface AnswerWords {
  locale: 'zh-CN' | 'en'
  yes: string
  no: string
  /** Shown for an optional field left empty. */
  empty: string
  /** Joins several chosen options or list items. */
  separator: string
  /** Values shown masked (the ID number): path → masked text. */
  masked?: (path: string, value: string) => string | undefined
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

/** The options of a closed list: `oneOf`/`anyOf` of `{ const, title }`, or `enum`. */
function optionsOf(node: Json): { value: unknown; label: string }[] | undefined {
  const list = (node.oneOf ?? node.anyOf) as Json[] | undefined
  if (Array.isArray(list) && list.every((o) => isObject(o) && 'const' in o)) {
    return list.map((o) => ({ value: o.const, label: String(o.title ?? o.const) }))
  }
  if (Array.isArray(node.enum)) return node.enum.map((v) => ({ value: v, label: String(v) }))
  return undefined
}

/** 2025-05-20 → 2025年5月20日 / May 20, 2025 (the calendar date, whatever the time zone). */
export function formatDate(iso: string, locale: 'zh-CN' | 'en'): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  if (!m) return iso
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(d)
}

/** A mobile number as 3-4-4 (138 0013 8000); other long digit strings in fours. */
export function formatDigits(s: string): string {
  if (/^1\d{10}$/.test(s)) return `${s.slice(0, 3)} ${s.slice(3, 7)} ${s.slice(7)}`
  if (/^\d{9,}$/.test(s)) return s.replace(/(\d{4})(?=\d)/g, '$1 ')
  return s
}

function formatValue(node: Json, ui: Json, value: unknown, words: AnswerWords): string {
  if (value === undefined || value === null || value === '') return words.empty
  if (Array.isArray(value)) {
    if (value.length === 0) return words.empty
    const items = isObject(node.items) ? node.items : {}
    const itemUi = isObject(ui.items) ? ui.items : {}
    return value.map((v) => formatValue(items, itemUi, v, words)).join(words.separator)
  }
  if (isObject(value)) {
    const props = isObject(node.properties) ? node.properties : {}
    return Object.keys(props)
      .filter((k) => value[k] !== undefined && value[k] !== '')
      .map((k) =>
        formatValue(props[k] as Json, isObject(ui[k]) ? (ui[k] as Json) : {}, value[k], words),
      )
      .join('，')
  }
  const options = optionsOf(node)
  if (options) return options.find((o) => o.value === value)?.label ?? String(value)
  if (typeof value === 'boolean') return value ? words.yes : words.no
  if (node.format === 'date' && typeof value === 'string') return formatDate(value, words.locale)
  if (ui['ui:widget'] === 'keypad' && typeof value === 'string') return formatDigits(value)
  return String(value)
}

/** Every answer of one section, nested groups flattened in the form's field order. */
function rowsOf(
  node: Json,
  ui: Json,
  data: unknown,
  path: string,
  words: AnswerWords,
): AnswerRow[] {
  const props = isObject(node.properties) ? node.properties : undefined
  if (node.type === 'object' && props) {
    const order = (ui['ui:order'] as string[] | undefined) ?? Object.keys(props)
    const values = isObject(data) ? data : {}
    return order
      .filter((k) => k in props)
      .flatMap((k) =>
        rowsOf(
          props[k] as Json,
          isObject(ui[k]) ? (ui[k] as Json) : {},
          values[k],
          `${path}.${k}`,
          words,
        ),
      )
  }
  const label = String(node.title ?? path.split('.').pop())
  const raw = typeof data === 'string' ? words.masked?.(path, data) : undefined
  return [{ path, label, value: raw ?? formatValue(node, ui, data, words) }]
}

/** The answers of a whole form, one group per top-level section in the form's step order. */
export function answerGroups(
  schema: Json,
  uiSchema: Json,
  data: Json,
  words: AnswerWords,
): AnswerGroup[] {
  const props = isObject(schema.properties) ? schema.properties : {}
  const order = ((uiSchema['ui:order'] as string[] | undefined) ?? Object.keys(props)).filter(
    (k) => k in props,
  )
  return order.map((key, page) => {
    const node = props[key] as Json
    const ui = isObject(uiSchema[key]) ? (uiSchema[key] as Json) : {}
    const rows = rowsOf(node, ui, data[key], key, words)
    const title = String(node.title ?? key)
    // An optional section left empty (e.g. no helper) is one line.
    const allEmpty = rows.every((r) => r.value === words.empty)
    return {
      key,
      page,
      title,
      rows: allEmpty && rows.length > 1 ? [{ path: key, label: '', value: words.empty }] : rows,
    }
  })
}
