// The kiosk's recent log lines for the remote "upload logs": bounded in lines and characters,
// newest kept, ID numbers masked even in free text.
import { describe, expect, it } from 'vitest'
import { createLogger } from '../../../node-common/logger'
import { LogRing } from '../../../node-common/log-ring'

describe('log ring', () => {
  it('keeps the newest lines that fit, oldest first, and says when older ones were left out', () => {
    const ring = new LogRing(5)
    for (let i = 1; i <= 7; i++) ring.write(`line ${i}\n`)
    expect(ring.recent()).toEqual({
      text: 'line 3\nline 4\nline 5\nline 6\nline 7',
      lines: 5,
      truncated: false,
    })
    expect(ring.recent(14)).toEqual({ text: 'line 6\nline 7', lines: 2, truncated: true })
  })

  it('holds what the kiosk’s logger wrote, sanitized, with ID numbers masked in free text', () => {
    const ring = new LogRing()
    const log = createLogger('kiosk-test', ring as never)
    log.info({ name: '张三丰', password: 'secret' }, 'card 11010519491231002X read')
    ring.write('partial ')
    ring.write('line 11010519491231002X\n')
    const { text, lines } = ring.recent()
    expect(lines).toBe(2)
    expect(text).not.toMatch(/11010519491231002X|张三丰|secret/)
    expect(text).toContain('张*丰')
    expect(text).toContain('partial line 110105********002X')
  })
})
