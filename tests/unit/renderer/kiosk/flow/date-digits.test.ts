import { describe, expect, it } from 'vitest'
import {
  canContinue,
  dateOf,
  digitsOf,
  partsOf,
} from '../../../../../renderer/src/kiosk/flow/date-digits'

const range = { min: 1906, max: 2027 }
const keysAfter = (digits: string) =>
  [...'0123456789'].filter((k) => canContinue(digits + k, range)).join('')

describe('a date typed on the keypad', () => {
  it('offers only keys that lead to a year in range', () => {
    expect(keysAfter('')).toBe('12')
    expect(keysAfter('1')).toBe('9')
    expect(keysAfter('19')).toBe('0123456789')
    expect(keysAfter('190')).toBe('6789')
    expect(keysAfter('202')).toBe('01234567')
  })

  it('offers only months 01–12', () => {
    expect(keysAfter('2025')).toBe('01')
    expect(keysAfter('20250')).toBe('123456789')
    expect(keysAfter('20251')).toBe('012')
  })

  it('offers only the days the month has, leap years included', () => {
    expect(keysAfter('202502')).toBe('012')
    expect(keysAfter('2025022')).toBe('012345678')
    expect(keysAfter('2024022')).toBe('0123456789')
    expect(keysAfter('202504')).toBe('0123')
    expect(keysAfter('2025043')).toBe('0')
    expect(keysAfter('2025053')).toBe('01')
    expect(keysAfter('20250520')).toBe('')
  })

  it('is a value only once all eight digits are in', () => {
    expect(dateOf('2025052', range)).toBeUndefined()
    expect(dateOf('20250520', range)).toBe('2025-05-20')
    expect(dateOf('20250230', range)).toBeUndefined()
    expect(partsOf('20250')).toEqual(['2025', '0_', '__'])
  })

  it('starts from a stored value, and from nothing for anything else', () => {
    expect(digitsOf('1946-03-07')).toBe('19460307')
    expect(digitsOf('1946-3-7')).toBe('')
    expect(digitsOf(undefined)).toBe('')
  })
})
