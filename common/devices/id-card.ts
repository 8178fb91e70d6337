import { z } from 'zod'

/**
 * A decoded ID document as it crosses process boundaries (main → renderer, CLI --json).
 * Fields a card type does not carry are absent, never empty strings. The 1024-byte photo is
 * deliberately not part of this contract: it stays in the main process (see docs/hardware.md).
 */
export const CardType = z.enum([
  'resident',
  'foreign-permanent',
  'foreign-permanent-2023',
  'hk-mo-tw-residence',
])
export type CardType = z.infer<typeof CardType>

export const Gender = z.enum(['男', '女', '未知', '未说明'])
export type Gender = z.infer<typeof Gender>

export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)
/** Validity end: an ISO date or the card's own word for "no end date". */
export const ValidUntil = z.union([IsoDate, z.literal('长期')])

export const IdCard = z
  .object({
    cardType: CardType,
    /** Chinese name (for a foreigner card, the Chinese name if the card has one). */
    name: z.string().max(60),
    nameEn: z.string().max(120).optional(),
    gender: Gender,
    genderCode: z.string().max(2),
    nation: z.string().max(20).optional(),
    nationCode: z.string().max(2).optional(),
    birthDate: IsoDate,
    address: z.string().max(70).optional(),
    /** Citizen ID number, residence-permit number or permanent-residence card number. */
    idNumber: z.string().max(18),
    /** GB 11643 (ISO 7064 MOD 11-2) check digit holds; absent where the scheme does not apply. */
    idNumberValid: z.boolean().optional(),
    issuer: z.string().max(30).optional(),
    validFrom: IsoDate,
    validUntil: ValidUntil,
    /** ISO 3166 alpha-3 nationality code of a foreigner card. */
    nationality: z.string().max(3).optional(),
    /** Mainland travel permit number on a HK/Macao/Taiwan residence permit. */
    passNumber: z.string().max(9).optional(),
    /** Issue count of a residence permit, or renewal count of a 2023 foreigner card. */
    issueCount: z.string().max(2).optional(),
  })
  .strict()
export type IdCard = z.infer<typeof IdCard>
