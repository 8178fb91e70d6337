import { describe, expect, it } from 'vitest'
import { IdCard } from '../../../../../../common/devices/id-card'
import {
  decodeCardText,
  encodeCardText,
  idNumberValid,
  nations,
} from '../../../../../../electron/services/devices/id-reader/card-text'
import { ReaderError } from '../../../../../../electron/services/devices/id-reader/errors'
import { allCards, foreignCard, foreignCard2023, hkPermit, residentCard } from '../cards'

/** Builds a 256-byte block by hand from (offset, text) pairs, independent of encodeCardText. */
function block(fields: [number, string][]): Uint8Array {
  const b = new Uint8Array(256)
  for (let i = 0; i < 256; i += 2) b[i] = 0x20
  for (const [offset, text] of fields) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      b[offset + 2 * i] = c & 0xff
      b[offset + 2 * i + 1] = c >> 8
    }
  }
  return b
}

describe('card text decoding', () => {
  it('decodes a hand-built resident block with the documented offsets', () => {
    const text = block([
      [0, '王小芳'],
      [30, '2'],
      [32, '01'],
      [36, '19491231'],
      [52, '北京市朝阳区示范路1号院2号楼3单元401室'],
      [122, '11010519491231002X'],
      [158, '北京市公安局朝阳分局'],
      [188, '20150601'],
      [204, '长期'],
    ])
    // Hand check of the UCS-2 LE encoding: 王 is U+738B → 8B 73.
    expect([text[0], text[1]]).toEqual([0x8b, 0x73])
    expect(decodeCardText(text)).toEqual(residentCard)
  })

  it('decodes a hand-built HK/Macao/Taiwan permit (J at offset 248)', () => {
    const text = block([
      [0, '陈大文'],
      [30, '1'],
      [36, '19990101'],
      [52, '广东省深圳市福田区示范街道8号'],
      [122, '810000199901010014'],
      [158, '深圳市公安局'],
      [188, '20240101'],
      [204, '20290101'],
      [220, 'H12345678'],
      [238, '01'],
      [248, 'J'],
    ])
    expect(decodeCardText(text)).toEqual(hkPermit)
  })

  it('decodes a hand-built foreigner card type I', () => {
    const text = block([
      [0, 'SMITH, JOHN PAUL'],
      [120, '1'],
      [122, 'USA110080050618'],
      [152, 'USA'],
      [158, '史密斯'],
      [188, '20170701'],
      [204, '20270701'],
      [220, '19800506'],
      [236, '20'],
      [240, '1100'],
      [248, 'I'],
    ])
    const card = decodeCardText(text)
    expect(card).toEqual(foreignCard)
    expect(card).not.toHaveProperty('address')
    expect(card).not.toHaveProperty('nation')
  })

  it('decodes a hand-built 2023 foreigner card type Y, joining the split English name', () => {
    const en = foreignCard2023.nameEn!
    const text = block([
      [0, '安娜'],
      [30, '2'],
      [32, '00'],
      [36, '19850615'],
      [52, en.slice(0, 35)],
      [122, '933100198506150026'],
      [188, '20231201'],
      [204, '20331201'],
      [220, en.slice(35)],
      [242, 'DEU'],
      [248, 'Y'],
    ])
    expect(decodeCardText(text)).toEqual(foreignCard2023)
  })

  it.each(allCards.map((c) => [c.cardType, c] as const))(
    '%s round-trips through encodeCardText and matches the IdCard schema',
    (_t, card) => {
      const decoded = decodeCardText(encodeCardText(card))
      expect(decoded).toEqual(card)
      expect(IdCard.safeParse(decoded).success).toBe(true)
    },
  )

  it('keeps 长期 and writes dates as ISO', () => {
    const c = decodeCardText(encodeCardText(residentCard))
    expect(c.validUntil).toBe('长期')
    expect(c.validFrom).toBe('2015-06-01')
  })

  it('flags a wrong check digit without refusing the card', () => {
    const c = decodeCardText(encodeCardText({ ...residentCard, idNumber: '110105194912310021' }))
    expect(c.idNumberValid).toBe(false)
  })

  it('rejects an unknown type character, nation, gender or date with CARD_TEXT_INVALID', () => {
    const bad = [
      block([[248, 'Q']]),
      encodeCardText({ ...residentCard, nationCode: '77' }),
      encodeCardText({ ...residentCard, genderCode: '5' }),
      encodeCardText({ ...residentCard, birthDate: '1949-13-31' }),
      new Uint8Array(100),
    ]
    for (const text of bad) {
      expect(() => decodeCardText(text)).toThrow(ReaderError)
      try {
        decodeCardText(text)
      } catch (e) {
        expect((e as ReaderError).code).toBe('CARD_TEXT_INVALID')
      }
    }
  })

  it('has every nation code 01–56, 97 and 98', () => {
    expect(Object.keys(nations)).toHaveLength(58)
    expect(nations['46']).toBe('德昂')
    expect(nations['56']).toBe('基诺')
    expect(nations['98']).toBe('外国血统中国籍人士')
  })
})

describe('idNumberValid (ISO 7064 MOD 11-2)', () => {
  it('accepts the examples from GB 11643', () => {
    expect(idNumberValid('11010519491231002X')).toBe(true)
    expect(idNumberValid('11010519491231002x')).toBe(true)
    expect(idNumberValid('440524188001010014')).toBe(true)
  })
  it('rejects a changed digit, a wrong length or letters', () => {
    expect(idNumberValid('11010519491231003X')).toBe(false)
    expect(idNumberValid('440524188001010015')).toBe(false)
    expect(idNumberValid('44052418800101001')).toBe(false)
    expect(idNumberValid('4405241880010100A4')).toBe(false)
  })
})
