import { describe, expect, it } from 'vitest'
import { applyPrefill, lockedFieldPaths, type IdCardValues } from '../../../../common/catalog/form'
import { findEntry } from '../../../../common/catalog/schema'
import { sampleCatalog } from '../../../../common/catalog/sample'

const card = {
  name: '王秀英',
  address: '示例省示例县青山镇石桥村3组12号',
  idNumber: '110101194003071249',
} as IdCardValues

describe('postal addresses start as the card’s address', () => {
  for (const [code, group] of [
    ['OT-NEWBORN', 'card'],
    ['SI-CARD-REISSUE', 'request'],
  ] as const) {
    it(`${code}: prefilled, still editable, a change kept`, () => {
      const entry = findEntry(sampleCatalog, code)?.entry
      if (!entry) throw new Error(`${code} missing from the sample catalog`)
      const filled = applyPrefill(entry.form, card)
      expect((filled[group] as Record<string, unknown>).mailAddress).toBe(card.address)
      expect(lockedFieldPaths(entry.form)).not.toContain(`${group}.mailAddress`)
      const edited = applyPrefill(entry.form, card, { [group]: { mailAddress: '县城东街1号' } })
      expect((edited[group] as Record<string, unknown>).mailAddress).toBe('县城东街1号')
    })
  }
})
