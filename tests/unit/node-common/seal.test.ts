import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { open, openJson, seal, sealJson } from '../../../node-common/seal'

describe('sealing personal data at rest (AES-256-GCM)', () => {
  const key = randomBytes(32)

  it('opens what it sealed, and the sealed bytes do not contain the plaintext', () => {
    const plain = Buffer.from('张三 110101194001011234', 'utf8')
    const sealed = seal(key, plain, 'app-1')
    expect(sealed.includes(plain)).toBe(false)
    expect(open(key, sealed, 'app-1')).toEqual(plain)
    expect(openJson(key, sealJson(key, { name: '张三' }, 'app-1'), 'app-1')).toEqual({
      name: '张三',
    })
  })

  it('refuses a blob moved to another row, a changed byte, another key or a short key', () => {
    const sealed = seal(key, Buffer.from('x'), 'app-1')
    expect(() => open(key, sealed, 'app-2')).toThrow()
    const tampered = Buffer.from(sealed)
    tampered[tampered.length - 1]! ^= 1
    expect(() => open(key, tampered, 'app-1')).toThrow()
    expect(() => open(randomBytes(32), sealed, 'app-1')).toThrow()
    expect(() => open(key, sealed.subarray(0, 10), 'app-1')).toThrow('unknown sealed-data format')
    expect(() => seal(randomBytes(16), Buffer.from('x'), 'a')).toThrow('32-byte key')
  })
})
