import type { PriorityReason } from '../../common/signaling'

/**
 * The queue priority the server gives a resident; kiosks only state facts (`birthDate` from the
 * ID card, `disability` as the resident's own request) and never send a priority.
 *
 * One level for any reason: aged 70 or over (from the card), or priority help asked for on the
 * kiosk (mobility, sight or hearing; self-declared, so it cannot be checked). Reasons do not add
 * up: an unverifiable claim lets a resident be served before residents without priority who
 * joined earlier, but never before an earlier resident who also has priority — in particular an
 * older resident whose age the card proves. Within a level, the longest waiting goes first.
 */
export function priorityOf(reasons: readonly PriorityReason[]): number {
  return reasons.length > 0 ? 1 : 0
}

/** The reasons a join states, in the order clerks see them. */
export function priorityReasons(
  age: number | null,
  disability: boolean | undefined,
): PriorityReason[] {
  const reasons: PriorityReason[] = []
  if (age !== null && age >= 70) reasons.push('age70')
  if (disability === true) reasons.push('disability')
  return reasons
}
