import type { CardType } from '../devices/id-card'
import type { Eligibility } from './schema'

/**
 * The card-decidable conditions of an item (its `eligibility`), checked against what the card
 * tells. Pure: "today" is passed in (China Standard Time's calendar day, `chinaToday`), so the
 * kiosk, the centre and the tests decide alike.
 */

/** What the check needs from the card (the centre derives it from the application). */
export interface CardFacts {
  cardType: CardType
  /** ISO date. */
  birthDate: string
  /** ISO date or 长期; unknown (older kiosks on the centre) skips the validity check. */
  validUntil?: string | undefined
  /** The card's address; on a resident ID card, the hukou address. */
  address?: string | undefined
}

/** One condition the card decides against; each names the catalog's figure the resident is told. */
export type IneligibleReason =
  | { kind: 'too-young'; minAge: number; age: number }
  | { kind: 'too-old'; maxAge: number; age: number }
  | { kind: 'card-expired'; validUntil: string }
  /** The resident ID card's hukou address is not in the item's region. */
  | { kind: 'hukou-elsewhere'; region: Eligibility['hukou'] & object }
  /** The card type records no hukou (residence permit, foreigner's card). */
  | { kind: 'no-hukou'; region: Eligibility['hukou'] & object; cardType: CardType }

export type EligibilityResult =
  { eligible: true } | { eligible: false; reasons: IneligibleReason[] }

/** Today's calendar day in China Standard Time (UTC+8, no daylight saving), ISO. */
export function chinaToday(nowMs: number): string {
  return new Date(nowMs + 8 * 3_600_000).toISOString().slice(0, 10)
}

/** Full years from `birthDate` to `today` (both ISO): one more on the birthday itself. */
export function ageOn(birthDate: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4))
  return today.slice(5) >= birthDate.slice(5) ? years : years - 1
}

export function checkEligibility(
  rules: Eligibility,
  card: CardFacts,
  today: string,
): EligibilityResult {
  const reasons: IneligibleReason[] = []
  const age = ageOn(card.birthDate, today)
  if (rules.minAge !== undefined && age < rules.minAge)
    reasons.push({ kind: 'too-young', minAge: rules.minAge, age })
  if (rules.maxAge !== undefined && age > rules.maxAge)
    reasons.push({ kind: 'too-old', maxAge: rules.maxAge, age })
  // A card is valid through its end date.
  if (rules.validCard && card.validUntil && card.validUntil !== '长期' && card.validUntil < today)
    reasons.push({ kind: 'card-expired', validUntil: card.validUntil })
  if (rules.hukou) {
    if (card.cardType !== 'resident')
      reasons.push({ kind: 'no-hukou', region: rules.hukou, cardType: card.cardType })
    else if (!rules.hukou.places.some((p) => (card.address ?? '').includes(p)))
      reasons.push({ kind: 'hukou-elsewhere', region: rules.hukou })
  }
  return reasons.length ? { eligible: false, reasons } : { eligible: true }
}
