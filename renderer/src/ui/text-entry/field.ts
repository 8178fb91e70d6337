/**
 * What the text-entry panel needs to know about a field, derived from its JSON Schema: which
 * modes it offers and what the handwriting recogniser should prefer. Pure; no React.
 */

/**
 * handwriting 手写 · pinyin 拼音 · code 数字/字母 · latin ABC (a Latin keyboard, English UI) ·
 * url 网址 (lower-case letters, digits and `: / . -`, for the centre's address in technician mode).
 */
export type TextEntryMode = 'handwriting' | 'pinyin' | 'code' | 'latin' | 'url'

/** Mirrors the recogniser's hint (common/text-entry/strokes.ts). */
export type TextEntryHint = 'name' | 'address' | 'text'

export interface TextEntryField {
  /** The DOM id of the field the panel writes into (kept in view above the panel). */
  id: string
  /** The field's visible label, also spoken. */
  label: string
  /** Modes offered, in order; the first is the default. */
  modes: TextEntryMode[]
  hint: TextEntryHint
  maxLength?: number
  /** Letters typed in code mode are upper case (出生医学证明编号 is "A123456789"). */
  upperCase?: boolean
  /** A password: keys are not read aloud as they are typed. */
  secret?: boolean
}

interface SchemaLike {
  type?: unknown
  pattern?: unknown
  maxLength?: unknown
  title?: unknown
}

/**
 * A pattern made only of ASCII classes and quantifiers (no hanzi, no `.`) accepts a code, typed
 * on the letters/digits pad alone: `^[A-Z][0-9]{9}$`.
 */
export function isCodePattern(pattern: unknown): boolean {
  if (typeof pattern !== 'string' || pattern === '') return false
  // Character classes of letters and digits only ([A-Z], [0-9X]; no \u4e00-…), \d, anchors,
  // groups and quantifiers: nothing else may be left.
  const stripped = pattern.replace(
    /\[(?:[A-Za-z0-9]-[A-Za-z0-9]|[A-Za-z0-9])+\]|\\d|\{\d+(,\d*)?\}|[\^$+*?()|]|[A-Za-z0-9]/g,
    '',
  )
  return stripped === ''
}

export function hintOf(key: string, title: string): TextEntryHint {
  if (/name$/i.test(key) || title.includes('姓名') || /\bname\b/i.test(title)) return 'name'
  if (/address|location/i.test(key) || /地址|住址|四至|位置/.test(title)) return 'address'
  return 'text'
}

export function fieldFor(
  id: string,
  key: string,
  label: string,
  schema: SchemaLike,
  lang: 'zh-CN' | 'en',
): TextEntryField {
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : undefined
  if (isCodePattern(schema.pattern)) {
    const upperCase = !/a-z/.test(String(schema.pattern))
    return { id, label, modes: ['code'], hint: 'text', maxLength, upperCase }
  }
  const modes: TextEntryMode[] = ['handwriting', 'pinyin', 'code']
  if (lang === 'en') modes.push('latin')
  return { id, label, modes, hint: hintOf(key, label), maxLength }
}

/** The remembered mode if the field offers it, else the field's first mode. */
export function modeFor(field: TextEntryField, remembered: TextEntryMode | null): TextEntryMode {
  return remembered && field.modes.includes(remembered)
    ? remembered
    : (field.modes[0] ?? 'handwriting')
}
