import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

/**
 * AES-256-GCM sealing for personal data at rest. Layout: version (1) | nonce (12) | tag (16) |
 * ciphertext. The associated data binds a blob to its row (the application id), so a blob
 * copied into another row fails to open.
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
  const nonce = sealed.subarray(1, 1 + NONCE)
  const tag = sealed.subarray(1 + NONCE, 1 + NONCE + TAG)
  const decipher = createDecipheriv('aes-256-gcm', key, nonce)
  decipher.setAAD(Buffer.from(associatedData, 'utf8'))
  decipher.setAuthTag(tag)
  return Buffer.concat([decipher.update(sealed.subarray(1 + NONCE + TAG)), decipher.final()])
}
