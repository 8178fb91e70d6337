import { describe, expect, it } from 'vitest'
import { sanitizeForLog } from '../../../common/privacy/log-sanitize'
import { maskIdNumber, maskIdNumbersIn, maskName } from '../../../common/privacy/mask'

describe('masking', () => {
  it('keeps the first character of a two-character name, first and last of a longer one', () => {
    expect(maskName('张三')).toBe('张*')
    expect(maskName('欧阳明')).toBe('欧*明')
    expect(maskName('欧阳娜娜')).toBe('欧**娜')
    expect(maskName('王')).toBe('*')
    expect(maskName('')).toBe('')
  })

  it('keeps the six-digit region code and the last four characters of an ID number', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X')
    expect(maskIdNumber('123')).toBe('***')
  })

  it('masks ID numbers inside free text but leaves other numbers alone', () => {
    expect(maskIdNumbersIn('read 11010519491231002X ok, case 20261126000123')).toBe(
      'read 110105********002X ok, case 20261126000123',
    )
  })
})

describe('sanitizeForLog', () => {
  it('masks personal fields, drops secrets and photos, and scans nested text', () => {
    const out = sanitizeForLog({
      card: {
        name: '张三',
        idNumber: '11010519491231002X',
        photo: new Uint8Array(1024),
        address: '北京市东城区',
      },
      note: 'resident 11010519491231002X at desk',
      password: 'hunter2',
      list: [{ fullName: '李四' }],
    })
    const text = JSON.stringify(out)
    expect(text).not.toContain('张三')
    expect(text).not.toContain('11010519491231002X')
    expect(text).not.toContain('北京市东城区')
    expect(text).not.toContain('hunter2')
    expect(text).not.toContain('李四')
    expect(out).toMatchObject({
      card: { name: '张*', idNumber: '110105********002X', photo: '[redacted]' },
      list: [{ fullName: '李*' }],
    })
  })

  it('masks ID numbers in error messages', () => {
    expect(sanitizeForLog(new Error('bad card 11010519491231002X'))).toEqual({
      name: 'Error',
      message: 'bad card 110105********002X',
    })
  })

  it('terminates on cyclic values', () => {
    const a: Record<string, unknown> = {}
    a.self = a
    expect(() => sanitizeForLog(a)).not.toThrow()
  })
})
