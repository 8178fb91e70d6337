import { maskIdNumber, maskIdNumbersIn, maskName } from './mask'

/** Keys whose values are personal and are masked whatever they hold. */
const nameKeys = new Set(['name', 'fullName', 'residentName', 'nameEn', 'guardianName'])
const idKeys = new Set(['idNumber', 'idNo', 'documentNumber', 'passNumber'])
/** Keys whose values never reach a log at all. */
const dropKeys = new Set([
  'photo',
  'address',
  'signature',
  'password',
  'token',
  'credential',
  'secret',
  'authorization',
])

/**
 * Deep copy of `value` fit for a log line: personal fields masked, secrets dropped, and any
 * resident ID number inside free text masked. Bounded depth so a cyclic value cannot hang it.
 */
export function sanitizeForLog(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskIdNumbersIn(value)
  if (value === null || typeof value !== 'object') return value
  if (depth > 6) return '[…]'
  if (value instanceof Error) {
    return { name: value.name, message: maskIdNumbersIn(value.message) }
  }
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer)
    return `[${value.byteLength} bytes]`
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => sanitizeForLog(v, depth + 1))
  const out: Record<string, unknown> = {}
  for (const [key, v] of Object.entries(value)) {
    if (dropKeys.has(key)) out[key] = '[redacted]'
    else if (nameKeys.has(key) && typeof v === 'string') out[key] = maskName(v)
    else if (idKeys.has(key) && typeof v === 'string') out[key] = maskIdNumber(v)
    else out[key] = sanitizeForLog(v, depth + 1)
  }
  return out
}
