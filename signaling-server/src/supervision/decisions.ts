import type { CaseClocks } from '../cases/clocks'
import type { Actor } from '../cases/machine'
import type { DecisionFacts } from './store'

/**
 * What the statistics keep of a decision, from the clocks as they stopped with it: the counted
 * working days from acceptance (the promised clock's length, extensions included, less what was
 * left on the day; 补正 pauses are not counted), and whether each legal clock was met.
 */
export function decisionFacts(
  caseNumber: string,
  decision: 'approved' | 'rejected',
  actor: Actor,
  at: number,
  clocks: CaseClocks,
): DecisionFacts {
  const p = clocks.promised
  const s = clocks.statutory
  return {
    caseNumber,
    decision,
    decidedAt: at,
    decidedBy: actor.kind === 'staff' ? actor.id : actor.kind,
    decidedByName: actor.kind === 'staff' ? actor.name : actor.kind,
    workingDays: Math.max(0, (p.workingDays ?? 0) - (p.workingDaysLeft ?? 0)),
    promisedMet: p.state === 'met',
    statutoryMet: s.state === 'not-applicable' ? null : s.state === 'met',
  }
}
