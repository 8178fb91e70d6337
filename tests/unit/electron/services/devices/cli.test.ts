import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { IdCard } from '../../../../../common/devices/id-card'

const root = join(__dirname, '../../../../..')
const traces = join(root, 'tests/fixtures/traces')

function cli(...args: string[]) {
  const r = spawnSync('npx', ['tsx', 'electron/services/devices/cli.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

describe('technician CLI (spawned)', { timeout: 120_000 }, () => {
  it.each(['cp2110', 'raw', 'serial'])(
    'read-id --replay of the %s trace prints one masked JSON card',
    (framing) => {
      const r = cli(
        'read-id',
        '--replay',
        join(traces, `read-id-resident-${framing}.trace`),
        '--json',
      )
      expect(r.code).toBe(0)
      const card = IdCard.parse(JSON.parse(r.out))
      expect(card.cardType).toBe('resident')
      expect(card.idNumber).toBe('110101********1233')
      expect(card.name).toBe('李*范')
      expect(card.idNumberValid).toBe(true)
      expect(r.out).not.toContain('110101199003071233')
    },
  )

  it('--unmasked shows the full name and number', () => {
    const r = cli(
      'read-id',
      '--replay',
      join(traces, 'read-id-hk-permit-cp2110.trace'),
      '--json',
      '--unmasked',
    )
    expect(r.code).toBe(0)
    const card = JSON.parse(r.out)
    expect(card).toMatchObject({
      cardType: 'hk-mo-tw-residence',
      idNumber: '810000199901010014',
      name: '陈示范',
    })
    expect(card.passNumber).toBe('H98765432')
  })

  it('a trace that does not match the host writes fails with a JSON error naming the line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trace-'))
    const text = readFileSync(join(traces, 'read-id-resident-serial.trace'), 'utf8')
    // Pretend the recorded host skipped select: the replay must refuse.
    const bad = text.replace('> AA AA AA 96 69 00 03 20 02 21', '> AA AA AA 96 69 00 03 30 01 32')
    const file = join(dir, 'bad.trace')
    writeFileSync(file, bad)
    const r = cli('read-id', '--replay', file, '--json')
    expect(r.code).not.toBe(0)
    const { error } = JSON.parse(r.out)
    expect(error.code).toBe('REPLAY_MISMATCH')
    expect(error.message).toMatch(/line \d+/)
    expect(error.message).toContain('回放')
  })

  it('record --sim writes a trace that read-id --replay reads back; faults exit non-zero', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trace-'))
    const file = join(dir, 'rec.trace')
    const rec = cli(
      'record',
      '--sim',
      '--framing',
      'raw',
      '--sim-card',
      'foreign-permanent',
      '--out',
      file,
    )
    expect(rec.code).toBe(0)
    expect(readFileSync(file, 'utf8').split('\n')[0]).toBe('#! framing=raw')
    const r = cli('read-id', '--replay', file)
    expect(r.code).toBe(0)
    expect(r.out).toContain('外国人永久居留身份证')
    const noCard = cli('read-id', '--sim', '--sim-fault', 'no-card', '--json')
    expect(noCard.code).toBe(1)
    expect(JSON.parse(noCard.out).error.code).toBe('NO_CARD')
    expect(JSON.parse(noCard.out).error.message).toContain('未检测到身份证')
  })

  it('an unknown command or option is a usage error (exit 2)', () => {
    expect(cli('frobnicate').code).toBe(2)
    const r = cli('read-id', '--bogus')
    expect(r.code).toBe(2)
    expect(r.err).toContain('用法')
  })
})
