// What a benchmark needs is read from its header, and a missing or stale renderer build is found.
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { declaredNeeds, headerText, rendererBuildProblem } from '../../../bench/prerequisites'

describe('benchmark prerequisites', () => {
  it('reads what a benchmark needs from its header only', () => {
    const source =
      '// `npm run bench -- x`: does x\n// needs: renderer\nconst a = 1\n// needs: other\n'
    expect(declaredNeeds(source)).toEqual(['renderer'])
    expect(headerText(source)).toBe('`npm run bench -- x`: does x')
  })

  it('finds a missing or stale renderer build and accepts a fresh one', () => {
    const root = mkdtempSync(join(tmpdir(), 'bench-prereq-'))
    for (const d of ['renderer/src', 'common', 'out/renderer'])
      mkdirSync(join(root, d), { recursive: true })
    writeFileSync(join(root, 'renderer/src/a.ts'), '')
    writeFileSync(join(root, 'common/b.ts'), '')
    expect(rendererBuildProblem(root)).toMatch(/not built/)
    const built = join(root, 'out/renderer/kiosk.html')
    writeFileSync(built, '')
    const past = new Date(Date.now() - 60_000)
    utimesSync(join(root, 'renderer/src/a.ts'), past, past)
    utimesSync(join(root, 'common/b.ts'), past, past)
    expect(rendererBuildProblem(root)).toBeNull()
    utimesSync(built, new Date(Date.now() - 120_000), new Date(Date.now() - 120_000))
    expect(rendererBuildProblem(root)).toMatch(/older than its sources/)
  })
})
