import { randomBytes } from 'node:crypto'
import {
  closeSync,
  constants,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  writeSync,
} from 'node:fs'
import { dirname } from 'node:path'

/** A key file that is unsafe (readable by others, another owner) or does not hold a key. */
export class KeyFileError extends Error {
  override name = 'KeyFileError'
}

export interface KeyFileOptions {
  /** Create the file (with a fresh random key) when it does not exist; otherwise ENOENT. */
  create: boolean
  /** The error to throw, so each caller keeps its own error type. Default KeyFileError. */
  fail?: (message: string) => Error
}

/**
 * A 32-byte key kept as base64 in a file only its owner can read (0600), for the centre's data
 * key and for kiosks / the device host without a keyring. Created on first use (O_EXCL, file and
 * folder fsynced, so the key survives a power cut and two processes starting together cannot
 * disagree on it); refuses a file that group or others can read: a readable key is a leaked key.
 */
export function loadOrCreateKeyFile(path: string, opts: KeyFileOptions): Buffer {
  const fail = opts.fail ?? ((message: string) => new KeyFileError(message))
  let info
  try {
    info = statSync(path)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || !opts.create) throw e
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
    createKeyFile(path, fail)
    info = statSync(path)
  }
  if (process.platform !== 'win32') {
    if ((info.mode & 0o077) !== 0) {
      throw fail(
        `密钥文件权限过宽 / key file ${path} is accessible to others (mode ${(info.mode & 0o777).toString(8)}); it must be 0600 (chmod 600)`,
      )
    }
    if (typeof process.getuid === 'function' && info.uid !== process.getuid()) {
      throw fail(`key file ${path} belongs to another user`)
    }
  }
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64')
  if (key.length !== 32) throw fail(`key file ${path} does not hold a 32-byte key (base64)`)
  return key
}

function createKeyFile(path: string, fail: (message: string) => Error): void {
  let fd: number
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600)
  } catch (e) {
    // Another process created it first: use theirs.
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return
    throw e
  }
  try {
    writeSync(fd, `${randomBytes(32).toString('base64')}\n`)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  // The new directory entry must be durable too, or a power cut can lose the whole file.
  const dirFd = openSync(dirname(path), 'r')
  try {
    fsyncSync(dirFd)
  } finally {
    closeSync(dirFd)
  }
  // umask cannot widen 0600, but make sure in case the file system ignored the mode.
  if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0)
    throw fail(`cannot restrict ${path}`)
}
