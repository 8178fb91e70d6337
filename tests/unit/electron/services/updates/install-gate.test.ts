import { describe, expect, it } from 'vitest'
import {
  decideInstall,
  inWindow,
  UpdatesConfig,
} from '../../../../../electron/services/updates/install-gate'

/** `hh:mm` China time (UTC+8) on 10 January 2026, as epoch ms. */
const china = (hhmm: string) =>
  Date.UTC(2026, 0, 10, Number(hhmm.slice(0, 2)) - 8, Number(hhmm.slice(3, 5)))

const config = UpdatesConfig.parse({})
const downloaded = { version: '1.3.0', urgent: false }

describe('the install gate', () => {
  it('defaults to the 01:00–05:00 window, China time', () => {
    expect(config).toMatchObject({
      window: { start: '01:00', end: '05:00' },
      utcOffsetMinutes: 480,
    })
  })

  it('installs a downloaded update only when idle and inside the window', () => {
    const at = (hhmm: string, idle = true) =>
      decideInstall({ downloaded, idle, now: china(hhmm), config })
    expect(at('02:30')).toEqual({ install: true, version: '1.3.0' })
    expect(at('01:00').install).toBe(true)
    expect(at('00:59')).toEqual({ install: false, why: 'outside-window' })
    expect(at('05:00')).toEqual({ install: false, why: 'outside-window' })
    expect(at('14:00')).toEqual({ install: false, why: 'outside-window' })
    expect(at('02:30', false)).toEqual({ install: false, why: 'resident-present' })
    expect(decideInstall({ downloaded: null, idle: true, now: china('02:30'), config })).toEqual({
      install: false,
      why: 'nothing-downloaded',
    })
  })

  it('goes back to the previous version as soon as the kiosk is idle, window or not', () => {
    const back = { version: '1.2.0', urgent: true }
    expect(decideInstall({ downloaded: back, idle: true, now: china('14:00'), config })).toEqual({
      install: true,
      version: '1.2.0',
    })
    expect(
      decideInstall({ downloaded: back, idle: false, now: china('14:00'), config }).install,
    ).toBe(false)
  })

  it('takes a configured window, also one across midnight', () => {
    const night = UpdatesConfig.parse({ window: { start: '22:00', end: '02:00' } })
    expect(inWindow(china('23:30'), night.window, 480)).toBe(true)
    expect(inWindow(china('01:59'), night.window, 480)).toBe(true)
    expect(inWindow(china('02:00'), night.window, 480)).toBe(false)
    expect(inWindow(china('12:00'), night.window, 480)).toBe(false)
    expect(() => UpdatesConfig.parse({ window: { start: '25:00' } })).toThrow()
  })
})
