import { base32nopad } from '@scure/base'
import { z } from 'zod'
import { CaseNumber } from '../applications/schema'
import { ItemCode } from '../catalog/schema'

/**
 * The signed result payload printed as a QR code on a result notice (docs/result-verification.md
 * gives it byte by byte). It crosses three processes: the centre signs it, the kiosk prints it,
 * a phone's browser (or `npm run server -- verify`) checks it. Text form:
 *
 *   <case number> "." <item code> "." BASE32( fields (29 bytes) || Ed25519 signature (64 bytes) )
 *
 * Every character is in the QR alphanumeric set (A–Z, 0–9, "-", "."), so a QR encoder packs it at
 * 5.5 bits a character. Base32 (RFC 4648, upper case, no padding) rather than Base45: Base45's
 * space and "%" cannot stand in a URL path.
 */

export const RESULT_PAYLOAD_VERSION = 1
/** Bytes of SHA-256 of the notice text kept in the payload (128 bits; see the docs for why). */
export const NOTICE_HASH_BYTES = 16
export const SIGNATURE_BYTES = 64
const FIELD_BYTES = 13 + NOTICE_HASH_BYTES
/** Domain separation: a signature over a result payload means nothing in any other protocol. */
const SIGNING_CONTEXT = 'village-kiosk/result/v1:'
const EPOCH_MS = Date.UTC(2000, 0, 1)
const DAY_MS = 86_400_000

export const ResultDecision = z.enum(['approved', 'rejected'])
export type ResultDecision = z.infer<typeof ResultDecision>
const decisionCodes: Record<ResultDecision, number> = { approved: 1, rejected: 2 }

/** A key id: the first two bytes of SHA-256 of the raw public key, as 4 upper-case hex digits. */
export const ResultKeyId = z.string().regex(/^[0-9A-F]{4}$/)

/**
 * A name as common/privacy/mask.ts masks it: `*`, `张*`, `欧*明`, `欧**娜`. The payload keeps only
 * the length and the first and last characters, so a full name cannot be put into it at all.
 */
export const MaskedName = z
  .string()
  .refine((s) => /^(\*|[^*]\*|[^*]\*+[^*])$/u.test(s) && Array.from(s).length <= 255, {
    message: 'not a masked name',
  })

export const ResultFields = z.object({
  caseNumber: CaseNumber,
  itemCode: ItemCode,
  decision: ResultDecision,
  /** The decision's date in China Standard Time, YYYY-MM-DD (2000-01-01 … 2179-06-06). */
  decisionDate: z.iso.date(),
  maskedName: MaskedName,
  /** Lower-case hex of the first NOTICE_HASH_BYTES bytes of SHA-256 of the notice's text. */
  noticeHash: z.string().regex(new RegExp(`^[0-9a-f]{${NOTICE_HASH_BYTES * 2}}$`)),
  kid: ResultKeyId,
})
export type ResultFields = z.infer<typeof ResultFields>

/** Why a payload could not even be read (before any key is looked at). */
export type PayloadProblem = 'malformed' | 'unsupported_version'

export interface DecodedPayload {
  fields: ResultFields
  /** The bytes the signature covers. */
  message: Uint8Array
  signature: Uint8Array
}

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
const unhex = (s: string) => Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16))

function dayNumber(date: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - EPOCH_MS) / DAY_MS)
}
function dateOf(day: number): string {
  return new Date(EPOCH_MS + day * DAY_MS).toISOString().slice(0, 10)
}

function nameBytes(masked: string): number[] {
  const chars = Array.from(masked)
  const cp = (c: string | undefined) => (c === undefined ? 0 : c.codePointAt(0)!)
  const first = chars.length >= 2 ? cp(chars[0]) : 0
  const last = chars.length >= 3 ? cp(chars[chars.length - 1]) : 0
  const u24 = (n: number) => [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]
  return [chars.length, ...u24(first), ...u24(last)]
}

function nameOf(b: Uint8Array): string | null {
  const length = b[0]!
  const first = (b[1]! << 16) | (b[2]! << 8) | b[3]!
  const last = (b[4]! << 16) | (b[5]! << 8) | b[6]!
  const char = (n: number) =>
    n > 0 && n <= 0x10ffff && n !== 0x2a ? String.fromCodePoint(n) : null
  if (length === 0) return null
  if (length === 1) return first === 0 && last === 0 ? '*' : null
  const f = char(first)
  if (!f) return null
  if (length === 2) return last === 0 ? `${f}*` : null
  const l = char(last)
  return l ? f + '*'.repeat(length - 2) + l : null
}

function fieldBytes(f: ResultFields): Uint8Array {
  const day = dayNumber(f.decisionDate)
  if (day < 0 || day > 0xffff) throw new RangeError('decision date out of range')
  const kid = parseInt(f.kid, 16)
  return Uint8Array.from([
    RESULT_PAYLOAD_VERSION,
    kid >> 8,
    kid & 0xff,
    decisionCodes[f.decision],
    day >> 8,
    day & 0xff,
    ...nameBytes(f.maskedName),
    ...unhex(f.noticeHash),
  ])
}

function signedMessage(caseNumber: string, itemCode: string, fields: Uint8Array): Uint8Array {
  // ASCII only (the context, case number and item code), so one byte a character.
  const prefix = Uint8Array.from(`${SIGNING_CONTEXT}${caseNumber}.${itemCode}.`, (c) =>
    c.charCodeAt(0),
  )
  const out = new Uint8Array(prefix.length + fields.length)
  out.set(prefix)
  out.set(fields, prefix.length)
  return out
}

/** The bytes to sign for these fields (Ed25519 signs them as they are). */
export function resultMessage(fields: ResultFields): Uint8Array {
  const f = ResultFields.parse(fields)
  return signedMessage(f.caseNumber, f.itemCode, fieldBytes(f))
}

/** The payload's text: the fields and their signature. */
export function encodeResultPayload(fields: ResultFields, signature: Uint8Array): string {
  const f = ResultFields.parse(fields)
  if (signature.length !== SIGNATURE_BYTES) throw new RangeError('an Ed25519 signature is 64 bytes')
  const blob = new Uint8Array(FIELD_BYTES + SIGNATURE_BYTES)
  blob.set(fieldBytes(f))
  blob.set(signature, FIELD_BYTES)
  return `${f.caseNumber}.${f.itemCode}.${base32nopad.encode(blob)}`
}

/**
 * Reads a payload, or a whole verify URL (…/v/<payload>); any text at all, never throws. The
 * signature is not checked here (verify.ts does that with the key list).
 */
export function decodeResultPayload(
  input: string,
): { ok: true; payload: DecodedPayload } | { ok: false; problem: PayloadProblem } {
  const bad = { ok: false, problem: 'malformed' } as const
  const text = payloadOf(input)
  if (text === null || text.length > 400) return bad
  const parts = text.split('.')
  if (parts.length !== 3) return bad
  const [caseNumber, itemCode, encoded] = parts as [string, string, string]
  if (!CaseNumber.safeParse(caseNumber).success || !ItemCode.safeParse(itemCode).success) return bad
  if (!/^[A-Z2-7]+$/.test(encoded)) return bad
  let blob: Uint8Array
  try {
    blob = base32nopad.decode(encoded)
  } catch {
    return bad
  }
  // A changed last character can decode to the same bytes with other padding bits: the text
  // must be exactly what encoding these bytes gives.
  if (base32nopad.encode(blob) !== encoded) return bad
  if (blob.length < 1) return bad
  if (blob[0] !== RESULT_PAYLOAD_VERSION) return { ok: false, problem: 'unsupported_version' }
  if (blob.length !== FIELD_BYTES + SIGNATURE_BYTES) return bad
  const decision = (Object.keys(decisionCodes) as ResultDecision[]).find(
    (d) => decisionCodes[d] === blob[3],
  )
  const maskedName = nameOf(blob.subarray(6, 13))
  if (!decision || maskedName === null) return bad
  const parsed = ResultFields.safeParse({
    caseNumber,
    itemCode,
    decision,
    decisionDate: dateOf((blob[4]! << 8) | blob[5]!),
    maskedName,
    noticeHash: hex(blob.subarray(13, FIELD_BYTES)),
    kid: hex(blob.subarray(1, 3)).toUpperCase(),
  })
  if (!parsed.success) return bad
  const fieldPart = blob.slice(0, FIELD_BYTES)
  return {
    ok: true,
    payload: {
      fields: parsed.data,
      message: signedMessage(caseNumber, itemCode, fieldPart),
      signature: blob.slice(FIELD_BYTES),
    },
  }
}

/** The payload in a verify URL (`https://…/v/<payload>`, any case of /v/), or the text itself. */
export function payloadOf(input: string): string | null {
  const text = input.trim()
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/]+(?:\/.*)?\/[vV]\/([^/?#]*)(?:[?#].*)?$/i.exec(text)
  if (m) {
    try {
      return decodeURIComponent(m[1]!)
    } catch {
      return null
    }
  }
  return /^[\x21-\x7e]*$/.test(text) ? text : null
}

/** The verify URL for a payload under the centre's public address. */
export function resultUrl(publicUrl: string, payload: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/v/${payload}`
}

/**
 * The same URL for the QR code: when the public address has no path, its scheme and host are
 * upper-cased (both are case-insensitive) so the whole text is QR alphanumeric, the densest mode
 * even for a printer that picks one mode for the whole code (ESC/POS GS ( k).
 */
export function resultQrText(publicUrl: string, payload: string): string {
  const base = publicUrl.replace(/\/+$/, '')
  const origin = /^[a-z][a-z0-9+.-]*:\/\/[^/]+$/i.test(base)
  return origin ? `${base.toUpperCase()}/V/${payload}` : resultUrl(base, payload)
}
