import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto'
import { loadOrCreateKeyFile as loadKeyFile } from '../../../node-common/key-file'

/**
 * Keys for personal data at rest on the centre. One 32-byte master key (from the environment or
 * a 0600 key file) is never used directly: HKDF derives one key per purpose, so the key that
 * seals records cannot be used to test guesses against the ID-number index and vice versa.
 */
export interface DataKeys {
  /** AES-256-GCM key for sealed records and images. */
  seal: Buffer
  /** HMAC key for the applicant's ID number (progress lookup index). */
  idLookup: Buffer
  /** HMAC key for payload fingerprints (idempotency: same key, same payload?). */
  fingerprint: Buffer
  /** HMAC key for the unguessable token in a receipt's progress URL. */
  progressToken: Buffer
}

export const DATA_KEY_ENV = 'SERVER_DATA_KEY'

export class DataKeyError extends Error {
  override name = 'DataKeyError'
}

export function deriveKeys(master: Buffer): DataKeys {
  if (master.length !== 32) throw new DataKeyError('the data key must be 32 bytes')
  const derive = (info: string) =>
    Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `village-kiosk/${info}`, 32))
  return {
    seal: derive('applications/seal/v1'),
    idLookup: derive('applications/id-lookup/v1'),
    fingerprint: derive('applications/fingerprint/v1'),
    progressToken: derive('applications/progress-token/v1'),
  }
}

/** `SERVER_DATA_KEY` as base64 (or base64url) of 32 random bytes. */
export function parseDataKey(text: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64')
  if (key.length !== 32) throw new DataKeyError(`${DATA_KEY_ENV} must be base64 of 32 bytes`)
  return key
}

/**
 * Reads the key file, or creates it (see node-common/key-file.ts: 0600, O_EXCL, fsynced) when
 * `create` is set and it does not exist. Refuses a file that group or others can read.
 */
export function loadOrCreateKeyFile(path: string, create: boolean): Buffer {
  return loadKeyFile(path, { create, fail: (message) => new DataKeyError(message) })
}

export function hmac(key: Buffer, value: string): string {
  return createHmac('sha256', key).update(value, 'utf8').digest('base64url')
}

export function sameMac(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/** JSON with object keys sorted, so the same data always gives the same fingerprint. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const sorted: Record<string, unknown> = {}
      for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k]
      return sorted
    }
    return v
  })
}
