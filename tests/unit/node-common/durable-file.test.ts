import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { writeFileDurably } from '../../../node-common/durable-file'

describe('durable file replacement', () => {
  const dir = mkdtempSync(join(tmpdir(), 'durable-file-'))
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('replaces the file whole, leaves no temporary file, and keeps a private file 0600', async () => {
    const path = join(dir, 'keys', 'wrapped.key')
    await writeFileDurably(path, 'first', { private: true })
    await writeFileDurably(path, Buffer.from('second'), { private: true })
    expect(readFileSync(path, 'utf8')).toBe('second')
    expect(readdirSync(join(dir, 'keys'))).toEqual(['wrapped.key'])
    expect(statSync(path).mode & 0o077).toBe(0)
    expect(statSync(join(dir, 'keys')).mode & 0o777).toBe(0o700)
  })
})
