import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * One temp folder for a whole test run, removed when the run ends: the tests make hundreds of
 * temp folders (centres' SQLite files, kiosks' data dirs, PostgreSQL clusters, browser
 * profiles) and not every one can clean up after itself (a killed process, a failed test).
 * `os.tmpdir()` reads $TMPDIR, and the runners' workers inherit the environment the global
 * setup leaves, so every `mkdtemp(tmpdir())` of the run lands inside. Readable by all (0755),
 * so the `postgres` user reaches its own cluster folder inside.
 */
export function useRunTempRoot(prefix: string): () => void {
  const root = mkdtempSync(join(tmpdir(), prefix))
  chmodSync(root, 0o755)
  const before = process.env.TMPDIR
  process.env.TMPDIR = root
  return () => {
    if (before === undefined) delete process.env.TMPDIR
    else process.env.TMPDIR = before
    rmSync(root, { recursive: true, force: true, maxRetries: 3 })
  }
}
