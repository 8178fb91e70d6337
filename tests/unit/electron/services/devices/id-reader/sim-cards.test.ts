import { describe, expect, it } from 'vitest'
import { checkEligibility } from '../../../../../../common/catalog/eligibility'
import { demoCards } from '../../../../../../electron/services/devices/id-reader/sim-cards'

describe('the simulator’s demo cards', () => {
  // The demo residence permit ran out in 2024, so a demo with it ended on the "card expired"
  // screen. Checked on a fixed day, this product's reference date, not on today's clock.
  it.each(Object.values(demoCards))('$cardType is valid on 2026-12-01', (card) => {
    expect(checkEligibility({ validCard: true }, card, '2026-12-01')).toEqual({ eligible: true })
  })
})
