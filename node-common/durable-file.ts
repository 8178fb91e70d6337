import { mkdir, open, rename } from 'node:fs/promises'
import { dirname } from 'node:path'

/**
 * Replaces `path` with `data` so that a crash or power cut leaves either the old or the new
 * file, never a torn one: written to a temporary file, fsynced, renamed over, and the folder
 * fsynced so the rename itself is durable. `private` makes file 0600 and a new folder 0700.
 */
export async function writeFileDurably(
  path: string,
  data: string | Buffer,
  opts: { private?: boolean } = {},
): Promise<void> {
  await mkdir(dirname(path), { recursive: true, ...(opts.private ? { mode: 0o700 } : {}) })
  // The pid keeps two processes writing the same file from sharing one temporary file.
  const tmp = `${path}.${process.pid}.tmp`
  const fh = await open(tmp, 'w', opts.private ? 0o600 : 0o666)
  try {
    await fh.writeFile(data)
    await fh.sync()
  } finally {
    await fh.close()
  }
  await rename(tmp, path)
  const dir = await open(dirname(path), 'r')
  try {
    await dir.sync()
  } finally {
    await dir.close()
  }
}
