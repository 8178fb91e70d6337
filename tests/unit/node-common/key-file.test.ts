import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { KeyFileError, loadOrCreateKeyFile } from '../../../node-common/key-file'
import {
  DataKeyError,
  loadOrCreateKeyFile as centreKeyFile,
} from '../../../signaling-server/src/applications/crypto'

describe('0600 key files (kiosk machine key and centre data key)', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'key-file-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('creates a 0600 key in a 0700 folder once and reads the same key back', () => {
    const path = join(dir, 'keys', 'data.key')
    const key = loadOrCreateKeyFile(path, { create: true })
    expect(key).toHaveLength(32)
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(statSync(join(dir, 'keys')).mode & 0o777).toBe(0o700)
    expect(readFileSync(path, 'utf8').trim()).toBe(key.toString('base64'))
    expect(loadOrCreateKeyFile(path, { create: true })).toEqual(key)
  })

  it('refuses a key file others can read, with the caller’s error type', () => {
    const path = join(dir, 'data.key')
    const key = centreKeyFile(path, true)
    chmodSync(path, 0o640)
    expect(() => centreKeyFile(path, true)).toThrow(DataKeyError)
    expect(() => loadOrCreateKeyFile(path, { create: false })).toThrow(KeyFileError)
    chmodSync(path, 0o600)
    expect(centreKeyFile(path, false)).toEqual(key)
  })

  it('does not create when asked not to, and refuses a file without a 32-byte key', () => {
    expect(() => centreKeyFile(join(dir, 'missing.key'), false)).toThrow(/ENOENT/)
    const short = join(dir, 'short.key')
    writeFileSync(short, Buffer.alloc(16).toString('base64'), { mode: 0o600 })
    expect(() => centreKeyFile(short, true)).toThrow(DataKeyError)
  })
})
