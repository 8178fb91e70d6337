// `npm run server -- verify` and `rotate-result-key`, run as an operator runs them.
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { createApplication } from '../../../../signaling-server/src/app'
import { openResults, resultSealKey } from '../../../../signaling-server/src/results'

const exec = promisify(execFile)

async function server(args: string[], env: Record<string, string> = {}) {
  try {
    const r = await exec(
      process.execPath,
      ['--import', 'tsx', 'signaling-server/src/cli.ts', ...args],
      {
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, ...env },
      },
    )
    return { code: 0, out: r.stdout, err: r.stderr }
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string }
    return { code: x.code, out: x.stdout, err: x.stderr }
  }
}

const notice = {
  caseNumber: '20261201-000042',
  itemCode: 'CA-ELDERLY-ALLOWANCE',
  decision: 'approved' as const,
  decidedAt: Date.parse('2026-12-01T02:00:00Z'),
  applicantName: '张小三',
  noticeText: '准予高龄津贴申领。',
}

describe('npm run server -- verify', { timeout: 180_000 }, () => {
  it('says valid, not valid or revoked in one line, exit 0 only when valid', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'result-cli-'))
    const db = join(dir, 'results.db')
    const dataKey = randomBytes(32)
    const results = openResults({
      path: db,
      sealKey: resultSealKey(dataKey),
      publicUrl: 'https://zwfw.example.gov.cn',
      rendererDir: 'out/renderer',
    })
    const signed = await results.sign(notice)
    const other = await results.sign({ ...notice, caseNumber: '20261201-000043' })
    await results.revoke('20261201-000043', 'decision corrected')
    await results.close()

    const valid = await server(['verify', signed.url, '--results-db', db])
    expect(valid.code).toBe(0)
    expect(valid.out.trim()).toBe(
      `有效 valid: 20261201-000042 CA-ELDERLY-ALLOWANCE 准予/Approved 2026-12-01 张*三 (key ${signed.kid})`,
    )
    // The printed text checked against the code's hash.
    const same = join(dir, 'notice.txt')
    writeFileSync(same, notice.noticeText)
    const matching = await server(['verify', signed.payload, '--results-db', db, '--notice', same])
    expect(matching.code).toBe(0)
    expect(matching.out).toContain('notice text matches (通知书文字相符)')
    writeFileSync(same, notice.noticeText.replace('准予', '不予'))
    const altered = await server(['verify', signed.payload, '--results-db', db, '--notice', same])
    expect(altered.code).toBe(1)
    expect(altered.out).toMatch(/^无效 not valid: .*通知书文字与二维码不符/)
    const changed =
      signed.payload.slice(0, -5) +
      (signed.payload.at(-5) === 'A' ? 'B' : 'A') +
      signed.payload.slice(-4)
    const invalid = await server(['verify', changed, '--results-db', db])
    expect(invalid.code).toBe(1)
    expect(invalid.out.trim()).toMatch(/^无效 not valid: The signature does not match/)
    const garbage = await server(['verify', 'not-a-result', '--results-db', db])
    expect(garbage.code).toBe(1)
    expect(garbage.out.trim()).toMatch(/^无效 not valid: The code is incomplete/)
    expect(garbage.err).toBe('')
    const revoked = await server(['verify', other.payload, '--results-db', db])
    expect(revoked.code).toBe(1)
    expect(revoked.out.trim()).toMatch(
      /^已撤销 revoked: 20261201-000043 .* The centre has revoked this result/,
    )
    const noDb = await server(['verify', signed.payload, '--results-db', join(dir, 'none.db')])
    expect(noDb.code).toBe(1)
    expect(noDb.out.trim()).toMatch(/^未核验 not checked: no results database/)

    // A rotation: new notices get the new key, the old notice still verifies.
    const rotated = await server(['rotate-result-key', '--results-db', db], {
      SERVER_DATA_KEY: dataKey.toString('base64'),
    })
    expect(rotated.code).toBe(0)
    const kid = /RESULT_KEY=([0-9A-F]{4})/.exec(rotated.out)?.[1]
    expect(kid).toBeDefined()
    expect(kid).not.toBe(signed.kid)
    expect((await server(['verify', signed.payload, '--results-db', db])).code).toBe(0)
    const after = openResults({
      path: db,
      sealKey: resultSealKey(dataKey),
      publicUrl: 'https://zwfw.example.gov.cn',
      rendererDir: 'out/renderer',
    })
    expect((await after.sign({ ...notice, caseNumber: '20261202-000001' })).kid).toBe(kid)
    await after.close()
  })

  it("with --centre checks against that centre's published key list and register", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'result-cli-'))
    const results = openResults({
      path: join(dir, 'results.db'),
      sealKey: resultSealKey(randomBytes(32)),
      publicUrl: 'http://127.0.0.1',
      rendererDir: 'out/renderer',
    })
    const app = createApplication({
      log: pino({ level: 'silent' }),
      version: 'test',
      rendererDir: 'out/renderer',
      results,
    })
    const { url } = await app.listen(0)
    try {
      const signed = await results.sign(notice)
      const valid = await server(['verify', signed.payload, '--centre', url])
      expect(valid.code).toBe(0)
      expect(valid.out).toMatch(/^有效 valid: 20261201-000042/)
      await results.revoke(notice.caseNumber, 'decision corrected')
      const revoked = await server(['verify', signed.payload, '--centre', url])
      expect(revoked.code).toBe(1)
      expect(revoked.out).toMatch(/^已撤销 revoked:/)
    } finally {
      await app.close()
      await results.close()
    }
    const down = await server(['verify', 'X', '--centre', url])
    expect(down.code).toBe(1)
    expect(down.out).toMatch(/^未核验 not checked: cannot read the key list/)
  })

  it('--help names the commands; a missing payload gets the usage line', async () => {
    const help = await server(['--help'])
    expect(help.code).toBe(0)
    expect(help.out).toContain('verify PAYLOAD-OR-URL')
    expect(help.out).toContain('rotate-result-key')
    const bare = await server(['verify'])
    expect(bare.code).toBe(2)
    expect(bare.err.trim()).toBe(
      'usage: verify PAYLOAD-OR-URL [--results-db PATH | --centre URL] [--notice FILE]',
    )
  })
})
