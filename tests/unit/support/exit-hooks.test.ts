// The servers a test file starts are stopped when its process exits, however many it starts,
// without Node's warning about too many `exit` listeners.
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'

const script = `
import { atExit } from './tests/support/exit-hooks.ts'
for (let i = 0; i < 12; i++) atExit(() => console.log('stopped ' + i))
const cancel = atExit(() => console.log('cancelled ran'))
atExit(() => { throw new Error('a hook that fails') })
cancel()
`

describe('exit hooks', () => {
  it('run every hook but a cancelled one when the process exits, with one listener', () => {
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        encoding: 'utf8',
        timeout: 60_000,
      },
    )
    expect(r.status).toBe(0)
    const lines = r.stdout.trim().split('\n')
    expect(lines).toEqual(Array.from({ length: 12 }, (_, i) => `stopped ${i}`))
    expect(r.stderr).not.toContain('MaxListenersExceededWarning')
  })
})
