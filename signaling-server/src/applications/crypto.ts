import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto'
import {
  closeSync,
  constants,
  fsyncSync,
  openSync,
  readFileSync,
  statSync,
  writeSync,
} from 'node:fs'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'

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
 * Reads the key file, or creates it (O_EXCL, mode 0600, fsynced) when `create` is set and it does
 * not exist. Refuses a file that group or others can read: a readable key is a leaked key.
 */
export function loadOrCreateKeyFile(path: string, create: boolean): Buffer {
  try {
    const st = statSync(path)
    if ((st.mode & 0o077) !== 0)
      throw new DataKeyError(`${path} is readable by group/others; chmod 600 it`)
    if (typeof process.getuid === 'function' && st.uid !== process.getuid())
      throw new DataKeyError(`${path} belongs to another user`)
    return parseDataKey(readFileSync(path, 'utf8'))
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || !create) throw e
  }
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
  const key = randomBytes(32)
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600)
  try {
    writeSync(fd, key.toString('base64') + '\n')
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  return key
}

const VERSION = 1
const NONCE = 12
const TAG = 16

/** version (1) | nonce (12) | tag (16) | ciphertext; the associated data binds it to its row. */
export function seal(key: Buffer, plaintext: Buffer, associatedData: string): Buffer {
  const nonce = randomBytes(NONCE)
  const cipher = createCipheriv('aes-256-gcm', key, nonce)
  cipher.setAAD(Buffer.from(associatedData, 'utf8'))
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()])
  return Buffer.concat([Buffer.from([VERSION]), nonce, cipher.getAuthTag(), body])
}

export function open(key: Buffer, sealed: Buffer, associatedData: string): Buffer {
  if (sealed.length < 1 + NONCE + TAG || sealed[0] !== VERSION)
    throw new Error('unknown sealed-data format')
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(1, 1 + NONCE))
  decipher.setAAD(Buffer.from(associatedData, 'utf8'))
  decipher.setAuthTag(sealed.subarray(1 + NONCE, 1 + NONCE + TAG))
  return Buffer.concat([decipher.update(sealed.subarray(1 + NONCE + TAG)), decipher.final()])
}

export const sealJson = (key: Buffer, value: unknown, ad: string): Buffer =>
  seal(key, Buffer.from(JSON.stringify(value), 'utf8'), ad)

export const openJson = <T>(key: Buffer, sealed: Buffer, ad: string): T =>
  JSON.parse(open(key, sealed, ad).toString('utf8')) as T

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
