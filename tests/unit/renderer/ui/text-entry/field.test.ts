import { describe, expect, it } from 'vitest'
import { useKiosk } from '../../../../../renderer/src/kiosk/store'
import { fieldFor, isCodePattern, modeFor } from '../../../../../renderer/src/ui/text-entry/field'

describe('the field decides the modes', () => {
  it('a code (出生医学证明编号) offers only the letters/digits pad, in capitals', () => {
    const f = fieldFor(
      'c',
      'certificateNumber',
      '出生医学证明编号',
      {
        type: 'string',
        pattern: '^[A-Z][0-9]{9}$',
      },
      'zh-CN',
    )
    expect(f.modes).toEqual(['code'])
    expect(f.upperCase).toBe(true)
    expect(modeFor(f, 'pinyin')).toBe('code')
  })

  it('a name offers handwriting first, then pinyin and letters/digits, hinted as a name', () => {
    const f = fieldFor('n', 'name', '姓名', { type: 'string', maxLength: 20 }, 'zh-CN')
    expect(f.modes).toEqual(['handwriting', 'pinyin', 'code'])
    expect(f.hint).toBe('name')
    expect(f.maxLength).toBe(20)
  })

  it('an address (四至) is hinted as an address; English adds the Latin keyboard', () => {
    const f = fieldFor('l', 'location', '位置（四至）', { type: 'string' }, 'en')
    expect(f.hint).toBe('address')
    expect(f.modes).toEqual(['handwriting', 'pinyin', 'code', 'latin'])
  })

  it('only ASCII classes make a code pattern', () => {
    expect(isCodePattern('^[0-9]{12,19}$')).toBe(true)
    expect(isCodePattern('^[\\u4e00-\\u9fa5]+$')).toBe(false)
    expect(isCodePattern('^.+$')).toBe(false)
    expect(isCodePattern(undefined)).toBe(false)
  })

  it('the remembered mode is used where the field offers it', () => {
    const f = fieldFor('n', 'name', '姓名', { type: 'string' }, 'zh-CN')
    expect(modeFor(f, null)).toBe('handwriting')
    expect(modeFor(f, 'pinyin')).toBe('pinyin')
    expect(modeFor(f, 'latin')).toBe('handwriting')
  })
})

describe('the remembered mode lasts one session', () => {
  it('is forgotten when the session is reset', () => {
    useKiosk.getState().set({ textMode: 'pinyin', textField: 'root_child_name' })
    useKiosk.getState().reset()
    expect(useKiosk.getState().textMode).toBeNull()
    expect(useKiosk.getState().textField).toBeNull()
  })
})
