import {
  checkEligibility,
  chinaToday,
  type EligibilityResult,
} from '../../../common/catalog/eligibility'
import { findEntry } from '../../../common/catalog/schema'
import type { IdCard } from '../../../common/devices/id-card'
import { useKiosk, type KioskState } from './store'

/**
 * What the chosen item's card-decidable conditions say about this card today (China time).
 * `now` is injectable for tests; the kiosk passes its clock.
 */
export function eligibilityOf(
  state: Pick<KioskState, 'catalog' | 'code'>,
  card: IdCard,
  now: number = Date.now(),
): EligibilityResult {
  const entry =
    state.catalog && state.code ? findEntry(state.catalog, state.code)?.entry : undefined
  if (!entry) return { eligible: true }
  return checkEligibility(entry.eligibility, card, chinaToday(now))
}

/**
 * The card was read on the sign-in screen (placed now, or lying there since before): on to
 * progress lookup, to the form, or, when the card decides against the item, to the screen that
 * explains why before anything is filled in.
 */
export function signIn(card: IdCard): void {
  const st = useKiosk.getState()
  if (st.screen !== 'signin') return
  if (st.purpose === 'progress') return st.set({ card, cardPresent: true, screen: 'progress' })
  const verdict = eligibilityOf(st, card)
  st.set({ card, cardPresent: true, formPage: 0, screen: verdict.eligible ? 'form' : 'ineligible' })
}
