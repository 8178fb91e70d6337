import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

/**
 * AES-256-GCM sealing for personal data at rest, on the kiosk and at the centre. Layout:
 * version (1) | nonce (12) | tag (16) | ciphertext. The associated data binds a blob to its row
 * (e.g. the application id), so a blob copied into another row fails to open.
 */

const VERSION = 1
const NONCE = 12
const TAG = 16

export function seal(key: Buffer, plaintext: Buffer, associatedData: string): Buffer {
  if (key.length !== 32) throw new Error('AES-256-GCM needs a 32-byte key')
  const nonce = randomBytes(NONCE)
  const cipher = createCipheriv('aes-256-gcm', key, nonce)
  cipher.setAAD(Buffer.from(associatedData, 'utf8'))
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()])
  return Buffer.concat([Buffer.from([VERSION]), nonce, cipher.getAuthTag(), body])
}

export function open(key: Buffer, sealed: Buffer, associatedData: string): Buffer {
  if (sealed.length < 1 + NONCE + TAG || sealed[0] !== VERSION) {
    throw new Error('unknown sealed-data format')
  }
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(1, 1 + NONCE))
  decipher.setAAD(Buffer.from(associatedData, 'utf8'))
  decipher.setAuthTag(sealed.subarray(1 + NONCE, 1 + NONCE + TAG))
  return Buffer.concat([decipher.update(sealed.subarray(1 + NONCE + TAG)), decipher.final()])
}

export const sealJson = (key: Buffer, value: unknown, ad: string): Buffer =>
  seal(key, Buffer.from(JSON.stringify(value), 'utf8'), ad)

export const openJson = <T>(key: Buffer, sealed: Buffer, ad: string): T =>
  JSON.parse(open(key, sealed, ad).toString('utf8')) as T
