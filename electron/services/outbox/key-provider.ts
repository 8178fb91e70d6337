import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { writeFileDurably } from '../../../node-common/durable-file'
import { loadOrCreateKeyFile } from '../../../node-common/key-file'

/** Supplies the 32-byte data key that encrypts the outbox at rest. */
export interface KeyProvider {
  /** Human-readable name of where the key lives, for the health screen and logs. */
  readonly description: string
  getKey(): Promise<Buffer>
}

/** Thrown when the key cannot be held safely; the outbox must not start on plaintext storage. */
export class UnsafeKeyStorageError extends Error {
  override name = 'UnsafeKeyStorageError'
}

/** The part of Electron's `safeStorage` this module uses, so it is testable without Electron. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean
  encryptString(plainText: string): Buffer
  decryptString(encrypted: Buffer): string
  /** Linux only; 'basic_text' means a hard-coded key, i.e. no protection. */
  getSelectedStorageBackend?(): string
}

/** Where the safeStorage-wrapped data key is kept (a file under userData in production). */
export interface WrappedKeyStore {
  read(): Promise<Buffer | null>
  write(wrapped: Buffer): Promise<void>
}

/**
 * The data key, wrapped by Electron safeStorage (DPAPI, Keychain, or libsecret/kwallet on Linux).
 * Refuses to run when safeStorage would store it in plaintext: on Linux without a keyring
 * Chromium falls back to 'basic_text', a key compiled into the binary.
 */
export function safeStorageKeyProvider(
  safeStorage: SafeStorageLike,
  store: WrappedKeyStore,
  platform: NodeJS.Platform = process.platform,
): KeyProvider {
  const backend = safeStorage.getSelectedStorageBackend?.()
  return {
    description: `safeStorage${backend ? ` (${backend})` : ''}`,
    async getKey() {
      if (platform === 'linux') {
        if (!safeStorage.getSelectedStorageBackend) {
          throw new UnsafeKeyStorageError('safeStorage backend cannot be checked on Linux')
        }
        const selected = safeStorage.getSelectedStorageBackend()
        if (selected === 'basic_text' || selected === 'unknown') {
          throw new UnsafeKeyStorageError(
            `安全存储不可用（${selected}），拒绝以明文保存申请数据 / safeStorage backend is '${selected}': refusing to keep application data with a plaintext key`,
          )
        }
      }
      if (!safeStorage.isEncryptionAvailable()) {
        throw new UnsafeKeyStorageError('safeStorage encryption is not available')
      }
      const wrapped = await store.read()
      if (wrapped) {
        const key = Buffer.from(safeStorage.decryptString(wrapped), 'base64')
        if (key.length !== 32) throw new Error('the stored outbox key is damaged')
        return key
      }
      const key = randomBytes(32)
      await store.write(safeStorage.encryptString(key.toString('base64')))
      return key
    },
  }
}

/** A WrappedKeyStore in a file, written atomically and fsynced. */
export function fileWrappedKeyStore(path: string): WrappedKeyStore {
  return {
    async read() {
      try {
        return await readFile(path)
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
        throw e
      }
    },
    async write(wrapped) {
      await writeFileDurably(path, wrapped, { private: true })
    },
  }
}

/**
 * A machine key in a file readable by the service user only (0600), for the device host and
 * terminals without a keyring (node-common/key-file.ts). Created on first use; refuses a key
 * file others can read.
 */
export function machineKeyFileProvider(path: string): KeyProvider {
  return {
    description: `key file ${path}`,
    async getKey() {
      return loadOrCreateKeyFile(path, {
        create: true,
        fail: (message) => new UnsafeKeyStorageError(message),
      })
    },
  }
}
