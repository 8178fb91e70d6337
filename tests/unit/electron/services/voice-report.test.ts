import { describe, expect, it } from 'vitest'
import type { Logger } from '../../../../node-common/logger'
import { voiceReporter } from '../../../../electron/services/voice-report'

function recordingLog() {
  const lines: { level: string; obj: object; msg?: string }[] = []
  const log: Logger = {
    info: (obj, msg) => lines.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => lines.push({ level: 'warn', obj, msg }),
    error: (obj, msg) => lines.push({ level: 'error', obj, msg }),
    debug: () => {},
    child: () => log,
  }
  return { log, lines }
}

describe('voice:report', () => {
  it('writes one warning for a missing voice, not again for the same report', () => {
    const { log, lines } = recordingLog()
    const report = voiceReporter(log)
    expect(report({ missing: ['zh-CN'], installed: 1 })).toEqual({ logged: true })
    expect(report({ missing: ['zh-CN'], installed: 1 })).toEqual({ logged: false })
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({ level: 'warn', obj: { missing: ['zh-CN'], installed: 1 } })
    expect(lines[0]!.msg).toMatch(/no speech voice for zh-CN/)
    // A voice installed since: said once, at info level.
    expect(report({ missing: [], installed: 2 })).toEqual({ logged: true })
    expect(lines[1]).toMatchObject({ level: 'info' })
  })
})
