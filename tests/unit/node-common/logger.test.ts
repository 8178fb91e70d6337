// `npm start` shows logs a person can read; files and services get JSON lines.
import { closeSync, openSync, readFileSync } from 'node:fs'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createLogger, logDestination } from '../../../node-common/logger'

// One destination for kiosk and centre (they each had a copy before node-common).
describe('log destination', () => {
  it('is JSON where the output is not a terminal, readable lines on request', async () => {
    // stdout under vitest is a pipe, not a terminal: JSON unless asked otherwise.
    expect(logDestination(1, true, undefined).constructor.name).toBe('SonicBoom')
    expect(logDestination(1, true, 'json').constructor.name).toBe('SonicBoom')
    expect(logDestination(1, true, 'pretty').constructor.name).not.toBe('SonicBoom')
  })
})

describe('pretty log lines', () => {
  it('are readable text with the personal data still masked', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'log-')), 'out.log')
    const fd = openSync(file, 'w')
    const prev = process.env.LOG_FORMAT
    process.env.LOG_FORMAT = 'pretty'
    // The fd of a file stands in for the terminal; the format is forced.
    const log = createLogger('t', logDestination(fd as 1, true))
    log.info({ idNumber: '110101194001011234' }, 'card read')
    process.env.LOG_FORMAT = prev
    closeSync(fd)
    const text = readFileSync(file, 'utf8')
    expect(text).toContain('INFO')
    expect(text).toContain('card read')
    expect(text).not.toContain('{"level"')
    expect(text).not.toContain('110101194001011234')
  })
})
