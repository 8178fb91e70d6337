import {
  createHash,
  createPrivateKey,
  generateKeyPairSync,
  hkdfSync,
  sign as edSign,
} from 'node:crypto'
import { maskName } from '../../../common/privacy/mask'
import {
  encodeResultPayload,
  NOTICE_HASH_BYTES,
  resultMessage,
  resultQrText,
  resultUrl,
  type ResultDecision,
  type ResultFields,
} from '../../../common/results/payload'
import {
  checkResultPayload,
  type ResultCheck,
  type ResultKey,
  type ResultKeyList,
  type ResultStatus,
} from '../../../common/results/verify'
import { open, seal } from '../../../node-common/seal'
import type { ResultStore, StoredKey } from './store'

/** What the case service hands over when a decision's result notice is filled. */
export interface ResultNotice {
  caseNumber: string
  itemCode: string
  decision: ResultDecision
  /** When the decision was taken (ms); its date in China Standard Time goes into the payload. */
  decidedAt: number
  /** The applicant's name as on the card; only its mask (common/privacy/mask.ts) is signed. */
  applicantName: string
  /** The notice's text exactly as printed; the payload carries its truncated SHA-256. */
  noticeText: string
}

export interface SignedResult {
  /** The payload (docs/result-verification.md): keep it with the case to reprint the same QR. */
  payload: string
  /** `${publicUrl}/v/${payload}`: the verify page. */
  url: string
  /** The text to put in the QR code (the URL, in QR alphanumeric where it can be). */
  qrText: string
  kid: string
  noticeHash: string
  fields: ResultFields
}

export interface ResultService {
  /** Signs a notice with the current key and records it in the register. */
  sign(notice: ResultNotice): Promise<SignedResult>
  /** Revokes every notice signed so far for a case (e.g. a corrected decision); returns how many. */
  revoke(caseNumber: string, reason: string): Promise<number>
  /** A new signing key; the old one stops signing now and keeps verifying what it signed. */
  rotateKey(): Promise<ResultKey>
  /** Withdraws a key (it leaked): all its notices show 已撤销. The last usable key is replaced. */
  revokeKey(kid: string): Promise<boolean>
  /** The public key list (`GET /api/v1/result-keys`). */
  keyList(): ResultKeyList
  /** The offline check plus the register: issued by us? revoked? (`GET /api/v1/result-status/…`). */
  status(payload: string): Promise<ResultStatus>
  close(): Promise<void>
}

/** The key sealing the signing keys: HKDF of the centre's master data key, its own purpose. */
export const resultSealKey = (dataKey: Buffer) =>
  Buffer.from(
    hkdfSync('sha256', dataKey, Buffer.alloc(0), 'village-kiosk/results/signing-key/v1', 32),
  )

export const noticeHash = (text: string) =>
  createHash('sha256').update(text, 'utf8').digest().subarray(0, NOTICE_HASH_BYTES).toString('hex')

/** The key id: the first two bytes of SHA-256 of the raw public key (upper-case hex). */
export const kidOf = (publicRaw: Buffer) =>
  createHash('sha256').update(publicRaw).digest().subarray(0, 2).toString('hex').toUpperCase()

const isoOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())
const chinaDay = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10)

function publicKeyOf(k: StoredKey): ResultKey {
  return {
    kid: k.kid,
    alg: 'Ed25519',
    publicKey: k.publicKey,
    notBefore: new Date(k.notBefore).toISOString(),
    notAfter: isoOrNull(k.notAfter),
    revokedAt: isoOrNull(k.revokedAt),
  }
}

/** The public key list, from the store (no private key is read). */
export function publicKeyList(
  store: ResultStore,
  issuer: string,
  at: number,
  items: ResultKeyList['items'] = {},
): ResultKeyList {
  return {
    issuer,
    issuedAt: new Date(at).toISOString(),
    keys: store.keys().map(publicKeyOf),
    items,
  }
}

/** The signature check plus the centre's register: issued by this centre? revoked since? */
export async function registerStatus(
  store: ResultStore,
  payload: string,
  at: number,
): Promise<ResultStatus> {
  const check: ResultCheck = await checkResultPayload(payload, publicKeyList(store, '', at))
  // Node 20 has Ed25519 in WebCrypto; without it the centre could not answer at all.
  if (check.outcome === 'unavailable') throw new Error('this Node has no WebCrypto Ed25519')
  if (check.outcome === 'invalid') return { outcome: 'invalid', reason: check.reason }
  if (check.outcome === 'revoked')
    return { outcome: 'revoked', reason: check.reason, revokedAt: check.revokedAt }
  const issued = store.issued(check.fields.caseNumber, check.fields.noticeHash)
  if (!issued) return { outcome: 'invalid', reason: 'not_issued' }
  if (issued.revokedAt !== null)
    return {
      outcome: 'revoked',
      reason: 'notice_revoked',
      revokedAt: new Date(issued.revokedAt).toISOString(),
    }
  return { outcome: 'valid' }
}

/**
 * Result signing for the centre: Ed25519 through node:crypto, keys in the results store with the
 * private half sealed (AES-256-GCM) under a key derived from the centre's data key, as personal
 * data is. A first key is made on first start.
 */
export function openResultService(opts: {
  store: ResultStore
  /** Seals the private keys at rest: `resultSealKey(dataKey)`, from the centre's data key. */
  sealKey: Buffer
  publicUrl: string
  /** The catalog's item (and bundle) names by code, published with the key list. */
  itemNames?: ResultKeyList['items'] | (() => ResultKeyList['items'])
  now?: () => number
}): ResultService {
  const { store } = opts
  const now = opts.now ?? Date.now
  const publicUrl = opts.publicUrl.replace(/\/+$/, '')
  const { sealKey } = opts
  if (sealKey.length !== 32) throw new Error('the result seal key must be 32 bytes')
  const ad = (publicKey: string) => `result-key:${publicKey}`

  function newKey(): StoredKey {
    const taken = new Set(store.keys().map((k) => k.kid))
    for (;;) {
      const { publicKey, privateKey } = generateKeyPairSync('ed25519')
      const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url')
      const kid = kidOf(raw)
      // A short id must not name two of our keys (verifiers would try both, but no need).
      if (taken.has(kid)) continue
      const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' })
      const pub = raw.toString('base64url')
      return {
        kid,
        publicKey: pub,
        privateSealed: seal(sealKey, pkcs8, ad(pub)),
        notBefore: now(),
        notAfter: null,
        revokedAt: null,
      }
    }
  }

  function rotate(): StoredKey {
    const key = newKey()
    store.addKey(key, key.notBefore)
    return key
  }

  const signingKey = () => store.keys().find((k) => k.notAfter === null && k.revokedAt === null)
  if (!signingKey()) rotate()

  const names = opts.itemNames
  const keyList = () =>
    publicKeyList(store, publicUrl, now(), typeof names === 'function' ? names() : names)

  return {
    async sign(notice) {
      const key = signingKey() ?? rotate()
      const fields: ResultFields = {
        caseNumber: notice.caseNumber,
        itemCode: notice.itemCode,
        decision: notice.decision,
        decisionDate: chinaDay(notice.decidedAt),
        maskedName: maskName(notice.applicantName),
        noticeHash: noticeHash(notice.noticeText),
        kid: key.kid,
      }
      const privateKey = createPrivateKey({
        key: open(sealKey, key.privateSealed, ad(key.publicKey)),
        format: 'der',
        type: 'pkcs8',
      })
      const signature = edSign(null, resultMessage(fields), privateKey)
      const payload = encodeResultPayload(fields, signature)
      store.recordIssued({
        caseNumber: fields.caseNumber,
        noticeHash: fields.noticeHash,
        kid: key.kid,
        signedAt: now(),
      })
      return {
        payload,
        url: resultUrl(publicUrl, payload),
        qrText: resultQrText(publicUrl, payload),
        kid: key.kid,
        noticeHash: fields.noticeHash,
        fields,
      }
    },
    async revoke(caseNumber, reason) {
      return store.revokeCase(caseNumber, reason, now())
    },
    async rotateKey() {
      return publicKeyOf(rotate())
    },
    async revokeKey(kid) {
      const key = store.keys().find((k) => k.kid === kid && k.revokedAt === null)
      if (!key) return false
      store.revokeKey(kid, key.publicKey, now())
      if (!signingKey()) rotate()
      return true
    },
    keyList,
    status: (payload) => registerStatus(store, payload, now()),
    async close() {
      store.close()
    },
  }
}
