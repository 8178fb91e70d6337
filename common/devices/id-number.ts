import { z } from 'zod'
import type { CardType } from './id-card'

/**
 * The document numbers the ID reader decodes, one format per card type, and what a number
 * itself tells (its card type and the holder's birth date). The kiosk, the outbox, the centre's
 * application schema, its form check and progress lookup all accept exactly these formats.
 *
 * - resident ID card (GB 11643): 6-digit region, 8-digit birth date, 3-digit sequence, check.
 * - HK/Macao/Taiwan residence permit (J): the same layout with region 810000 / 820000 / 830000.
 * - foreigner's permanent residence card of 2023 (Y): `9`, 2-digit province, 3-digit
 *   nationality, 8-digit birth date, sequence, check.
 * - foreigner's permanent residence card of 2017 (I): 3-letter nationality, 2-digit province,
 *   2-digit city, 6-digit birth date YYMMDD, 2 more digits; 15 characters, no published check.
 */
export const idNumberPatterns: Readonly<Record<CardType, string>> = {
  resident: '^[1-9][0-9]{16}[0-9X]$',
  'hk-mo-tw-residence': '^8[1-3]0000[0-9]{11}[0-9X]$',
  'foreign-permanent-2023': '^9[0-9]{16}[0-9X]$',
  'foreign-permanent': '^[A-Z]{3}[0-9]{12}$',
}

const eighteen = /^[1-9][0-9]{16}[0-9X]$/
const fifteen = /^[A-Z]{3}[0-9]{12}$/

/** Any number the reader decodes: 18 characters (resident, J, Y) or the old foreigner card's 15. */
export const DocumentNumber = z
  .string()
  .regex(/^([1-9][0-9]{16}[0-9X]|[A-Z]{3}[0-9]{12})$/, 'not an ID document number')
export type DocumentNumber = z.infer<typeof DocumentNumber>

/** The card type a number belongs to (resident where an 18-digit number fits no other). */
export function cardTypeOfNumber(idNumber: string): CardType | undefined {
  if (fifteen.test(idNumber)) return 'foreign-permanent'
  if (!eighteen.test(idNumber)) return undefined
  if (/^8[1-3]0000/.test(idNumber)) return 'hk-mo-tw-residence'
  if (idNumber.startsWith('9')) return 'foreign-permanent-2023'
  return 'resident'
}

function validDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0')

/**
 * The birth date a number carries, ISO. The 15-character number has a two-digit year: the
 * century is the one that puts the date on or before `today` (ISO), the later of the two.
 */
export function birthDateOfNumber(idNumber: string, today: string): string | undefined {
  let y: number, m: number, d: number
  if (fifteen.test(idNumber)) {
    const yy = Number(idNumber.slice(7, 9))
    m = Number(idNumber.slice(9, 11))
    d = Number(idNumber.slice(11, 13))
    const thisYear = Number(today.slice(0, 4))
    y = 2000 + yy
    if (`${pad(y, 4)}-${pad(m)}-${pad(d)}` > today || y > thisYear) y -= 100
  } else if (eighteen.test(idNumber)) {
    y = Number(idNumber.slice(6, 10))
    m = Number(idNumber.slice(10, 12))
    d = Number(idNumber.slice(12, 14))
  } else return undefined
  return validDate(y, m, d) ? `${pad(y, 4)}-${pad(m)}-${pad(d)}` : undefined
}

const checkWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const checkChars = '10X98765432'

/**
 * True when an 18-character number's last character is the GB 11643 (ISO 7064 MOD 11-2) check
 * character of its first 17 digits: what the reader's decoding checks, and what a number typed
 * by a clerk (identity checked by video) must pass before it is sent.
 */
export function idNumberCheckValid(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false
  let sum = 0
  for (let i = 0; i < 17; i++) sum += (id.charCodeAt(i) - 48) * checkWeights[i]!
  return checkChars[sum % 11] === id[17]
}

/** 男 / 女 from an 18-character number's sequence digit (odd: male), as the card prints it. */
export function genderOfNumber(id: string): '男' | '女' | undefined {
  if (!eighteen.test(id)) return undefined
  return Number(id[16]) % 2 === 1 ? '男' : '女'
}
