import { base64urlnopad } from '@scure/base'
import { z } from 'zod'
import { ItemCode, LocalizedText } from '../catalog/schema'
import { decodeResultPayload, ResultKeyId, type ResultFields } from './payload'

/**
 * Checking a result payload against the centre's key list, with WebCrypto only (the phone's
 * browser, and Node's globalThis.crypto for the CLI and the centre), so the page, the CLI and the
 * centre's own status answer cannot disagree.
 */

/** One signing key of the centre, as `GET /api/v1/result-keys` publishes it. */
export const ResultKey = z.object({
  kid: ResultKeyId,
  alg: z.literal('Ed25519'),
  /** The raw 32-byte public key, base64url. */
  publicKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  /** When the centre began signing with it. */
  notBefore: z.iso.datetime(),
  /**
   * When it stopped (a rotation): it keeps verifying notices decided up to that day, and a notice
   * it signed dated after it is not valid. Null while it is the signing key.
   */
  notAfter: z.iso.datetime().nullable(),
  /** Withdrawn (e.g. the key leaked): every notice it signed is revoked. */
  revokedAt: z.iso.datetime().nullable(),
})
export type ResultKey = z.infer<typeof ResultKey>

export const ResultKeyList = z.object({
  /** The centre's public address, where the list and the status answers come from. */
  issuer: z.string().max(200),
  issuedAt: z.iso.datetime(),
  keys: z.array(ResultKey).max(200),
  /** The names of the centre's service items, so the page shows 高龄津贴申领, not its code. */
  items: z.record(ItemCode, LocalizedText).default({}),
})
export type ResultKeyList = z.infer<typeof ResultKeyList>

export type InvalidReason =
  | 'malformed'
  | 'unsupported_version'
  | 'unknown_key'
  | 'bad_signature'
  | 'key_expired'
  | 'not_issued'
export type RevokedReason = 'key_revoked' | 'notice_revoked'

export type ResultCheck =
  | { outcome: 'valid'; fields: ResultFields; key: ResultKey }
  | { outcome: 'invalid'; reason: InvalidReason; fields?: ResultFields }
  | { outcome: 'revoked'; reason: RevokedReason; fields: ResultFields; revokedAt: string }
  /**
   * This browser cannot check Ed25519 signatures (no WebCrypto outside a secure context, or an
   * older engine): not a verdict on the result. The page then asks the centre.
   */
  | { outcome: 'unavailable'; fields: ResultFields }

/** The centre's answer to `GET /api/v1/result-status/<payload>`: its own check plus its register. */
export const ResultStatus = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('valid') }),
  z.object({
    outcome: z.literal('invalid'),
    reason: z.enum([
      'malformed',
      'unsupported_version',
      'unknown_key',
      'bad_signature',
      'key_expired',
      'not_issued',
    ]),
  }),
  z.object({
    outcome: z.literal('revoked'),
    reason: z.enum(['key_revoked', 'notice_revoked']),
    revokedAt: z.iso.datetime(),
  }),
])
export type ResultStatus = z.infer<typeof ResultStatus>

/**
 * The part of WebCrypto used here, typed locally: common/ is built without the DOM library, and
 * the browser's and Node's `crypto.subtle` both have it.
 */
export interface Ed25519Verifier {
  importKey(
    format: 'raw',
    keyData: Uint8Array,
    algorithm: { name: 'Ed25519' },
    extractable: false,
    usages: ['verify'],
  ): Promise<unknown>
  verify(
    algorithm: { name: 'Ed25519' },
    key: unknown,
    signature: Uint8Array,
    data: Uint8Array,
  ): Promise<boolean>
}

const platformSubtle = (): Ed25519Verifier | undefined =>
  (globalThis as unknown as { crypto?: { subtle?: Ed25519Verifier } }).crypto?.subtle

/** YYYY-MM-DD in China Standard Time (the decision date's calendar). */
export const chinaDate = (iso: string) =>
  new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10)

/**
 * Whether the signature holds. The key list's keys are schema-checked 32-byte keys, so an import
 * or verify that throws means the platform lacks Ed25519, not that the result is bad.
 */
async function signatureHolds(
  subtle: Ed25519Verifier | undefined,
  key: ResultKey,
  signature: Uint8Array,
  message: Uint8Array,
): Promise<boolean | 'unavailable'> {
  if (!subtle) return 'unavailable'
  try {
    const k = await subtle.importKey(
      'raw',
      base64urlnopad.decode(key.publicKey),
      { name: 'Ed25519' },
      false,
      ['verify'],
    )
    return await subtle.verify({ name: 'Ed25519' }, k, signature, message)
  } catch {
    return 'unavailable'
  }
}

/**
 * Checks a payload (or a verify URL) offline against a key list: the signature, then the key's
 * revocation, then its validity for the decision's date. Any input, never throws. A single
 * notice's revocation is only known to the centre (ResultStatus).
 */
export async function checkResultPayload(
  input: string,
  keyList: ResultKeyList,
  subtle: Ed25519Verifier | undefined = platformSubtle(),
): Promise<ResultCheck> {
  const decoded = decodeResultPayload(input)
  if (!decoded.ok) return { outcome: 'invalid', reason: decoded.problem }
  const { fields, message, signature } = decoded.payload
  // Like the DCC rule for short key ids: try every key that has this id.
  const candidates = keyList.keys.filter((k) => k.kid === fields.kid)
  if (candidates.length === 0) return { outcome: 'invalid', reason: 'unknown_key', fields }
  for (const key of candidates) {
    const holds = await signatureHolds(subtle, key, signature, message)
    if (holds === 'unavailable') return { outcome: 'unavailable', fields }
    if (!holds) continue
    if (key.revokedAt)
      return { outcome: 'revoked', reason: 'key_revoked', fields, revokedAt: key.revokedAt }
    if (key.notAfter && fields.decisionDate > chinaDate(key.notAfter))
      return { outcome: 'invalid', reason: 'key_expired', fields }
    return { outcome: 'valid', fields, key }
  }
  return { outcome: 'invalid', reason: 'bad_signature', fields }
}

/** What each outcome and reason says, Chinese first (the page and the CLI). */
export const resultTexts = {
  valid: { 'zh-CN': '有效', en: 'Valid' },
  invalid: { 'zh-CN': '无效', en: 'Not valid' },
  revoked: { 'zh-CN': '已撤销', en: 'Revoked' },
  reasons: {
    malformed: {
      'zh-CN': '二维码内容不完整或已被改动，无法读取。',
      en: 'The code is incomplete or has been altered and cannot be read.',
    },
    unsupported_version: {
      'zh-CN': '这是本页不认识的结果格式。',
      en: 'This result format is not known to this page.',
    },
    unknown_key: {
      'zh-CN': '签名所用的密钥不是本中心的。',
      en: 'It was not signed with a key of this centre.',
    },
    bad_signature: {
      'zh-CN': '签名与内容不符：内容已被改动或不是本中心签发的。',
      en: 'The signature does not match: the content was altered or not issued by this centre.',
    },
    key_expired: {
      'zh-CN': '签名密钥在决定日期之前已停用。',
      en: 'The signing key was retired before the decision date.',
    },
    not_issued: {
      'zh-CN': '中心没有签发过这份结果的记录。',
      en: 'The centre has no record of issuing this result.',
    },
    key_revoked: {
      'zh-CN': '签名密钥已被中心撤销，这份结果不再有效。',
      en: 'The centre has withdrawn the signing key; this result is no longer valid.',
    },
    notice_revoked: {
      'zh-CN': '中心已撤销这份结果。',
      en: 'The centre has revoked this result.',
    },
  },
  decisions: {
    approved: { 'zh-CN': '准予', en: 'Approved' },
    rejected: { 'zh-CN': '不予', en: 'Not approved' },
  },
} as const
