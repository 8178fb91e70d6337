import { afterEach } from 'vitest'

/** What a test started and must stop: the returned list runs after each test, last first. */
export function cleanupsAfterEach(): (() => Promise<unknown>)[] {
  const cleanups: (() => Promise<unknown>)[] = []
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!()
  })
  return cleanups
}
