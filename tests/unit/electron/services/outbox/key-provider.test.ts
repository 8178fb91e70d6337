import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../../../../node-common/logger'
import {
  Outbox,
  UnsafeKeyStorageError,
  fileWrappedKeyStore,
  machineKeyFileProvider,
  safeStorageKeyProvider,
  type SafeStorageLike,
} from '../../../../../electron/services/outbox'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'outbox-key-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** Behaves like Electron's safeStorage: a reversible transform the test can tell apart. */
function fakeSafeStorage(backend: string, available = true): SafeStorageLike {
  return {
    isEncryptionAvailable: () => available,
    encryptString: (s) => Buffer.from(`v11${Buffer.from(s).reverse().toString('hex')}`),
    decryptString: (b) => Buffer.from(b.toString().slice(3), 'hex').reverse().toString(),
    getSelectedStorageBackend: () => backend,
  }
}

const noSend = { send: async () => ({ kind: 'retry' as const, reason: 'offline' }) }

describe('outbox key providers', () => {
  it('refuses to open the outbox on a basic_text (plaintext) keyring, before writing anything', async () => {
    const dbPath = join(dir, 'outbox.db')
    const provider = safeStorageKeyProvider(
      fakeSafeStorage('basic_text'),
      fileWrappedKeyStore(join(dir, 'outbox.key.enc')),
      'linux',
    )
    await expect(
      Outbox.open({ dbPath, keyProvider: provider, sender: noSend, log: silentLogger() }),
    ).rejects.toBeInstanceOf(UnsafeKeyStorageError)
    expect(existsSync(dbPath)).toBe(false)
    expect(existsSync(join(dir, 'outbox.key.enc'))).toBe(false)
  })

  it('refuses when safeStorage says encryption is unavailable', async () => {
    const provider = safeStorageKeyProvider(
      fakeSafeStorage('gnome_libsecret', false),
      fileWrappedKeyStore(join(dir, 'k')),
      'linux',
    )
    await expect(provider.getKey()).rejects.toBeInstanceOf(UnsafeKeyStorageError)
  })

  it('keeps the data key wrapped by a real keyring and returns the same key next time', async () => {
    const wrappedPath = join(dir, 'outbox.key.enc')
    const make = () =>
      safeStorageKeyProvider(
        fakeSafeStorage('gnome_libsecret'),
        fileWrappedKeyStore(wrappedPath),
        'linux',
      )
    const key = await make().getKey()
    expect(key).toHaveLength(32)
    expect(readFileSync(wrappedPath).includes(Buffer.from(key.toString('base64')))).toBe(false)
    expect(await make().getKey()).toEqual(key)
    expect(statSync(wrappedPath).mode & 0o077).toBe(0)
  })

  it('creates a 0600 machine key file, reuses it, and refuses it once others can read it', async () => {
    const path = join(dir, 'keys', 'outbox.key')
    const key = await machineKeyFileProvider(path).getKey()
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(await machineKeyFileProvider(path).getKey()).toEqual(key)
    chmodSync(path, 0o644)
    await expect(machineKeyFileProvider(path).getKey()).rejects.toBeInstanceOf(
      UnsafeKeyStorageError,
    )
  })

  it('cannot read the outbox with another key', async () => {
    const dbPath = join(dir, 'outbox.db')
    const { makeApplication } = await import('../../../../support/applications')
    const a = await Outbox.open({
      dbPath,
      keyProvider: machineKeyFileProvider(join(dir, 'a.key')),
      sender: noSend,
      log: silentLogger(),
    })
    const app = makeApplication()
    await a.submit(app)
    await a.close()
    const seen: unknown[] = []
    const b = await Outbox.open({
      dbPath,
      keyProvider: machineKeyFileProvider(join(dir, 'b.key')),
      sender: { send: async (x) => (seen.push(x), { kind: 'retry', reason: 'x' }) },
      log: silentLogger(),
    })
    b.start()
    await new Promise((r) => setTimeout(r, 50))
    expect(seen).toHaveLength(0)
    expect(b.status(app.id)?.state).toBe('failed')
    await b.close()
  })
})
