import type { z } from 'zod'

/**
 * Deepest nesting any request may have (HTTP bodies and socket.io payloads). Forms, signals
 * and acks need under ten levels; recursive code further on (zod, ajv, JSON.stringify,
 * socket.io's binary scan) overflows the stack at a few thousand, which answered `500` and
 * made kiosks retry for ever.
 */
export const MAX_JSON_DEPTH = 32

/**
 * True when `value` nests objects/arrays deeper than `max` levels. Iterative, so the check
 * itself cannot overflow the stack; stops at the first path that is too deep.
 */
export function nestedDeeperThan(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]]
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!
    if (v === null || typeof v !== 'object') continue
    if (depth >= max) return true
    for (const child of Object.values(v)) stack.push([child, depth + 1])
  }
  return false
}

export const tooDeepMessage = `nested deeper than ${MAX_JSON_DEPTH} levels`

const MAX_SEGMENT = 40
const MAX_SEGMENTS = 8
const MAX_MESSAGE = 120

/**
 * A zod issue as `{path, message}` for an error reply, bounded in size and never carrying the
 * rejected input: zod names unknown keys in its message, and keys are the caller's text (a
 * 100 KB key gave a 102 KB reply). Paths keep at most 8 segments of 40 characters.
 */
export function describeIssue(issue: z.core.$ZodIssue): { path: string; message: string } {
  const segments = issue.path.map((p) => {
    const s = String(p)
    return s.length > MAX_SEGMENT ? `${s.slice(0, MAX_SEGMENT)}…` : s
  })
  const path =
    (segments.length > MAX_SEGMENTS ? [...segments.slice(0, MAX_SEGMENTS), '…'] : segments).join(
      '.',
    ) || '(root)'
  const message =
    issue.code === 'unrecognized_keys'
      ? `unknown key${issue.keys.length === 1 ? '' : `s (${issue.keys.length})`}`
      : issue.code === 'invalid_key' || issue.code === 'invalid_element'
        ? issue.code.replace('_', ' ')
        : issue.message.length > MAX_MESSAGE
          ? `${issue.message.slice(0, MAX_MESSAGE)}…`
          : issue.message
  return { path, message }
}
