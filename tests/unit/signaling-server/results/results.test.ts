// Result notices signed by the centre and checked as the verify page and the CLI check them.
import { randomBytes } from 'node:crypto'
import fc from 'fast-check'
import QRCode from 'qrcode'
import { describe, expect, it } from 'vitest'
import { resultQrText } from '../../../../common/results/payload'
import { checkResultPayload } from '../../../../common/results/verify'
import {
  openResultService,
  resultSealKey,
  type ResultNotice,
} from '../../../../signaling-server/src/results/service'
import { openSqliteResultStore } from '../../../../signaling-server/src/results/store'

const DAY = 86_400_000
const T0 = Date.parse('2026-12-01T02:00:00Z')

function centre(start = T0) {
  let t = start
  const store = openSqliteResultStore(':memory:')
  const service = openResultService({
    store,
    sealKey: resultSealKey(randomBytes(32)),
    publicUrl: 'https://zwfw.example.gov.cn',
    now: () => t,
  })
  return { service, store, advance: (ms: number) => (t += ms), at: () => t }
}

const notice = (over: Partial<ResultNotice> = {}): ResultNotice => ({
  caseNumber: '20261201-000042',
  itemCode: 'CA-ELDERLY-ALLOWANCE',
  decision: 'approved',
  decidedAt: T0,
  applicantName: '张小三',
  noticeText: '准予高龄津贴申领。自2027年1月起每月发放。',
  ...over,
})

describe('result signing and verification', () => {
  it('a signed notice verifies offline with the key list and online with the register', async () => {
    const { service } = centre()
    const signed = await service.sign(notice())
    const check = await checkResultPayload(signed.payload, service.keyList())
    expect(check.outcome).toBe('valid')
    if (check.outcome !== 'valid') return
    expect(check.fields).toMatchObject({
      caseNumber: '20261201-000042',
      itemCode: 'CA-ELDERLY-ALLOWANCE',
      decision: 'approved',
      decisionDate: '2026-12-01',
      maskedName: '张*三',
    })
    // The full name is not in the payload in any form: only its mask.
    expect(JSON.stringify(check.fields)).not.toContain('小')
    expect(await service.status(signed.payload)).toEqual({ outcome: 'valid' })
    // The whole verify URL is accepted too.
    expect((await checkResultPayload(signed.url, service.keyList())).outcome).toBe('valid')
    expect((await checkResultPayload(signed.qrText, service.keyList())).outcome).toBe('valid')
  })

  it('names of every length keep the mask rules (common/privacy/mask.ts)', async () => {
    const { service } = centre()
    for (const [name, masked] of [
      ['王', '*'],
      ['李四', '李*'],
      ['欧阳娜娜', '欧**娜'],
      ['𠀀家明', '𠀀*明'],
    ] as const) {
      const signed = await service.sign(notice({ applicantName: name }))
      expect(signed.fields.maskedName).toBe(masked)
      const check = await checkResultPayload(signed.payload, service.keyList())
      expect(check.outcome === 'valid' && check.fields.maskedName).toBe(masked)
    }
  })

  it("after a rotation the old key's notices still verify and new ones use the new key", async () => {
    const { service, advance, at } = centre()
    const old = await service.sign(notice())
    advance(30 * DAY)
    const rotated = await service.rotateKey()
    expect(rotated.kid).not.toBe(old.kid)
    const fresh = await service.sign(notice({ caseNumber: '20261231-000001', decidedAt: at() }))
    expect(fresh.kid).toBe(rotated.kid)
    const list = service.keyList()
    expect(list.keys).toHaveLength(2)
    expect(list.keys.find((k) => k.kid === old.kid)?.notAfter).not.toBeNull()
    expect((await checkResultPayload(old.payload, list)).outcome).toBe('valid')
    expect((await checkResultPayload(fresh.payload, list)).outcome).toBe('valid')
    expect(await service.status(old.payload)).toEqual({ outcome: 'valid' })
  })

  it('a notice dated after its key was retired, or with an unknown key id, is not valid', async () => {
    const { service, advance } = centre()
    // Signed today for a decision dated 10 days later than the key's retirement below.
    const late = await service.sign(notice({ decidedAt: T0 + 10 * DAY }))
    advance(DAY)
    await service.rotateKey()
    expect(await checkResultPayload(late.payload, service.keyList())).toMatchObject({
      outcome: 'invalid',
      reason: 'key_expired',
    })
    const other = centre()
    expect(await checkResultPayload(late.payload, other.service.keyList())).toMatchObject({
      outcome: 'invalid',
      reason: 'unknown_key',
    })
  })

  it('a revoked notice, and every notice of a revoked key, shows revoked', async () => {
    const { service } = centre()
    const a = await service.sign(notice())
    const b = await service.sign(notice({ caseNumber: '20261201-000043' }))
    expect(await service.revoke('20261201-000042', 'decision corrected')).toBe(1)
    expect(await service.status(a.payload)).toMatchObject({
      outcome: 'revoked',
      reason: 'notice_revoked',
    })
    // Offline, only the key list is known: the single revocation needs the centre.
    expect((await checkResultPayload(a.payload, service.keyList())).outcome).toBe('valid')
    expect(await service.status(b.payload)).toEqual({ outcome: 'valid' })
    // A corrected notice for the same case, signed after the revocation, is valid.
    const corrected = await service.sign(notice({ noticeText: '更正后的结果通知书' }))
    expect(await service.status(corrected.payload)).toEqual({ outcome: 'valid' })

    expect(await service.revokeKey(b.kid)).toBe(true)
    expect(await checkResultPayload(b.payload, service.keyList())).toMatchObject({
      outcome: 'revoked',
      reason: 'key_revoked',
    })
    // The centre goes on signing, with a new key.
    const after = await service.sign(notice({ caseNumber: '20261201-000044' }))
    expect(after.kid).not.toBe(b.kid)
    expect(await service.status(after.payload)).toEqual({ outcome: 'valid' })
  })

  it('a validly signed payload missing from the register is not valid online', async () => {
    const store = openSqliteResultStore(':memory:')
    // A store that loses what it is told (a restored backup, or a key used outside the centre).
    const forgetful = { ...store, recordIssued: () => {} }
    const service = openResultService({
      store: forgetful,
      sealKey: resultSealKey(randomBytes(32)),
      publicUrl: 'https://c.example',
      now: () => T0,
    })
    const signed = await service.sign(notice())
    expect((await checkResultPayload(signed.payload, service.keyList())).outcome).toBe('valid')
    expect(await service.status(signed.payload)).toEqual({
      outcome: 'invalid',
      reason: 'not_issued',
    })
  })

  it('one character changed anywhere, a truncation or garbage is not valid', async () => {
    const { service } = centre()
    const { payload } = await service.sign(notice())
    const list = service.keyList()
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567-.019'
    for (let i = 0; i < payload.length; i++) {
      const c = payload[i]!
      const other = alphabet[(alphabet.indexOf(c) + 7) % alphabet.length]!
      const changed = payload.slice(0, i) + other + payload.slice(i + 1)
      const check = await checkResultPayload(changed, list)
      expect(check.outcome, `position ${i}: ${c} → ${other}`).toBe('invalid')
    }
    // The last character's lowest bit is base32 padding, not data: changed, still not valid.
    const b32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
    const padFlip = payload.slice(0, -1) + b32[b32.indexOf(payload.at(-1)!) ^ 1]
    for (const bad of [
      padFlip,
      payload.slice(0, -1),
      payload.slice(0, 40),
      payload + 'A',
      '',
      'garbage',
      '%%%',
      '../../etc/passwd',
      payload.toLowerCase(),
      'x'.repeat(5000),
    ])
      expect((await checkResultPayload(bad, list)).outcome).toBe('invalid')
  })

  it('a platform without Ed25519 gets "cannot check", never "not valid"', async () => {
    const { service } = centre()
    const { payload } = await service.sign(notice())
    const old = {
      importKey: () => Promise.reject(new DOMException('Ed25519', 'NotSupportedError')),
      verify: () => Promise.reject(new Error('unreachable')),
    }
    expect((await checkResultPayload(payload, service.keyList(), old)).outcome).toBe('unavailable')
    // What cannot even be read is still not valid, with or without crypto.
    expect((await checkResultPayload('garbage', service.keyList(), old)).outcome).toBe('invalid')
  })

  it('any text at all is answered, never thrown: not valid unless it is the signed payload', async () => {
    const { service } = centre()
    const { payload } = await service.sign(notice())
    const list = service.keyList()
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 400 }),
          fc.stringMatching(/^[A-Z0-9.-]{150,260}$/),
          // Splices of the real payload: prefix of one, rest of random text.
          fc
            .tuple(fc.nat({ max: payload.length }), fc.string({ maxLength: 40 }))
            .map(([i, tail]) => payload.slice(0, i) + tail),
        ),
        async (text) => {
          fc.pre(text !== payload)
          const check = await checkResultPayload(text, list)
          expect(check.outcome).toBe('invalid')
        },
      ),
      { numRuns: 300 },
    )
  })

  it('the payload stays small enough for a 58 mm receipt printer', async () => {
    const { service } = centre()
    const signed = await service.sign(notice())
    // 15-character case number, 20-character item code: 186 characters.
    expect(signed.payload).toHaveLength(15 + 1 + 20 + 1 + 149)
    expect(signed.payload).toMatch(/^[A-Z0-9.-]+$/)
    // The QR text is QR alphanumeric throughout: version 8 at ECC M, 49 modules a side, which
    // at 6 dots a module (203 dpi) with its quiet zone is 43 mm on 48 mm of printable paper.
    expect(signed.qrText).toMatch(/^[A-Z0-9 $%*+\-./:]+$/)
    const qr = QRCode.create(signed.qrText, { errorCorrectionLevel: 'M' })
    expect(qr.version).toBeLessThanOrEqual(8)
    // Even the longest case number and item code the schemas allow stays at version 10 or less.
    const longest = await service.sign(
      notice({ caseNumber: 'A'.repeat(40), itemCode: 'B'.repeat(64) }),
    )
    expect(longest.payload.length).toBeLessThanOrEqual(40 + 64 + 2 + 149)
    const big = QRCode.create(resultQrText('https://zwfw.example.gov.cn', longest.payload), {
      errorCorrectionLevel: 'M',
    })
    expect(big.version).toBeLessThanOrEqual(10)
  })

  it('the private key is kept sealed: the store holds no raw key and another data key cannot sign', async () => {
    const store = openSqliteResultStore(':memory:')
    const service = openResultService({
      store,
      sealKey: resultSealKey(randomBytes(32)),
      publicUrl: 'https://c.example',
      now: () => T0,
    })
    const [key] = store.keys()
    expect(key!.privateSealed[0]).toBe(1) // node-common/seal.ts format version
    const intruder = openResultService({
      store,
      sealKey: resultSealKey(randomBytes(32)),
      publicUrl: 'https://c.example',
      now: () => T0,
    })
    await expect(intruder.sign(notice())).rejects.toThrow()
    expect((await service.sign(notice())).payload).toBeTruthy()
  })
})
