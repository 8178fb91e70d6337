import type { TFunction } from 'i18next'
import { BridgeError } from '../../../../common/bridge/errors'

/** A failed technician request in words: the screen's own sentence where it has one. */
export function technicianError(
  t: TFunction,
  e: unknown,
  own: Partial<Record<string, string>> = {},
): string {
  const code = e instanceof BridgeError ? e.code : 'INTERNAL'
  return own[code] ?? t(`errors.${code}`)
}
