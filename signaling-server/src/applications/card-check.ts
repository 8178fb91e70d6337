import type { Application } from '../../../common/applications/schema'
import {
  checkEligibility,
  chinaToday,
  type IneligibleReason,
} from '../../../common/catalog/eligibility'
import { findEntry, type Catalog } from '../../../common/catalog/schema'
import { birthDateOfNumber, cardTypeOfNumber } from '../../../common/devices/id-number'

/** Issue paths of the `not_eligible` answer: which condition, never the values. */
const issuePath: Record<IneligibleReason['kind'], string> = {
  'too-young': 'applicant.age',
  'too-old': 'applicant.age',
  'card-expired': 'applicant.validUntil',
  'hukou-elsewhere': 'applicant.hukou',
  'no-hukou': 'applicant.cardType',
}

function valueAt(data: unknown, path: string): unknown {
  let node = data
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined
    node = (node as Record<string, unknown>)[key]
  }
  return node
}

/**
 * The item's card-decidable conditions checked again on the centre, since a kiosk can be
 * bypassed: the card type and birth date come from the applicant's number itself, the validity
 * from `applicant.validUntil` (not checked when an older kiosk did not send it), the hukou
 * address from the form field the catalog prefills from the card's address. The day is the
 * application's own (China time), so an application stored offline and uploaded after the card
 * expired still counts on the day it was made; never later than the centre's today.
 */
export function createCardChecker(catalog: Catalog, now: () => number) {
  return (app: Application): { path: string; message: string }[] => {
    const found = findEntry(catalog, app.code)
    if (!found) return []
    const { entry } = found
    const cardType = cardTypeOfNumber(app.applicant.idNumber)
    const serverToday = chinaToday(now())
    const created = Date.parse(app.createdAt)
    const appDay = Number.isFinite(created) ? chinaToday(created) : serverToday
    const today = appDay < serverToday ? appDay : serverToday
    const birthDate = birthDateOfNumber(app.applicant.idNumber, today)
    if (!cardType || !birthDate) return [{ path: 'applicant.idNumber', message: 'unreadable' }]
    const addressPath = entry.form.prefill.find((m) => m.from === 'address')?.to
    const address = addressPath ? valueAt(app.formData, addressPath) : undefined
    const result = checkEligibility(
      entry.eligibility,
      {
        cardType,
        birthDate,
        validUntil: app.applicant.validUntil,
        address: typeof address === 'string' ? address : undefined,
      },
      today,
    )
    return result.eligible
      ? []
      : result.reasons.map((r) => ({ path: issuePath[r.kind], message: r.kind }))
  }
}
