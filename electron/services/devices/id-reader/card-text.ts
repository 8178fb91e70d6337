/**
 * Decoding of the 256-byte text block (UCS-2 little-endian, fixed-width fields padded with
 * spaces) for every card type (hardware.md 1.6–1.8), and the inverse for the simulator.
 */
import type { CardType, Gender, IdCard } from '../../../../common/devices/id-card'
import { idNumberCheckValid } from '../../../../common/devices/id-number'
import { ReaderError } from './errors'

export const TEXT_LENGTH = 256
export const PHOTO_LENGTH = 1024
/** Byte offset of the card-type character. */
const TYPE_OFFSET = 248

export const genders: Readonly<Record<string, Gender>> = {
  '0': '未知',
  '1': '男',
  '2': '女',
  '9': '未说明',
}

/** GB 3304 nation codes as printed on resident cards (hardware.md 1.8). */
export const nations: Readonly<Record<string, string>> = {
  '01': '汉',
  '02': '蒙古',
  '03': '回',
  '04': '藏',
  '05': '维吾尔',
  '06': '苗',
  '07': '彝',
  '08': '壮',
  '09': '布依',
  '10': '朝鲜',
  '11': '满',
  '12': '侗',
  '13': '瑶',
  '14': '白',
  '15': '土家',
  '16': '哈尼',
  '17': '哈萨克',
  '18': '傣',
  '19': '黎',
  '20': '傈僳',
  '21': '佤',
  '22': '畲',
  '23': '高山',
  '24': '拉祜',
  '25': '水',
  '26': '东乡',
  '27': '纳西',
  '28': '景颇',
  '29': '柯尔克孜',
  '30': '土',
  '31': '达斡尔',
  '32': '仫佬',
  '33': '羌',
  '34': '布朗',
  '35': '撒拉',
  '36': '毛南',
  '37': '仡佬',
  '38': '锡伯',
  '39': '阿昌',
  '40': '普米',
  '41': '塔吉克',
  '42': '怒',
  '43': '乌孜别克',
  '44': '俄罗斯',
  '45': '鄂温克',
  '46': '德昂',
  '47': '保安',
  '48': '裕固',
  '49': '京',
  '50': '塔塔尔',
  '51': '独龙',
  '52': '鄂伦春',
  '53': '赫哲',
  '54': '门巴',
  '55': '珞巴',
  '56': '基诺',
  '97': '其他',
  '98': '外国血统中国籍人士',
}

/**
 * True when `id` is 18 characters whose last one is the ISO 7064 MOD 11-2 check character (the
 * one check of common/devices/id-number.ts; a card's text may carry the X in lower case).
 */
export function idNumberValid(id: string): boolean {
  return idNumberCheckValid(id.toUpperCase())
}

/** Strips the space / NUL padding fields are filled with (NUL: some SDKs zero-fill). */
function trimPadding(s: string, leading = false): string {
  const pad = (c: string | undefined) => c === ' ' || c === '\u0000' || c === '\u3000'
  let end = s.length
  while (end > 0 && pad(s[end - 1])) end--
  let start = 0
  while (leading && start < end && pad(s[start])) start++
  return s.slice(start, end)
}

function ucs2(text: Uint8Array, offset: number, bytes: number): string {
  let s = ''
  for (let i = offset; i + 1 < offset + bytes; i += 2) {
    s += String.fromCharCode(text[i]! | (text[i + 1]! << 8))
  }
  return s
}

/** A field with its space / NUL padding removed. */
function field(text: Uint8Array, offset: number, bytes: number): string {
  return trimPadding(ucs2(text, offset, bytes), true)
}

function isoDate(raw: string, what: string, allowLongTerm = false): string {
  if (allowLongTerm && raw.startsWith('长期')) return '长期'
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(raw)
  if (!m) throw new ReaderError('CARD_TEXT_INVALID', `${what} is not YYYYMMDD`)
  const month = Number(m[2])
  const day = Number(m[3])
  if (month < 1 || month > 12 || day < 1 || day > 31) {
    throw new ReaderError('CARD_TEXT_INVALID', `${what} is not a date`)
  }
  return `${m[1]}-${m[2]}-${m[3]}`
}

function gender(code: string): { gender: Gender; genderCode: string } {
  const g = genders[code]
  if (!g) throw new ReaderError('CARD_TEXT_INVALID', 'unknown gender code')
  return { gender: g, genderCode: code }
}

export function cardTypeOf(text: Uint8Array): CardType {
  if (text.length !== TEXT_LENGTH) {
    throw new ReaderError('CARD_TEXT_INVALID', `text block of ${text.length} bytes`)
  }
  const t = String.fromCharCode(text[TYPE_OFFSET]! | (text[TYPE_OFFSET + 1]! << 8))
  switch (t) {
    case ' ':
    case '\u0000':
      return 'resident'
    case 'I':
      return 'foreign-permanent'
    case 'Y':
      return 'foreign-permanent-2023'
    case 'J':
      return 'hk-mo-tw-residence'
    default:
      throw new ReaderError('CARD_TEXT_INVALID', 'unknown card type character')
  }
}

/** Decodes a 256-byte text block into an IdCard; a malformed block is a CARD_TEXT_INVALID error. */
export function decodeCardText(text: Uint8Array): IdCard {
  const cardType = cardTypeOf(text)
  const f = (o: number, n: number) => field(text, o, n)
  /** From the birth date on, the residence permit keeps the resident card's layout. */
  const residentLayout = () => {
    const idNumber = f(122, 36)
    return {
      birthDate: isoDate(f(36, 16), 'birth date'),
      address: f(52, 70),
      idNumber,
      idNumberValid: idNumberValid(idNumber),
      issuer: f(158, 30),
      validFrom: isoDate(f(188, 16), 'validity start'),
      validUntil: isoDate(f(204, 16), 'validity end', true),
    }
  }
  switch (cardType) {
    case 'resident': {
      const nationCode = f(32, 4)
      const nation = nations[nationCode]
      if (!nation) throw new ReaderError('CARD_TEXT_INVALID', 'unknown nation code')
      return {
        cardType,
        name: f(0, 30),
        ...gender(f(30, 2)),
        nation,
        nationCode,
        ...residentLayout(),
      }
    }
    case 'hk-mo-tw-residence':
      return {
        cardType,
        name: f(0, 30),
        ...gender(f(30, 2)),
        ...residentLayout(),
        passNumber: f(220, 18),
        issueCount: f(238, 4),
      }
    case 'foreign-permanent':
      return {
        cardType,
        name: f(158, 30),
        nameEn: f(0, 120),
        ...gender(f(120, 2)),
        birthDate: isoDate(f(220, 16), 'birth date'),
        // The 15-character number of the 2017 card has no published check scheme.
        idNumber: f(122, 30),
        validFrom: isoDate(f(188, 16), 'validity start'),
        validUntil: isoDate(f(204, 16), 'validity end', true),
        nationality: f(152, 6),
      }
    case 'foreign-permanent-2023': {
      const idNumber = f(122, 36)
      // English name is split in two fields (chars 1–35 and 36–46); join without a separator.
      const nameEn = trimPadding(ucs2(text, 52, 70) + ucs2(text, 220, 22))
      return {
        cardType,
        name: f(0, 30),
        nameEn,
        ...gender(f(30, 2)),
        birthDate: isoDate(f(36, 16), 'birth date'),
        idNumber,
        idNumberValid: idNumberValid(idNumber),
        validFrom: isoDate(f(188, 16), 'validity start'),
        validUntil: isoDate(f(204, 16), 'validity end', true),
        nationality: f(242, 6),
        issueCount: f(32, 4),
      }
    }
  }
}

// ---- encoding, used by the simulator and tests ----

function put(text: Uint8Array, offset: number, bytes: number, value: string): void {
  const chars = Math.floor(bytes / 2)
  const padded = value.slice(0, chars).padEnd(chars, ' ')
  for (let i = 0; i < chars; i++) {
    const c = padded.charCodeAt(i)
    text[offset + 2 * i] = c & 0xff
    text[offset + 2 * i + 1] = c >> 8
  }
}

const compactDate = (d: string) => (d === '长期' ? '长期' : d.replaceAll('-', ''))

/** The 256-byte block a card of this content carries; inverse of decodeCardText. */
export function encodeCardText(card: IdCard): Uint8Array {
  const t = new Uint8Array(TEXT_LENGTH)
  put(t, 0, TEXT_LENGTH, '')
  switch (card.cardType) {
    case 'resident':
    case 'hk-mo-tw-residence':
      put(t, 0, 30, card.name)
      put(t, 30, 2, card.genderCode)
      put(t, 32, 4, card.cardType === 'resident' ? (card.nationCode ?? '') : '')
      put(t, 36, 16, compactDate(card.birthDate))
      put(t, 52, 70, card.address ?? '')
      put(t, 122, 36, card.idNumber)
      put(t, 158, 30, card.issuer ?? '')
      put(t, 188, 16, compactDate(card.validFrom))
      put(t, 204, 16, compactDate(card.validUntil))
      if (card.cardType === 'hk-mo-tw-residence') {
        put(t, 220, 18, card.passNumber ?? '')
        put(t, 238, 4, card.issueCount ?? '')
        put(t, TYPE_OFFSET, 2, 'J')
      }
      break
    case 'foreign-permanent':
      put(t, 0, 120, card.nameEn ?? '')
      put(t, 120, 2, card.genderCode)
      put(t, 122, 30, card.idNumber)
      put(t, 152, 6, card.nationality ?? '')
      put(t, 158, 30, card.name)
      put(t, 188, 16, compactDate(card.validFrom))
      put(t, 204, 16, compactDate(card.validUntil))
      put(t, 220, 16, compactDate(card.birthDate))
      put(t, 236, 4, '20')
      put(t, 240, 8, '1100')
      put(t, TYPE_OFFSET, 2, 'I')
      break
    case 'foreign-permanent-2023': {
      const en = card.nameEn ?? ''
      put(t, 0, 30, card.name)
      put(t, 30, 2, card.genderCode)
      put(t, 32, 4, card.issueCount ?? '')
      put(t, 36, 16, compactDate(card.birthDate))
      put(t, 52, 70, en.slice(0, 35))
      put(t, 122, 36, card.idNumber)
      put(t, 188, 16, compactDate(card.validFrom))
      put(t, 204, 16, compactDate(card.validUntil))
      put(t, 220, 22, en.slice(35, 46))
      put(t, 242, 6, card.nationality ?? '')
      put(t, TYPE_OFFSET, 2, 'Y')
      break
    }
  }
  return t
}
