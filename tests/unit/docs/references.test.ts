// The README and docs name files a newcomer will open: each must exist (a doc pointing at a file
// that is gone, or was never written, sends them nowhere).
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const roots = [
  'common',
  'electron',
  'renderer',
  'signaling-server',
  'tests',
  'bench',
  'scripts',
  'docs',
  'build',
]
const docs = [
  'README.md',
  ...readdirSync('docs')
    .filter((f) => f.endsWith('.md'))
    .map((f) => join('docs', f)),
]
// Config files whose comments point at docs.
const configs = [
  'playwright.config.ts',
  'vite.config.ts',
  'vitest.config.ts',
  'eslint.config.js',
  'scripts/test.sh',
  'scripts/start.sh',
]

/** Repo paths in backticks or Markdown links: `electron/services/x.ts`, (docs/y.md). */
function referencedPaths(text: string): string[] {
  const found = new Set<string>()
  // A path followed by "in <someone>'s repository" is another project's file.
  for (const m of text.matchAll(/[`(]([A-Za-z0-9_./-]+)[`)#](?! in [A-Z][a-z]+'s repository)/g)) {
    const path = m[1]!.replace(/\/$/, '').replace(/^\.\//, '')
    if (!roots.some((r) => path === r || path.startsWith(r + '/'))) continue
    if (/[*<>]|\.\.\./.test(path)) continue
    found.add(path)
  }
  for (const m of text.matchAll(/\b([A-Z][A-Z_-]*\.md|docs\/[a-z0-9-]+\.md)\b/g)) found.add(m[1]!)
  return [...found]
}

describe('file references in the docs', () => {
  it.each(docs)('%s names only files that exist', (doc) => {
    const missing = referencedPaths(readFileSync(doc, 'utf8')).filter(
      (p) => !existsSync(p) && !existsSync(join('docs', p)),
    )
    expect(missing).toEqual([])
  })

  it.each(configs)('%s points only at docs that exist', (file) => {
    const missing = referencedPaths(readFileSync(file, 'utf8')).filter(
      (p) => p.endsWith('.md') && !existsSync(p) && !existsSync(join('docs', p)),
    )
    expect(missing).toEqual([])
  })
})
