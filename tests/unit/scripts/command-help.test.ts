// Every command the README names answers --help, and a wrong option gets one clear line, not a
// stack trace (a newcomer's first contact with the project).
import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const run = (script: string, ...args: string[]) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

describe('command-line help', { timeout: 120_000 }, () => {
  it.each([
    ['signaling-server/src/cli.ts', 'enrol-code'],
    ['electron/device-host/cli.ts', '--renderer'],
    ['electron/services/devices/cli.ts', 'list'],
    ['bench/run.ts', 'kiosk-ui'],
  ])('%s --help prints its usage and exits 0', (script, mentions) => {
    const r = run(script, '--help')
    expect(r.code).toBe(0)
    expect(r.out).toContain('usage')
    expect(r.out).toContain(mentions)
    expect(r.err).not.toMatch(/at .+:\d+:\d+/)
  })

  it.each([['signaling-server/src/cli.ts'], ['electron/device-host/cli.ts']])(
    '%s with an unknown option answers one line and exit 2',
    (script) => {
      const r = run(script, '--no-such-option')
      expect(r.code).toBe(2)
      expect(r.err.trim().split('\n')).toHaveLength(1)
      expect(r.err).toContain("'--no-such-option'")
      expect(r.err).toContain('--help')
    },
  )

  it('the server refuses an unknown command in one line', () => {
    const r = run('signaling-server/src/cli.ts', 'frobnicate')
    expect(r.code).toBe(2)
    expect(r.err.trim()).toBe("unknown command 'frobnicate'; see: npm run server -- --help")
  })

  it('every benchmark answers --help with its own description', () => {
    for (const name of ['call-setup', 'devices', 'kiosk-ui', 'signaling']) {
      const r = run('bench/run.ts', name, '--help')
      expect(r.code, name).toBe(0)
      expect(r.out, name).toContain(`npm run bench -- ${name}`)
    }
  })
})

describe('server start-up without a build', { timeout: 60_000 }, () => {
  it('says in one line what to build instead of a stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'server-nobuild-'))
    const r = run(
      'signaling-server/src/cli.ts',
      '--db',
      join(dir, 's.db'),
      '--renderer',
      join(dir, 'none'),
    )
    expect(r.code).toBe(2)
    expect(r.err.trim().split('\n')).toHaveLength(1)
    expect(r.err).toContain('npm run build:renderer')
  })
})
