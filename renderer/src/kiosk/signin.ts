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

/**
 * 身份经视频核验: the resident had no card and confirmed the identity the clerk checked in the
 * call; the main process made the session's card from it. On from the sign-in screen as after a
 * card read; elsewhere (help asked before signing in) the card is simply the session's now.
 */
export function signInByVideo(card: IdCard): void {
  const st = useKiosk.getState()
  if (st.screen !== 'signin') return st.set({ card, cardPresent: false, identityByVideo: true })
  st.set({ card, cardPresent: false, identityByVideo: true })
  if (st.purpose === 'progress') return st.set({ screen: 'progress' })
  const verdict = eligibilityOf(st, card)
  st.set({ formPage: 0, screen: verdict.eligible ? 'form' : 'ineligible' })
}
