// What a benchmark needs before it runs, declared in its header comment as `// needs: renderer`.
// `bench/run.ts` builds what is missing or stale, so a fresh clone can run every benchmark.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** The `// needs: a, b` declarations in a benchmark file's leading comment. */
export function declaredNeeds(source: string): string[] {
  const needs: string[] = []
  for (const line of source.split('\n')) {
    if (!line.startsWith('//')) break
    const m = /^\/\/\s*needs:\s*(.+)$/.exec(line)
    if (m)
      needs.push(
        ...m[1]!
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      )
  }
  return needs
}

/** The leading comment of a benchmark file, as its `--help` text. */
export function headerText(source: string): string {
  const lines: string[] = []
  for (const line of source.split('\n')) {
    if (!line.startsWith('//')) break
    if (!/^\/\/\s*needs:/.test(line)) lines.push(line.replace(/^\/\/ ?/, ''))
  }
  return lines.join('\n')
}

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    const t = entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs
    if (t > newest) newest = t
  }
  return newest
}

/** Why the built renderer under `root/out/renderer` cannot be used as it is, or null. */
export function rendererBuildProblem(root: string): string | null {
  const built = join(root, 'out', 'renderer', 'kiosk.html')
  if (!existsSync(built)) return 'the renderer is not built yet'
  const sources = Math.max(newestMtime(join(root, 'renderer')), newestMtime(join(root, 'common')))
  return sources > statSync(built).mtimeMs ? 'the renderer build is older than its sources' : null
}

const builders: Record<string, { problem: (root: string) => string | null; command: string[] }> = {
  renderer: {
    problem: rendererBuildProblem,
    command: ['npm', 'run', '--silent', 'build:renderer'],
  },
}

/**
 * Builds what `needs` names when it is missing or stale. Returns an error line for the person
 * running the benchmark, or null when everything is in place.
 */
export function ensurePrerequisites(root: string, needs: string[]): string | null {
  for (const need of needs) {
    const builder = builders[need]
    if (!builder) return `unknown prerequisite '${need}' in the benchmark's header`
    const problem = builder.problem(root)
    if (!problem) continue
    const shown = builder.command.filter((a) => a !== '--silent').join(' ')
    console.error(`${problem}: running ${shown}`)
    const run = spawnSync(builder.command[0]!, builder.command.slice(1), {
      cwd: root,
      stdio: 'inherit',
    })
    if (run.status !== 0) return `${shown} failed; fix the build, then run the benchmark again`
  }
  return null
}
