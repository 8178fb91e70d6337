import type { CardType } from '../devices/id-card'
import { idNumberPatterns } from '../devices/id-number'
import { schemaAt } from './form'
import type { IdCardField, ServiceForm } from './schema'

/**
 * A catalog form as the holder of one card type sees it. The catalog writes each form for the
 * resident ID card; for the other documents the reader decodes:
 *
 * - a prefilled field whose value the card type does not carry follows its mapping's
 *   `ifAbsent`: `ask` (the resident fills it in, as text) or `omit` (the field is dropped);
 * - fields prefilled from the number or the address are titled after the holder's document
 *   (港澳台居民居住证号码, 外国人永久居留身份证号码, …), and the number field takes that
 *   document's number format.
 *
 * The result depends only on the form and the card type, so the kiosk (form screen, main-process
 * validation) and the centre (form check) derive the same form.
 */

type Json = Record<string, unknown>
type Title = readonly [zh: string, en: string]

/** The prefill values each card type carries (common/devices/id-card.ts, docs/hardware.md). */
export const cardFields: Readonly<Record<CardType, readonly IdCardField[]>> = {
  resident: ['name', 'gender', 'nation', 'birthDate', 'address', 'idNumber', 'issuer', 'validity'],
  'hk-mo-tw-residence': [
    'name',
    'gender',
    'birthDate',
    'address',
    'idNumber',
    'issuer',
    'validity',
  ],
  'foreign-permanent': ['name', 'gender', 'birthDate', 'idNumber', 'validity'],
  'foreign-permanent-2023': ['name', 'gender', 'birthDate', 'idNumber', 'validity'],
}

/**
 * What an identity checked by video (common/signaling/identity-check.ts) gives instead of a card:
 * the name and number the clerk typed, the gender and birth date the number carries, and the
 * address when the clerk took it. For validation the two variants are the same form (the address
 * field stays, prefilled or typed), so the centre checks with the one that has it.
 */
export function videoIdentityFields(address: boolean): readonly IdCardField[] {
  return address
    ? ['name', 'gender', 'birthDate', 'idNumber', 'address']
    : ['name', 'gender', 'birthDate', 'idNumber']
}

/** What the holder's document calls a value; the resident ID card keeps the catalog's title. */
const documentTitles: Partial<Record<IdCardField, Partial<Record<CardType, Title>>>> = {
  idNumber: {
    'hk-mo-tw-residence': ['港澳台居民居住证号码', 'HK/Macao/Taiwan residence permit number'],
    'foreign-permanent': ['外国人永久居留身份证号码', 'Foreign permanent resident ID card number'],
    'foreign-permanent-2023': [
      '外国人永久居留身份证号码',
      'Foreign permanent resident ID card number',
    ],
  },
  address: {
    // The permit's 住址 is where the holder lives on the mainland, not a hukou.
    'hk-mo-tw-residence': ['居住地址', 'Residential address'],
    'foreign-permanent': ['在华居住地址', 'Residential address in China'],
    'foreign-permanent-2023': ['在华居住地址', 'Residential address in China'],
  },
}

/** The name of each document, as the resident knows it (labels, spoken texts). */
export const documentNames: Readonly<Record<CardType, Title>> = {
  resident: ['居民身份证', 'resident ID card'],
  'hk-mo-tw-residence': ['港澳台居民居住证', 'HK/Macao/Taiwan residence permit'],
  'foreign-permanent': ['外国人永久居留身份证', 'foreign permanent resident ID card'],
  'foreign-permanent-2023': ['外国人永久居留身份证', 'foreign permanent resident ID card'],
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** The parent node (object schema, or array items) holding the last key of `path`. */
function parentOf(schema: Json, path: string): Json | undefined {
  const keys = path.split('.')
  const parent = keys.length === 1 ? schema : schemaAt(schema, keys.slice(0, -1).join('.'))
  if (!parent) return undefined
  return parent.type === 'array' && isObject(parent.items) ? parent.items : parent
}

/** The uiSchema node for `path`, following rjsf's nesting (`items` for arrays). */
function uiNodeOf(schema: Json, ui: Json, path: string): Json | undefined {
  let node: Json = schema
  let uiNode: Json = ui
  for (const key of path.split('.')) {
    if (node.type === 'array' && isObject(node.items)) {
      node = node.items
      if (!isObject(uiNode.items)) uiNode.items = {}
      uiNode = uiNode.items as Json
    }
    const child = isObject(node.properties) ? node.properties[key] : undefined
    if (!isObject(child)) return undefined
    node = child
    if (!isObject(uiNode[key])) uiNode[key] = {}
    uiNode = uiNode[key] as Json
  }
  return uiNode
}

function omitField(form: ServiceForm, path: string): void {
  const schema = form.schema as Json
  const parent = parentOf(schema, path)
  const leaf = path.split('.').pop() as string
  if (!parent || !isObject(parent.properties)) return
  delete parent.properties[leaf]
  if (Array.isArray(parent.required))
    parent.required = parent.required.filter((k: unknown) => k !== leaf)
  // The uiSchema holding the field: the parent object's node, or its `items` for an array.
  const parentPath = path.split('.').slice(0, -1).join('.')
  let uiParent = parentPath === '' ? form.uiSchema : uiNodeOf(schema, form.uiSchema, parentPath)
  if (uiParent && parentPath !== '' && schemaAt(schema, parentPath)?.type === 'array')
    uiParent = isObject(uiParent.items) ? uiParent.items : undefined
  if (uiParent) {
    delete uiParent[leaf]
    if (Array.isArray(uiParent['ui:order']))
      uiParent['ui:order'] = uiParent['ui:order'].filter((k: unknown) => k !== leaf)
  }
  for (const key of Object.keys(form.translations.en))
    if (key === path || key.startsWith(`${path}.`)) delete form.translations.en[key]
}

const cache = new WeakMap<ServiceForm, Map<string, ServiceForm>>()

/**
 * The form for a card type (memoized per form object, so validators compiled for it are reused).
 * The resident ID card gets the form unchanged. `fields` overrides what the card carries (an
 * identity checked by video: `videoIdentityFields`).
 */
export function formForCard(
  form: ServiceForm,
  cardType: CardType,
  fields?: readonly IdCardField[],
): ServiceForm {
  if (cardType === 'resident' && !fields) return form
  let perType = cache.get(form)
  if (!perType) cache.set(form, (perType = new Map()))
  const key = fields ? `${cardType}:${fields.join(',')}` : cardType
  const known = perType.get(key)
  if (known) return known
  const out = JSON.parse(JSON.stringify(form)) as ServiceForm
  const carried = new Set(fields ?? cardFields[cardType])
  const prefill: ServiceForm['prefill'] = []
  for (const m of out.prefill) {
    const present = carried.has(m.from)
    if (!present && m.ifAbsent === 'omit') {
      omitField(out, m.to)
      continue
    }
    const node = schemaAt(out.schema as Json, m.to)
    if (!node) continue
    const title = documentTitles[m.from]?.[cardType]
    if (title) {
      node.title = title[0]
      out.translations.en[m.to] = { ...out.translations.en[m.to], title: title[1] }
    }
    if (m.from === 'idNumber' && typeof node.pattern === 'string')
      node.pattern = idNumberPatterns[cardType]
    if (present) prefill.push(m)
    else {
      // Asked: the resident types it; the card-only widget would leave the field empty.
      const ui = uiNodeOf(out.schema as Json, out.uiSchema, m.to)
      if (ui && ui['ui:widget'] === 'from-card') ui['ui:widget'] = 'text'
    }
  }
  out.prefill = prefill
  perType.set(key, out)
  return out
}
