import { describe, expect, it } from 'vitest'
import { Eligibility, findEntry } from '../../../../common/catalog'
import { ageOn, checkEligibility, chinaToday } from '../../../../common/catalog/eligibility'
import { sampleCatalog } from '../../../../common/catalog/sample'

const allowance = findEntry(sampleCatalog, 'CA-ELDERLY-ALLOWANCE')!.entry.eligibility
const local = '示例省示例县青山镇石桥村3组12号'

describe('checkEligibility (card-decidable conditions, injected today)', () => {
  it('tells a 36-year-old that the old-age allowance is for people aged 80 and over', () => {
    const r = checkEligibility(
      allowance,
      { cardType: 'resident', birthDate: '1990-03-07', validUntil: '2032-05-20', address: local },
      '2026-12-01',
    )
    expect(r).toEqual({ eligible: false, reasons: [{ kind: 'too-young', minAge: 80, age: 36 }] })
  })

  it('counts the 80th birthday itself, not the day before (China time)', () => {
    const facts = { cardType: 'resident' as const, birthDate: '1946-12-01', address: local }
    expect(checkEligibility(allowance, facts, '2026-11-30').eligible).toBe(false)
    expect(checkEligibility(allowance, facts, '2026-12-01')).toEqual({ eligible: true })
    // 16:30 UTC on 30 November is already 1 December in Beijing.
    expect(chinaToday(Date.UTC(2026, 10, 30, 16, 30))).toBe('2026-12-01')
    expect(chinaToday(Date.UTC(2026, 10, 30, 15, 59))).toBe('2026-11-30')
    expect(ageOn('2000-02-29', '2026-02-28')).toBe(25)
    expect(ageOn('2000-02-29', '2026-03-01')).toBe(26)
  })

  it('refuses an expired card, valid through its end date; 长期 never expires', () => {
    const rules = Eligibility.parse({})
    const card = { cardType: 'resident' as const, birthDate: '1950-01-01' }
    expect(checkEligibility(rules, { ...card, validUntil: '2024-01-01' }, '2026-12-01')).toEqual({
      eligible: false,
      reasons: [{ kind: 'card-expired', validUntil: '2024-01-01' }],
    })
    expect(
      checkEligibility(rules, { ...card, validUntil: '2026-12-01' }, '2026-12-01').eligible,
    ).toBe(true)
    expect(checkEligibility(rules, { ...card, validUntil: '长期' }, '2026-12-01').eligible).toBe(
      true,
    )
    // An item may accept an expired card (e.g. a card reissue); then only the other rules count.
    const lenient = Eligibility.parse({ validCard: false })
    expect(
      checkEligibility(lenient, { ...card, validUntil: '2024-01-01' }, '2026-12-01').eligible,
    ).toBe(true)
  })

  it('checks the hukou region on the resident card; other documents record no hukou', () => {
    const elsewhere = checkEligibility(
      allowance,
      {
        cardType: 'resident',
        birthDate: '1940-01-01',
        validUntil: '长期',
        address: '北京市东城区示范胡同12号',
      },
      '2026-12-01',
    )
    expect(elsewhere).toMatchObject({ eligible: false, reasons: [{ kind: 'hukou-elsewhere' }] })
    const permit = checkEligibility(
      allowance,
      {
        cardType: 'hk-mo-tw-residence',
        birthDate: '1940-01-01',
        validUntil: '2030-01-01',
        address: local,
      },
      '2026-12-01',
    )
    expect(permit).toMatchObject({
      eligible: false,
      reasons: [{ kind: 'no-hukou', cardType: 'hk-mo-tw-residence' }],
    })
  })

  it('reports every failed condition at once', () => {
    const r = checkEligibility(
      Eligibility.parse({ maxAge: 16, hukou: { places: ['示例县'], name: { 'zh-CN': '示例县' } } }),
      { cardType: 'foreign-permanent', birthDate: '1980-05-06', validUntil: '2025-07-01' },
      '2026-12-01',
    )
    expect(r.eligible === false && r.reasons.map((x) => x.kind)).toEqual([
      'too-old',
      'card-expired',
      'no-hukou',
    ])
  })

  it('is part of the catalog contract: ages in range, unknown keys refused, default valid card', () => {
    expect(Eligibility.parse({})).toEqual({ validCard: true })
    expect(Eligibility.safeParse({ minAge: 80, maxAge: 60 }).success).toBe(false)
    expect(Eligibility.safeParse({ minAge: -1 }).success).toBe(false)
    expect(Eligibility.safeParse({ minimumAge: 80 }).success).toBe(false)
    expect(allowance).toMatchObject({ minAge: 80, validCard: true, hukou: { places: ['示例县'] } })
    // Every sample entry has an eligibility, at least the valid card.
    for (const e of [...sampleCatalog.items, ...sampleCatalog.bundles])
      expect(e.eligibility.validCard).toBe(true)
  })
})
