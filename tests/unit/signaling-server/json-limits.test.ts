import { expect, it } from 'vitest'
import { z } from 'zod'
import { describeIssue, nestedDeeperThan } from '../../../signaling-server/src/json-limits'

it('measures nesting without recursion, even 200,000 levels deep', () => {
  expect(nestedDeeperThan(JSON.parse('['.repeat(200_000) + ']'.repeat(200_000)))).toBe(true)
  expect(nestedDeeperThan({ a: [{ b: { c: 'x' } }] }, 4)).toBe(false)
  expect(nestedDeeperThan({ a: [{ b: { c: {} } }] }, 4)).toBe(true)
  expect(nestedDeeperThan('flat')).toBe(false)
})

it('describes an issue without the rejected key or value, in bounded size', () => {
  const key = 'k'.repeat(100_000)
  const strict = z.strictObject({ a: z.string() })
  const unknownKey = strict.safeParse({ a: 'x', [key]: 1 }).error!.issues[0]!
  expect(describeIssue(unknownKey)).toEqual({ path: '(root)', message: 'unknown key' })
  const deepPath = z
    .record(z.string(), z.record(z.string(), z.number()))
    .safeParse({ [key]: { [key]: 'secret-value' } }).error!.issues[0]!
  const d = describeIssue(deepPath)
  expect(JSON.stringify(d).length).toBeLessThan(300)
  expect(JSON.stringify(d)).not.toContain('secret-value')
})
