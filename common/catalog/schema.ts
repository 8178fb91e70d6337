import { z } from 'zod'
import { CategoryId, LocalizedText } from '../domain/catalog'

/**
 * The versioned service catalog (同一事项、同一标准、同一编码): pushed from the centre to every
 * terminal and cached for offline use. Everything a resident reads is a LocalizedText; the
 * catalog test requires English as well as Chinese for the sample, the contract tolerates a
 * missing English text (the UI then falls back to zh-CN).
 */

export { CategoryId, LocalizedText }

/** One code per item or bundle, the same on every terminal; printed on receipts. */
export const ItemCode = z.string().regex(/^[A-Z0-9][A-Z0-9-]{2,63}$/)
export type ItemCode = z.infer<typeof ItemCode>

/** A material, field or reason id, unique within its item. */
export const Slug = z.string().regex(/^[a-z][a-z0-9-]{0,47}$/)

/** The fields the ID card reader yields, normalized, as offered to prefill mappings. */
export const IdCardField = z.enum([
  'name',
  /** 'male' | 'female'. */
  'gender',
  /** The ethnic group as printed on the card, e.g. 汉. */
  'nation',
  /** ISO date, YYYY-MM-DD. */
  'birthDate',
  'address',
  /**
   * The card's number: 18 characters (resident ID, residence permit, 2023 foreigner card) or the
   * 2017 foreigner card's 15 (common/devices/id-number.ts).
   */
  'idNumber',
  /** The issuing public-security office. */
  'issuer',
  /** ISO date of expiry, or 长期 for a card without expiry. */
  'validity',
])
export type IdCardField = z.infer<typeof IdCardField>

/** 容缺受理: whether the application may be accepted while this material is still missing. */
export const MaterialRequirement = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('required') }),
  z.object({
    kind: z.literal('deferrable'),
    /** Calendar days after submission by which the resident must supply it. */
    deadlineDays: z.number().int().min(1).max(365),
  }),
  /** Only needed in some cases (the description says when). */
  z.object({ kind: z.literal('optional') }),
])
export type MaterialRequirement = z.infer<typeof MaterialRequirement>

/**
 * How the kiosk obtains the material: `photo` must be photographed with the document camera;
 * `photo-or-counter` may be photographed or shown at the village hall later; `data-sharing`
 * is fetched by the department itself (免提交), so the resident brings nothing.
 */
export const MaterialCapture = z.enum(['photo', 'photo-or-counter', 'data-sharing'])
export type MaterialCapture = z.infer<typeof MaterialCapture>

export const Material = z.object({
  id: Slug,
  name: LocalizedText,
  description: LocalizedText.optional(),
  /** Where the resident obtains it, e.g. 村委会出具. */
  source: LocalizedText.optional(),
  form: z.enum(['original', 'copy', 'original-or-copy', 'electronic']),
  requirement: MaterialRequirement,
  capture: MaterialCapture,
  /** Pages to photograph, e.g. 2 for both sides of a card. */
  pages: z.number().int().min(1).max(20).default(1),
  /** Spoken and shown while photographing, e.g. "请把户口簿首页平放在拍摄区". */
  photoHint: LocalizedText.optional(),
})
export type Material = z.infer<typeof Material>

export const Fee = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('free') }),
  z.object({
    kind: z.literal('charged'),
    items: z
      .array(
        z.object({
          name: LocalizedText,
          /** In fen (分), so amounts are exact. */
          amountFen: z.number().int().nonnegative(),
          basis: LocalizedText,
        }),
      )
      .min(1),
  }),
])
export type Fee = z.infer<typeof Fee>

export const TimeLimits = z
  .object({
    /** Working days set by law or regulation; null where none is set. */
    statutoryWorkingDays: z.number().int().nonnegative().nullable(),
    /** Working days the administration promises (承诺时限); 0 means done on the spot (即办). */
    promisedWorkingDays: z.number().int().nonnegative(),
  })
  .refine(
    (t) => t.statutoryWorkingDays === null || t.promisedWorkingDays <= t.statutoryWorkingDays,
    {
      message: 'the promised time limit cannot exceed the statutory one',
      path: ['promisedWorkingDays'],
    },
  )
export type TimeLimits = z.infer<typeof TimeLimits>

/** One reason a clerk can pick (master data), with the text the resident is given. */
export const ReasonCode = z.object({ code: Slug, text: LocalizedText })
export type ReasonCode = z.infer<typeof ReasonCode>

/**
 * An item's reason codes for the three decisions that need one: 不予受理 (not accepted), 补正
 * (supplement requested) and 不予许可 (rejected). The clerk picks codes and may add free text.
 * Optional, so catalogs written before these lists still parse.
 */
export const CaseReasons = z.object({
  notAccepted: z.array(ReasonCode).default([]),
  supplement: z.array(ReasonCode).default([]),
  rejection: z.array(ReasonCode).default([]),
})
export type CaseReasons = z.infer<typeof CaseReasons>

/** The placeholders a result notice template may use (filled by the centre on a decision). */
export const RESULT_NOTICE_PLACEHOLDERS = [
  'caseNumber',
  'itemName',
  'decision',
  'date',
  'name',
  'department',
  'reason',
] as const

const NoticeTemplateText = z
  .string()
  .min(1)
  .max(600)
  .refine(
    (s) =>
      [...s.matchAll(/\{(\w+)\}/g)].every((m) =>
        (RESULT_NOTICE_PLACEHOLDERS as readonly string[]).includes(m[1]!),
      ),
    { message: `unknown placeholder (known: ${RESULT_NOTICE_PLACEHOLDERS.join(', ')})` },
  )

/**
 * The result notice (结果通知书) an approval or rejection fills and the kiosk prints with its
 * signed QR code: plain Chinese text, lines kept short for a 58 mm receipt, with `{caseNumber}`,
 * `{itemName}`, `{decision}` (准予 / 不予许可), `{date}` (YYYY-MM-DD, China Standard Time),
 * `{name}` (masked: 张*), `{department}` and `{reason}` (the rejection's reasons). One language:
 * the text is signed exactly as printed.
 */
export const ResultNoticeTemplate = z.object({
  approved: NoticeTemplateText,
  rejected: NoticeTemplateText,
})
export type ResultNoticeTemplate = z.infer<typeof ResultNoticeTemplate>

/** For catalogs written before the templates: a plain notice for every item. */
export const DEFAULT_RESULT_NOTICE: ResultNoticeTemplate = {
  approved:
    '结果通知书\n{name}：\n您申请的“{itemName}”（受理编号 {caseNumber}），经{department}审查，决定：{decision}。\n决定日期：{date}\n扫描二维码可核验本通知真伪。',
  rejected:
    '结果通知书\n{name}：\n您申请的“{itemName}”（受理编号 {caseNumber}），经{department}审查，决定：{decision}。\n理由：{reason}\n决定日期：{date}\n如不服，可在六十日内申请行政复议或在六个月内提起行政诉讼。\n扫描二维码可核验本通知真伪。',
}

/**
 * 信用承诺 / 告知承诺制: the text is read aloud and shown, and the resident signs on screen.
 * Items that accept deferred materials carry a commitment, because 容缺受理 rests on the
 * resident's signed promise to supply them.
 */
export const Commitment = z.discriminatedUnion('applies', [
  z.object({ applies: z.literal(false) }),
  z.object({
    applies: z.literal(true),
    title: LocalizedText,
    text: LocalizedText,
    /** What happens on a false statement, read out with the text. */
    consequences: LocalizedText.optional(),
  }),
])
export type Commitment = z.infer<typeof Commitment>

export const OutputKind = z.enum(['certificate', 'card', 'decision', 'benefit', 'receipt'])
export const Delivery = z.enum(['print-at-kiosk', 'pickup', 'mail', 'electronic', 'bank-transfer'])

export const Output = z.object({
  kind: OutputKind,
  name: LocalizedText,
  delivery: z.array(Delivery).min(1),
})
export type Output = z.infer<typeof Output>

/**
 * Widgets the kiosk renderer registers for @rjsf/core (`ui:widget`). All of them are large-touch:
 * targets ≥ 64 px, no free typing where a choice will do.
 */
export const KioskWidget = z.enum([
  /** Large tiles for an enum; one tap chooses. */
  'tiles',
  /** Two large buttons 是 / 否 for a boolean. */
  'yes-no',
  /** On-screen numeric keypad (phone numbers, amounts, ID numbers typed by hand). */
  'keypad',
  /** Large year / month / day wheels. */
  'date',
  /** Text with the on-screen Chinese keyboard or handwriting pad. */
  'text',
  'textarea',
  /** Filled from the ID card and shown read-only (masked where the screen requires). */
  'from-card',
])
export type KioskWidget = z.infer<typeof KioskWidget>

/** A JSON Schema (draft 2020-12) for the form data; its root is an object. */
export const FormJsonSchema = z.looseObject({
  type: z.literal('object'),
  properties: z.record(z.string(), z.record(z.string(), z.unknown())),
  required: z.array(z.string()).optional(),
})
export type FormJsonSchema = z.infer<typeof FormJsonSchema>

/** A field path in the form data, dot-separated through nested objects: `applicant.name`. */
export const FieldPath = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/)

export const PrefillMapping = z.object({
  from: IdCardField,
  to: FieldPath,
  /** When true the field stays read-only after prefill (data from the card is authoritative). */
  locked: z.boolean().default(true),
  /**
   * What the form does when the resident's card type does not carry this value (民族 on a
   * HK/Macao/Taiwan residence permit, 住址 on a foreigner's card; `cardFields` in
   * common/catalog/card-form.ts): `ask` shows the field for the resident to fill in (as typed
   * text, still required if the schema says so), `omit` drops the field from the form (not
   * needed for this item). Every card type carries name, gender, birth date, number, validity.
   */
  ifAbsent: z.enum(['ask', 'omit']).default('ask'),
})
export type PrefillMapping = z.infer<typeof PrefillMapping>
export type PrefillMappingInput = z.input<typeof PrefillMapping>

/**
 * English overlay for one field: the JSON Schema carries zh-CN titles (the default); rjsf takes
 * one schema, so `localizeForm` merges this overlay in for English.
 */
export const FieldTranslation = z.object({
  title: z.string().min(1).optional(),
  description: z.string().min(1).optional(),
  /** Label per enum value, for `oneOf` / `enum` fields. */
  enumTitles: z.record(z.string(), z.string().min(1)).optional(),
  /** The `ui:help` / `ui:placeholder` text. */
  help: z.string().min(1).optional(),
  placeholder: z.string().min(1).optional(),
})
export type FieldTranslation = z.infer<typeof FieldTranslation>

export const ServiceForm = z.object({
  /** JSON Schema for the data; titles, descriptions and enum labels in zh-CN. */
  schema: FormJsonSchema,
  /** @rjsf/core UI schema: `ui:order`, `ui:widget` (a KioskWidget), `ui:help`, … */
  uiSchema: z.record(z.string(), z.unknown()),
  prefill: z.array(PrefillMapping),
  /** English overlays keyed by field path ('' for the form root). */
  translations: z.object({ en: z.record(z.string(), FieldTranslation) }),
})
export type ServiceForm = z.infer<typeof ServiceForm>

/**
 * The conditions of an item the ID card itself decides (受理条件 the kiosk can check before the
 * form, and the centre checks again on submission). The other conditions stay text in
 * `conditions` for the resident and the department. Evaluated by `checkEligibility`
 * (common/catalog/eligibility.ts) with China Standard Time's today.
 */
export const Eligibility = z
  .object({
    /** Full years of age on the day of application, from the card's birth date. */
    minAge: z.number().int().min(0).max(150).optional(),
    maxAge: z.number().int().min(0).max(150).optional(),
    /** The card must not be past its validity end on the day (on by default). */
    validCard: z.boolean().default(true),
    /**
     * 本地户籍: the resident ID card's address (its hukou address) names one of `places`. Only
     * the resident ID card records a hukou, so a residence permit or a foreigner's card does not
     * meet this condition.
     */
    hukou: z
      .object({
        places: z.array(z.string().min(2).max(30)).min(1),
        /** The region as the resident is told it, e.g. 示例县. */
        name: LocalizedText,
      })
      .optional(),
  })
  .strict()
  .refine((e) => e.minAge === undefined || e.maxAge === undefined || e.minAge <= e.maxAge, {
    message: 'minAge exceeds maxAge',
    path: ['minAge'],
  })
export type Eligibility = z.infer<typeof Eligibility>

const entryBase = {
  code: ItemCode,
  categoryId: CategoryId,
  name: LocalizedText,
  /** One or two sentences for the tile and the top of the guide. */
  summary: LocalizedText,
  /** Search words (pinyin initials, common names), not shown. */
  keywords: z.array(z.string().min(1)).default([]),
  /** Shown among the popular items on the home screen. */
  popular: z.boolean().default(false),
  /** The conditions the card decides; by default only that the card is valid. */
  eligibility: Eligibility.default({ validCard: true }),
}

/** 容缺受理 rests on the resident's signed promise: an entry with a deferrable material has one. */
function requireCommitmentForDeferred(
  entry: { code: string; materials: Material[]; commitment: Commitment },
  ctx: z.RefinementCtx,
): void {
  if (
    entry.materials.some((m) => m.requirement.kind === 'deferrable') &&
    !entry.commitment.applies
  ) {
    ctx.addIssue({
      code: 'custom',
      message: `${entry.code} accepts deferred materials, so it needs a commitment to sign`,
      path: ['commitment'],
      params: { problem: 'rule' },
    })
  }
}

export const ServiceItem = z
  .object({
    ...entryBase,
    department: LocalizedText,
    legalBasis: z.array(LocalizedText).min(1),
    /** Who may apply and under which conditions (受理条件). */
    conditions: z.array(LocalizedText).min(1),
    materials: z.array(Material),
    fee: Fee,
    timeLimits: TimeLimits,
    commitment: Commitment,
    output: Output,
    form: ServiceForm,
    /** Reason codes for 不予受理, 补正 and 不予许可 (back office). */
    reasons: CaseReasons.default({ notAccepted: [], supplement: [], rejection: [] }),
    /** The result notice a decision fills (back office; docs/result-verification.md). */
    resultNotice: ResultNoticeTemplate.default(DEFAULT_RESULT_NOTICE),
  })
  .superRefine((item, ctx) => {
    item.materials.forEach((m, i) => {
      if (item.materials.findIndex((o) => o.id === m.id) !== i)
        ctx.addIssue({
          code: 'custom',
          message: `duplicate material id in ${item.code}`,
          path: ['materials', i, 'id'],
          params: { problem: 'duplicate' },
        })
    })
    for (const [kind, list] of Object.entries(item.reasons)) {
      list.forEach((r, i) => {
        if (list.findIndex((o) => o.code === r.code) !== i)
          ctx.addIssue({
            code: 'custom',
            message: `duplicate ${kind} reason code in ${item.code}`,
            path: ['reasons', kind, i, 'code'],
            params: { problem: 'duplicate' },
          })
      })
    }
    requireCommitmentForDeferred(item, ctx)
  })
export type ServiceItem = z.infer<typeof ServiceItem>

/**
 * 一件事: several items applied for with one form, one set of materials and one submission; the
 * server fans the application out to each item's department.
 */
export const ServiceBundle = z
  .object({
    ...entryBase,
    /** The department that receives the bundle (综合窗口). */
    department: LocalizedText,
    conditions: z.array(LocalizedText).min(1),
    /** Each material once, even when several items need it. */
    materials: z.array(Material),
    fee: Fee,
    timeLimits: TimeLimits,
    commitment: Commitment,
    form: ServiceForm,
    /** How the one application splits into each item's case. */
    fanOut: z
      .array(
        z.object({
          itemCode: ItemCode,
          /** Top-level or nested form fields this item receives. */
          formPaths: z.array(FieldPath).min(1),
          materialIds: z.array(Slug),
        }),
      )
      .min(2),
  })
  .superRefine((bundle, ctx) => {
    const ids = new Set(bundle.materials.map((m) => m.id))
    bundle.fanOut.forEach((part, k) => {
      part.materialIds.forEach((id, j) => {
        if (!ids.has(id)) {
          ctx.addIssue({
            code: 'custom',
            message: `${bundle.code}: unknown material ${id}`,
            path: ['fanOut', k, 'materialIds', j],
            params: { problem: 'unknown_reference' },
          })
        }
      })
    })
    requireCommitmentForDeferred(bundle, ctx)
  })
export type ServiceBundle = z.infer<typeof ServiceBundle>

export const CatalogCategory = z.object({
  id: CategoryId,
  name: LocalizedText,
  /** Icon name from the renderer's icon set. */
  icon: z.string().regex(/^[a-z-]{1,30}$/),
  /** Position on the home screen, ascending. */
  order: z.number().int(),
})
export type CatalogCategory = z.infer<typeof CatalogCategory>

export const CATALOG_SCHEMA_VERSION = 1

export const Catalog = z
  .object({
    schemaVersion: z.literal(CATALOG_SCHEMA_VERSION),
    /** Monotonic version of the content, e.g. 2025.06.3; a terminal keeps the newest it has seen. */
    version: z.string().regex(/^\d{4}\.\d{2}\.\d+$/),
    publishedAt: z.iso.datetime({ offset: true }),
    /** Region the catalog applies to (the county), shown on the guide. */
    region: LocalizedText,
    /** True for sample content that is not an official catalog; the UI shows a banner. */
    sample: z.boolean(),
    categories: z.array(CatalogCategory).min(1),
    items: z.array(ServiceItem).min(1),
    bundles: z.array(ServiceBundle),
  })
  .superRefine((catalog, ctx) => {
    // Paths name the entry and field, so a publisher is told which item to fix
    // (common/catalog/publishing.ts).
    const entries = [
      ...catalog.items.map((e, i) => ({ e, at: ['items', i] as const })),
      ...catalog.bundles.map((e, i) => ({ e, at: ['bundles', i] as const })),
    ]
    const seen = new Set<string>()
    for (const { e, at } of entries) {
      if (seen.has(e.code))
        ctx.addIssue({
          code: 'custom',
          message: `duplicate item code ${e.code}`,
          path: [...at, 'code'],
          params: { problem: 'duplicate' },
        })
      seen.add(e.code)
    }
    const categoryIds = new Set<string>()
    catalog.categories.forEach((c, i) => {
      if (categoryIds.has(c.id))
        ctx.addIssue({
          code: 'custom',
          message: 'duplicate category id',
          path: ['categories', i, 'id'],
          params: { problem: 'duplicate' },
        })
      categoryIds.add(c.id)
    })
    for (const { e, at } of entries) {
      if (!categoryIds.has(e.categoryId)) {
        ctx.addIssue({
          code: 'custom',
          message: `${e.code} is in unknown category ${e.categoryId}`,
          path: [...at, 'categoryId'],
          params: { problem: 'unknown_reference' },
        })
      }
    }
    const itemCodes = new Set(catalog.items.map((i) => i.code))
    catalog.bundles.forEach((bundle, b) => {
      bundle.fanOut.forEach((part, k) => {
        if (!itemCodes.has(part.itemCode)) {
          ctx.addIssue({
            code: 'custom',
            message: `${bundle.code} fans out to unknown item ${part.itemCode}`,
            path: ['bundles', b, 'fanOut', k, 'itemCode'],
            params: { problem: 'unknown_reference' },
          })
        }
      })
    })
  })
export type Catalog = z.infer<typeof Catalog>
/** The authoring shape (defaults may be omitted), used to write catalog data in TS. */
export type CatalogInput = z.input<typeof Catalog>
export type ServiceItemInput = z.input<typeof ServiceItem>
export type ServiceBundleInput = z.input<typeof ServiceBundle>
export type MaterialInput = z.input<typeof Material>
export type ServiceFormInput = z.input<typeof ServiceForm>

/** A catalog entry the resident can apply for: an item or a bundle. */
export type CatalogEntry =
  { kind: 'item'; entry: ServiceItem } | { kind: 'bundle'; entry: ServiceBundle }

export function findEntry(catalog: Catalog, code: string): CatalogEntry | undefined {
  const item = catalog.items.find((i) => i.code === code)
  if (item) return { kind: 'item', entry: item }
  const bundle = catalog.bundles.find((b) => b.code === code)
  return bundle ? { kind: 'bundle', entry: bundle } : undefined
}
