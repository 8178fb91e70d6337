// The facts kept beside each latest health report for the fleet list's filters: a version that
// sorts as text the way versions compare by number, and what counts as a printer problem or a
// backlog.
import { describe, expect, it } from 'vitest'
import { healthFacts, versionKey } from '../../../../signaling-server/src/store/fleet-query'
import { healthReport } from '../../../support/health'

describe('fleet list facts', () => {
  it('sorts version keys as the versions compare by their numbers', () => {
    expect(versionKey('0.10.0') > versionKey('0.9.9')).toBe(true)
    expect(versionKey('1.2')).toBe(versionKey('1.2.0'))
    expect(versionKey('1.2.3') < versionKey('1.3.0')).toBe(true)
    expect(versionKey('1.2.3-4') > versionKey('1.2.3')).toBe(true)
  })

  it('keeps a printer problem, paper out, and when the oldest waiting entry was made', () => {
    const at = Date.UTC(2026, 5, 1, 8, 0)
    expect(healthFacts(healthReport(), at)).toMatchObject({
      printerProblem: 0,
      paperOut: 0,
      backlogSince: null,
    })
    expect(
      healthFacts(
        healthReport({
          printer: { state: 'ready', paper: 'near-end' },
          outbox: { waiting: 3, oldestAgeSeconds: 120 },
        }),
        at,
      ),
    ).toMatchObject({ printerProblem: 1, paperOut: 0, backlogSince: at - 120_000 })
    expect(healthFacts(healthReport({ printer: null }), at).printerProblem).toBe(1)
    expect(
      healthFacts(
        healthReport({ printer: { state: 'error', paper: 'out', detail: 'paper-out' } }),
        at,
      ),
    ).toMatchObject({ printerProblem: 1, paperOut: 1 })
  })
})
