import { describe, expect, it } from 'vitest'
import {
  CentreAddress,
  DEFAULT_LOCAL_SETTINGS,
  EnrolCode,
  LocalSettings,
  enrolQrText,
  parseEnrolQr,
  stepSetting,
} from '../../../../common/fleet/technician'

describe('local settings a technician may set', () => {
  it('accepts the defaults and values inside the bounds', () => {
    expect(LocalSettings.parse(DEFAULT_LOCAL_SETTINGS)).toEqual(DEFAULT_LOCAL_SETTINGS)
    expect(
      LocalSettings.safeParse({
        idleSeconds: 300,
        volume: 0,
        largeTextDefault: true,
        paperWidth: '58mm',
      }).success,
    ).toBe(true)
  })

  it.each([
    ['an idle time under 30 s', { idleSeconds: 20 }],
    ['an idle time over 5 minutes', { idleSeconds: 301 }],
    ['a fractional idle time', { idleSeconds: 45.5 }],
    ['a volume over 100', { volume: 110 }],
    ['a negative volume', { volume: -10 }],
    ['another paper width', { paperWidth: '76mm' }],
    ['large text as a string', { largeTextDefault: 'yes' }],
    ['an unknown setting', { brightness: 80 }],
  ])('refuses %s', (_, patch) => {
    expect(LocalSettings.safeParse({ ...DEFAULT_LOCAL_SETTINGS, ...patch }).success).toBe(false)
  })

  it('steps a setting by its step and never past its bounds', () => {
    expect(stepSetting('idleSeconds', 60, 1)).toBe(70)
    expect(stepSetting('idleSeconds', 30, -1)).toBe(30)
    expect(stepSetting('idleSeconds', 300, 1)).toBe(300)
    expect(stepSetting('volume', 100, 1)).toBe(100)
    expect(stepSetting('volume', 0, -1)).toBe(0)
    expect(stepSetting('volume', 50, -1)).toBe(40)
  })
})

describe('what the technician types for enrolment', () => {
  it('takes a code with or without dashes, in either case', () => {
    expect(EnrolCode.parse('abcd-efgh-jklm')).toBe('ABCDEFGHJKLM')
    expect(EnrolCode.parse('ABCDEFGHJKLM')).toBe('ABCDEFGHJKLM')
    expect(EnrolCode.safeParse('ABCD-EFGH').success).toBe(false)
    expect(EnrolCode.safeParse('ABCD-EFGH-JKL!').success).toBe(false)
  })

  it('takes a centre address as its origin, https when no scheme is typed', () => {
    expect(CentreAddress.parse('http://127.0.0.1:8443')).toBe('http://127.0.0.1:8443')
    expect(CentreAddress.parse('zwfw.example.gov.cn')).toBe('https://zwfw.example.gov.cn')
    expect(CentreAddress.parse('https://ZWFW.example.gov.cn/clerk.html')).toBe(
      'https://zwfw.example.gov.cn',
    )
    expect(CentreAddress.safeParse('ftp://example.org').success).toBe(false)
    expect(CentreAddress.safeParse('https://user:pw@example.org').success).toBe(false)
    expect(CentreAddress.safeParse('http://').success).toBe(false)
  })

  it('reads the fleet console’s enrolment QR and nothing else', () => {
    const text = enrolQrText('https://zwfw.example.gov.cn', 'ABCD-EFGH-JKLM')
    expect(parseEnrolQr(text)).toEqual({
      v: 1,
      centre: 'https://zwfw.example.gov.cn',
      code: 'ABCDEFGHJKLM',
    })
    expect(parseEnrolQr('https://zwfw.example.gov.cn/p/abc')).toBeNull()
    expect(
      parseEnrolQr(JSON.stringify({ v: 2, centre: 'https://a.cn', code: 'ABCDEFGHJKLM' })),
    ).toBeNull()
    expect(
      parseEnrolQr(JSON.stringify({ v: 1, centre: 'https://a.cn', code: 'ABCDEFGHJKLM', x: 1 })),
    ).toBeNull()
    expect(parseEnrolQr('x'.repeat(2000))).toBeNull()
  })
})
