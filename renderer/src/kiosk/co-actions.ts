import { lockedFieldPaths } from '../../../common/catalog/form'
import { formForCard } from '../../../common/catalog/card-form'
import { findEntry, type Material } from '../../../common/catalog/schema'
import type { ActionRefusal, ClerkAction } from '../../../common/signaling/coservice'
import type { KioskState, Screen } from './store'

/**
 * Whether a clerk's co-service action fits the kiosk's state right now, as plain functions of
 * the store: the action desk (action-desk.ts) refuses what does not fit before the resident
 * sees anything, so a refused action changes nothing. The contract (zod) has already checked
 * the message's shape; this checks its sense: a field the form has, a material of the open
 * item, a screen where it can happen.
 */

export interface PendingAction {
  callId: string
  actionId: string
  clerkId: string
  action: Exclude<ClerkAction, { kind: 'propose' }>
}

/** One proposed field value, waiting for 确认 on the form. */
export interface Proposal {
  callId: string
  actionId: string
  clerkId: string
  path: string
  /** As the clerk typed it (shown, and recorded). */
  text: string
  /** As the form stores it (a number, a choice's value…). */
  value: unknown
}

type Json = Record<string, unknown>
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Screens of an application being filled in (signed in, item chosen, not yet submitted). */
const FILLING: ReadonlySet<Screen> = new Set(['form', 'materials', 'commitment', 'review'])
/** Screens before anything of an item was filled in. */
const CHOOSING: ReadonlySet<Screen> = new Set(['home', 'category', 'guide', 'signin', 'ineligible'])

const entryOf = (s: KioskState) =>
  s.catalog && s.code ? findEntry(s.catalog, s.code)?.entry : undefined
const filling = (s: KioskState) => s.card !== null && !s.supply && FILLING.has(s.screen)

/** The form's leaf node at `path`, or null (only object properties lead there). */
export function fieldNode(schema: Json, path: string): Json | null {
  let node: unknown = schema
  for (const key of path.split('.')) {
    const props = isObj(node) ? node.properties : undefined
    if (!isObj(props) || !isObj(props[key])) return null
    node = props[key]
  }
  return isObj(node) && !isObj(node.properties) ? node : null
}

function choices(node: Json): string[] | null {
  if (Array.isArray(node.enum)) return node.enum.map(String)
  const list = node.oneOf ?? node.anyOf
  if (Array.isArray(list))
    return list.flatMap((o) => (isObj(o) && 'const' in o ? [String(o.const)] : []))
  return null
}

/** The clerk's text as the field stores it, or undefined when it does not fit the field. */
export function typedValue(node: Json, text: string): unknown {
  const t = text.trim()
  if (node.type === 'array') {
    const items = isObj(node.items) ? node.items : {}
    const allowed = choices(items)
    const parts = t
      .split(/[、,，]/)
      .map((p) => p.trim())
      .filter(Boolean)
    if (allowed && parts.some((p) => !allowed.includes(p))) return undefined
    return parts
  }
  const allowed = choices(node)
  if (allowed) return allowed.includes(t) ? t : undefined
  if (node.type === 'number' || node.type === 'integer') {
    const n = Number(t)
    if (t === '' || !Number.isFinite(n) || (node.type === 'integer' && !Number.isInteger(n)))
      return undefined
    return n
  }
  if (node.type === 'boolean')
    return t === 'true' || t === '是' ? true : t === 'false' || t === '否' ? false : undefined
  return t === '' ? undefined : t
}

export type Checked =
  | { refused: ActionRefusal }
  | { proposals: { path: string; text: string; value: unknown }[]; page: number }
  | { material: Material; index: number }
  | { ok: true }

/** What the action would do here, or why it is refused. */
export function checkAction(s: KioskState, action: ClerkAction): Checked {
  const entry = entryOf(s)
  switch (action.kind) {
    case 'open-item': {
      if (!s.catalog || !findEntry(s.catalog, action.code)) return { refused: 'unknown_item' }
      if (filling(s)) return { refused: 'item_in_progress' }
      if (!CHOOSING.has(s.screen) && !FILLING.has(s.screen)) return { refused: 'wrong_screen' }
      return { ok: true }
    }
    case 'propose': {
      if (!entry) return { refused: 'no_item' }
      if (s.screen !== 'form' || !s.card) return { refused: 'wrong_screen' }
      const form = formForCard(entry.form, s.card.cardType)
      const locked = new Set(lockedFieldPaths(form))
      const out: { path: string; text: string; value: unknown }[] = []
      for (const f of action.fields) {
        const node = fieldNode(form.schema as Json, f.path)
        if (!node) return { refused: 'unknown_field' }
        if (locked.has(f.path)) return { refused: 'locked_field' }
        const value = typedValue(node, f.value)
        if (value === undefined) return { refused: 'invalid_value' }
        out.push({ path: f.path, text: f.value, value })
      }
      const ui = form.uiSchema as Json
      const keys = Object.keys((form.schema as Json & { properties: Json }).properties)
      const order = ((ui['ui:order'] as string[] | undefined) ?? keys).filter((k) =>
        keys.includes(k),
      )
      const page = Math.max(0, order.indexOf(out[0]!.path.split('.')[0]!))
      return { proposals: out, page }
    }
    case 'read-card':
      if (s.screen === 'signin' || filling(s)) return { ok: true }
      return { refused: 'wrong_screen' }
    case 'photo': {
      if (!entry) return { refused: 'no_item' }
      const list = entry.materials.filter((m) => m.capture !== 'data-sharing')
      const index = list.findIndex((m) => m.id === action.materialId)
      if (index < 0) return { refused: 'wrong_material' }
      if (!filling(s)) return { refused: 'wrong_screen' }
      return { material: list[index]!, index }
    }
    case 'sign':
      if (!entry) return { refused: 'no_item' }
      if (!entry.commitment.applies) return { refused: 'no_commitment' }
      if (s.signature) return { refused: 'already_signed' }
      if (!filling(s)) return { refused: 'wrong_screen' }
      return { ok: true }
    case 'print':
      if (action.document === 'receipt')
        return s.upload?.caseNumber ? { ok: true } : { refused: 'no_receipt' }
      return entry ? { ok: true } : { refused: 'no_item' }
  }
}

/** `data` with `value` at `path` (a copy: the store's objects are never changed in place). */
export function withValue(data: Json, path: string, value: unknown): Json {
  const [key, ...rest] = path.split('.') as [string, ...string[]]
  if (rest.length === 0) return { ...data, [key]: value }
  const child = isObj(data[key]) ? (data[key] as Json) : {}
  return { ...data, [key]: withValue(child, rest.join('.'), value) }
}
