import type { LocalizedText, ServiceForm } from '../../../common/catalog/schema'
import type { FormAnswer } from '../../../common/cases/view'
import { maskIdNumber, maskName } from '../../../common/privacy/mask'

/*
 * The form data of a case as the clerk reads it: each answered field with the item's own label
 * (the form schema's zh-CN title and its English overlay), choices by their labels, groups and
 * list entries as headings, in the form's order. Personal answers (the card's name, number,
 * birth date and address; anything typed) are flagged, and masked unless the clerk revealed.
 */

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Card fields that identify the applicant (gender and 民族 alone do not). */
const PERSONAL_CARD_FIELDS = new Set(['name', 'idNumber', 'birthDate', 'address'])
const TYPED_WIDGETS = new Set(['text', 'textarea', 'keypad'])

export function maskText(s: string): string {
  const chars = Array.from(s)
  if (/^[0-9]{7,}$/.test(s)) return `${s.slice(0, 3)}${'*'.repeat(s.length - 7)}${s.slice(-4)}`
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return '****-**-**'
  if (chars.length <= 1) return '*'
  return chars[0] + '*'.repeat(Math.min(chars.length - 1, 6))
}

export function formAnswers(
  form: ServiceForm,
  data: Json,
  opts: { masked: boolean },
): FormAnswer[] {
  const en = form.translations.en
  const card = new Map(form.prefill.map((p) => [p.to, p.from]))
  const out: FormAnswer[] = []

  const label = (node: Json, path: string, fallback: string): LocalizedText => {
    const zh = typeof node.title === 'string' && node.title ? node.title : fallback
    const e = en[path]?.title
    return e ? { 'zh-CN': zh, en: e } : { 'zh-CN': zh }
  }
  const optionLabel = (options: unknown, path: string, value: string): LocalizedText => {
    const o = Array.isArray(options)
      ? options.find((x) => isObject(x) && x.const === value)
      : undefined
    const zh = isObject(o) && typeof o.title === 'string' ? o.title : value
    return { 'zh-CN': zh, en: en[path]?.enumTitles?.[value] ?? zh }
  }
  const uiOf = (path: string): Json => {
    let node: unknown = form.uiSchema
    // rjsf nests a list's fields under `items`.
    for (const key of path.split('.'))
      node = !isObject(node)
        ? undefined
        : key in node
          ? node[key]
          : isObject(node.items)
            ? node.items[key]
            : undefined
    return isObject(node) ? node : {}
  }

  function mask(path: string, value: string): string {
    const from = card.get(path)
    if (from === 'name') return maskName(value)
    if (from === 'idNumber') return maskIdNumber(value)
    return maskText(value)
  }

  function field(node: Json, key: string, value: unknown, path: string, depth: number): void {
    // The schema path of a list entry's field has no index (`family.members.name`).
    const schemaPath = path.replace(/\.\d+(?=\.|$)/g, '')
    if (value === undefined || value === null || value === '') return
    if (node.type === 'object' && isObject(node.properties) && isObject(value)) {
      out.push({ path, depth, label: label(node, schemaPath, key), value: null, personal: false })
      object(node, value, path, depth + 1)
      return
    }
    if (node.type === 'array' && Array.isArray(value)) {
      const items = isObject(node.items) ? node.items : {}
      if (items.type === 'object') {
        value.forEach((entry, i) => {
          const heading = label(node, schemaPath, key)
          out.push({
            path: `${path}.${i}`,
            depth,
            label: {
              'zh-CN': `${heading['zh-CN']} ${i + 1}`,
              ...(heading.en ? { en: `${heading.en} ${i + 1}` } : {}),
            },
            value: null,
            personal: false,
          })
          if (isObject(entry)) object(items, entry, `${path}.${i}`, depth + 1)
        })
        return
      }
      const labels = value.map((v) =>
        optionLabel(items.anyOf ?? items.oneOf, schemaPath, String(v)),
      )
      out.push({
        path,
        depth,
        label: label(node, schemaPath, key),
        value: {
          'zh-CN': labels.map((l) => l['zh-CN']).join('、'),
          en: labels.map((l) => l.en ?? l['zh-CN']).join(', '),
        },
        personal: false,
      })
      return
    }
    let text: LocalizedText
    let personal = false
    if (typeof value === 'boolean')
      text = value ? { 'zh-CN': '是', en: 'Yes' } : { 'zh-CN': '否', en: 'No' }
    else if (Array.isArray(node.oneOf)) text = optionLabel(node.oneOf, schemaPath, String(value))
    else {
      const from = card.get(schemaPath)
      const widget = uiOf(schemaPath)['ui:widget']
      personal =
        (from !== undefined && PERSONAL_CARD_FIELDS.has(from)) ||
        (typeof value === 'string' && typeof widget === 'string' && TYPED_WIDGETS.has(widget))
      const s = String(value)
      const shown = personal && opts.masked ? mask(schemaPath, s) : s
      text = { 'zh-CN': shown, en: shown }
    }
    out.push({ path, depth, label: label(node, schemaPath, key), value: text, personal })
  }

  function object(node: Json, value: Json, prefix: string, depth: number): void {
    const props = isObject(node.properties) ? node.properties : {}
    const order = uiOf(prefix.replace(/\.\d+(?=\.|$)/g, ''))['ui:order']
    const keys = Array.isArray(order)
      ? [
          ...order.filter((k): k is string => typeof k === 'string' && k in props),
          ...Object.keys(props).filter((k) => !order.includes(k)),
        ]
      : Object.keys(props)
    for (const key of keys) {
      const child = props[key]
      if (isObject(child)) field(child, key, value[key], prefix ? `${prefix}.${key}` : key, depth)
    }
  }

  object(form.schema as Json, data, '', 0)
  return out
}
