import type {
  FieldTranslation,
  KioskWidget,
  MaterialInput,
  PrefillMappingInput as PrefillMapping,
  ServiceFormInput,
} from '../schema'

/**
 * A small authoring DSL for the sample catalog: each field carries its JSON Schema, its rjsf UI
 * schema and its English overlay together, so a form is written once and cannot drift between
 * the three. The output is plain catalog data; nothing here is needed to read a catalog.
 */

type Json = Record<string, unknown>

export interface FieldDef {
  schema: Json
  ui: Json
  en: FieldTranslation
  required: boolean
  children?: Record<string, FieldDef>
}

type Text = readonly [zh: string, en: string]
type Option = readonly [value: string, zh: string, en: string]

interface Common {
  optional?: boolean
  help?: Text
  description?: Text
}

function base(title: Text, widget: KioskWidget, schema: Json, opts: Common = {}): FieldDef {
  const ui: Json = { 'ui:widget': widget }
  const en: FieldTranslation = { title: title[1] }
  const s: Json = { title: title[0], ...schema }
  if (opts.help) {
    ui['ui:help'] = opts.help[0]
    en.help = opts.help[1]
  }
  if (opts.description) {
    s.description = opts.description[0]
    en.description = opts.description[1]
  }
  return { schema: s, ui, en, required: !opts.optional }
}

export function text(title: Text, opts: Common & { maxLength?: number; pattern?: string } = {}) {
  return base(
    title,
    'text',
    {
      type: 'string',
      minLength: opts.optional ? 0 : 1,
      maxLength: opts.maxLength ?? 50,
      ...(opts.pattern ? { pattern: opts.pattern } : {}),
    },
    opts,
  )
}

export function longText(title: Text, opts: Common & { maxLength?: number } = {}) {
  return base(
    title,
    'textarea',
    { type: 'string', minLength: opts.optional ? 0 : 1, maxLength: opts.maxLength ?? 500 },
    opts,
  )
}

/**
 * Digits typed on the on-screen keypad; `maxLength` (the pattern's longest match) lets the
 * keypad refuse a digit too many instead of leaving it to 下一步.
 */
export function digits(title: Text, pattern: string, opts: Common & { maxLength?: number } = {}) {
  const { maxLength, ...common } = opts
  return base(
    title,
    'keypad',
    { type: 'string', pattern, ...(maxLength ? { maxLength } : {}) },
    common,
  )
}

export function integer(title: Text, min: number, max: number, opts: Common = {}) {
  return base(title, 'keypad', { type: 'integer', minimum: min, maximum: max }, opts)
}

export function money(title: Text, maxYuan: number, opts: Common = {}) {
  return base(
    title,
    'keypad',
    { type: 'number', minimum: 0, maximum: maxYuan, multipleOf: 0.01 },
    opts,
  )
}

export function date(title: Text, opts: Common = {}) {
  return base(title, 'date', { type: 'string', format: 'date' }, opts)
}

export function yesNo(title: Text, opts: Common = {}) {
  return base(title, 'yes-no', { type: 'boolean' }, opts)
}

/** One choice among large tiles (rjsf renders `oneOf` + `const` + `title` as labelled options). */
export function choice(title: Text, options: readonly Option[], opts: Common = {}) {
  const field = base(
    title,
    'tiles',
    { type: 'string', oneOf: options.map(([v, zh]) => ({ const: v, title: zh })) },
    opts,
  )
  field.en.enumTitles = Object.fromEntries(options.map(([v, , en]) => [v, en]))
  return field
}

/** Several choices among large tiles. */
export function choices(title: Text, options: readonly Option[], opts: Common = {}) {
  const field = base(
    title,
    'tiles',
    {
      type: 'array',
      uniqueItems: true,
      minItems: opts.optional ? 0 : 1,
      items: { type: 'string', anyOf: options.map(([v, zh]) => ({ const: v, title: zh })) },
    },
    opts,
  )
  field.en.enumTitles = Object.fromEntries(options.map(([v, , en]) => [v, en]))
  return field
}

/** A value read from the ID card, shown read-only. */
export function fromCard(title: Text, schema: Json = { type: 'string', minLength: 1 }) {
  return base(title, 'from-card', schema)
}

export function group(
  title: Text,
  children: Record<string, FieldDef>,
  opts: Common = {},
): FieldDef {
  const field = base(title, 'text', { type: 'object' }, opts)
  delete field.ui['ui:widget']
  field.children = children
  return field
}

/** A list of objects (e.g. family members), each with the given fields. */
export function list(
  title: Text,
  children: Record<string, FieldDef>,
  opts: Common & { min?: number; max?: number } = {},
): FieldDef {
  const item = group(['', ''], children)
  const built = build(item)
  delete built.schema.title
  const field = base(
    title,
    'text',
    { type: 'array', minItems: opts.min ?? 0, maxItems: opts.max ?? 20, items: built.schema },
    opts,
  )
  delete field.ui['ui:widget']
  field.ui = { ...field.ui, items: built.ui }
  // Array item fields are addressed through the array (`family.members.name`).
  field.children = undefined
  listTranslations.set(field, built.en)
  return field
}

const listTranslations = new WeakMap<FieldDef, Record<string, FieldTranslation>>()

function build(field: FieldDef): { schema: Json; ui: Json; en: Record<string, FieldTranslation> } {
  const en: Record<string, FieldTranslation> = { '': field.en }
  if (!field.children) {
    for (const [path, t] of Object.entries(listTranslations.get(field) ?? {})) {
      if (path !== '') en[path] = t
    }
    return { schema: field.schema, ui: field.ui, en }
  }
  const properties: Json = {}
  const required: string[] = []
  const ui: Json = { ...field.ui, 'ui:order': Object.keys(field.children) }
  for (const [key, child] of Object.entries(field.children)) {
    const b = build(child)
    properties[key] = b.schema
    ui[key] = b.ui
    if (child.required) required.push(key)
    for (const [path, t] of Object.entries(b.en)) en[path ? `${key}.${path}` : key] = t
  }
  return { schema: { ...field.schema, properties, required }, ui, en }
}

/** A whole form from its top-level fields and the card prefill. */
export function form(
  fields: Record<string, FieldDef>,
  prefill: PrefillMapping[] = [],
  title?: Text,
): ServiceFormInput {
  const root = group(title ?? ['', ''], fields)
  if (!title) delete root.schema.title
  const b = build(root)
  const { '': rootEn, ...en } = b.en
  if (title && rootEn) en[''] = rootEn
  return {
    schema: { $schema: 'https://json-schema.org/draft/2020-12/schema', ...b.schema } as never,
    uiSchema: b.ui,
    prefill,
    translations: { en },
  }
}

// --- Recurring sections -------------------------------------------------------------------------

export function sexChoice() {
  return choice(
    ['性别', 'Sex'],
    [
      ['male', '男', 'Male'],
      ['female', '女', 'Female'],
    ],
  )
}

/** The applicant as read from the ID card, plus a phone number typed on the keypad. */
export function applicantSection(title: Text = ['申请人', 'Applicant']) {
  return group(title, {
    name: fromCard(['姓名', 'Name']),
    gender: { ...sexChoice(), ui: { 'ui:widget': 'from-card' } },
    nation: fromCard(['民族', 'Ethnic group']),
    birthDate: fromCard(['出生日期', 'Date of birth'], { type: 'string', format: 'date' }),
    idNumber: fromCard(['公民身份号码', 'ID number'], {
      type: 'string',
      pattern: '^[1-9][0-9]{16}[0-9X]$',
    }),
    address: fromCard(['户籍地址', 'Registered address'], {
      type: 'string',
      minLength: 1,
      maxLength: 100,
    }),
    phone: digits(['联系电话', 'Phone number'], '^1[3-9][0-9]{9}$', {
      maxLength: 11,
      help: ['请输入 11 位手机号码', 'Enter an 11-digit mobile number'],
    }),
  })
}

/**
 * Prefill for `applicantSection` placed at `prefix`. A card without 民族 (residence permit,
 * foreigner's card) drops that field; one without an address (foreigner's card) asks for it.
 */
export function applicantPrefill(prefix = 'applicant'): PrefillMapping[] {
  const fields = ['name', 'gender', 'nation', 'birthDate', 'idNumber', 'address'] as const
  return fields.map((f) => ({
    from: f,
    to: `${prefix}.${f}`,
    locked: true,
    ifAbsent: f === 'nation' ? 'omit' : 'ask',
  }))
}

/**
 * A postal address starts as the card's registered address (the resident may change it): typing
 * an address on a touch screen is the last resort.
 */
export function mailAddressPrefill(to: string): PrefillMapping {
  return { from: 'address', to, locked: false }
}

const banks: Option[] = [
  ['rcc', '农村商业银行（信用社）', 'Rural commercial bank (credit cooperative)'],
  ['psbc', '中国邮政储蓄银行', 'Postal Savings Bank of China'],
  ['abc', '中国农业银行', 'Agricultural Bank of China'],
  ['ccb', '中国建设银行', 'China Construction Bank'],
  ['icbc', '中国工商银行', 'Industrial and Commercial Bank of China'],
  ['boc', '中国银行', 'Bank of China'],
]

/** Where a benefit is paid: the social security card's bank account or another account. */
export function payoutSection() {
  return group(['发放账户', 'Payment account'], {
    bank: choice(['开户银行', 'Bank'], banks),
    accountNumber: digits(['银行账号', 'Account number'], '^[0-9]{12,19}$', {
      maxLength: 19,
      help: [
        '可以使用社会保障卡的银行账号',
        'You may use the bank account of your social security card',
      ],
    }),
  })
}

export function t(zh: string, en: string) {
  return { 'zh-CN': zh, en }
}

// --- Recurring materials ------------------------------------------------------------------------

export const hukouBook = (opts: Partial<MaterialInput> = {}): MaterialInput => ({
  id: 'hukou-book',
  name: t('居民户口簿', 'Household register (hukou booklet)'),
  description: t('户主页和申请人本人页', 'The head-of-household page and your own page'),
  form: 'original',
  requirement: { kind: 'required' },
  capture: 'photo',
  pages: 2,
  photoHint: t(
    '请把户口簿翻开，平放在拍摄区，先拍户主页，再拍本人页',
    'Open the booklet flat in the camera area: first the head-of-household page, then your own page',
  ),
  ...opts,
})

export const bankCard = (opts: Partial<MaterialInput> = {}): MaterialInput => ({
  id: 'bank-card',
  name: t('社会保障卡或本人银行卡', 'Social security card or your own bank card'),
  description: t('用于发放补贴，卡面有卡号的一面', 'For the payment; the side showing the number'),
  form: 'original',
  requirement: { kind: 'deferrable', deadlineDays: 15 },
  capture: 'photo-or-counter',
  pages: 1,
  photoHint: t(
    '请把卡片有卡号的一面朝上放在拍摄区',
    'Place the card with its number facing up in the camera area',
  ),
  ...opts,
})

export const idPhoto = (opts: Partial<MaterialInput> = {}): MaterialInput => ({
  id: 'portrait',
  name: t('近期免冠彩色照片', 'Recent colour photo without a hat'),
  description: t(
    '可以在终端上直接拍摄：请摘下帽子和眼镜，正对摄像头',
    'It can be taken here: take off hat and glasses and face the camera',
  ),
  form: 'electronic',
  requirement: { kind: 'required' },
  capture: 'photo',
  pages: 1,
  photoHint: t('请正对摄像头，保持不动', 'Face the camera and keep still'),
  ...opts,
})

export const idCardViaReader = (): MaterialInput => ({
  id: 'id-card',
  name: t('居民身份证', 'Resident ID card'),
  description: t('在读卡区刷卡即可，无需复印', 'Tap it on the card reader; no copy is needed'),
  form: 'original',
  requirement: { kind: 'required' },
  capture: 'data-sharing',
  pages: 1,
})
