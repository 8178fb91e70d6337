import { createHash } from 'node:crypto'
import { createReadStream, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { ReleaseVersion } from '../../../common/fleet/rollout'

/*
 * The update folder the operator fills (docs/deployment.md, "Kiosk updates"): one sub-folder per
 * version, named as the version, holding what `npm run dist` left in dist/ for it (the AppImage,
 * the deb, the Windows installer). The centre writes the channel files electron-updater's generic
 * provider reads (`latest-linux.yml`, `latest-linux-arm64.yml`, `latest.yml`) itself, with each
 * file's SHA-512 and size, so nothing but the artefacts needs copying. They are JSON, which is
 * YAML too.
 */

export const CHANNEL_FILES = ['latest-linux.yml', 'latest-linux-arm64.yml', 'latest.yml'] as const
export type ChannelFile = (typeof CHANNEL_FILES)[number]

/** electron-updater's UpdateInfo, as much of it as the generic provider needs. */
export interface UpdateInfo {
  version: string
  files: { url: string; sha512: string; size: number }[]
  path: string
  sha512: string
  releaseDate: string
}

const ARM = /arm64|aarch64/i
/** Which artefacts each channel file lists (electron-updater picks one by its extension). */
function belongs(channel: ChannelFile, name: string): boolean {
  if (channel === 'latest.yml') return name.endsWith('.exe')
  if (!name.endsWith('.AppImage') && !name.endsWith('.deb')) return false
  return channel === 'latest-linux-arm64.yml' ? ARM.test(name) : !ARM.test(name)
}

/** electron-builder's names, e.g. `VillageKiosk Setup 1.3.0.exe` (a space, never a slash). */
export const ARTEFACT_NAME = /^[A-Za-z0-9._+ -]{1,200}$/

export interface ReleaseFolder {
  /** The versions the folder holds, newest first by modification time of their folder. */
  versions(): string[]
  has(version: string): boolean
  /** The channel file for `version`, or null when it holds no artefact for that platform. */
  channel(version: string, channel: ChannelFile): Promise<UpdateInfo | null>
  /** The artefact's path, if the version has a file of that name that a channel file lists. */
  artefact(version: string, name: string): string | null
}

function sha512Of(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha512')
    createReadStream(path)
      .on('data', (chunk) => h.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(h.digest('base64')))
  })
}

/** A folder that may not exist (no updates configured): it then holds no version. */
export function openReleaseFolder(dir: string | undefined): ReleaseFolder {
  // Hashing an installer takes a moment: once per file, again only if it changed.
  const hashes = new Map<string, { size: number; mtimeMs: number; sha512: Promise<string> }>()
  const list = (path: string): string[] => {
    try {
      return readdirSync(path)
    } catch {
      return []
    }
  }
  const isVersion = (name: string) => ReleaseVersion.safeParse(name).success
  const has = (version: string) => {
    if (!dir || !isVersion(version)) return false
    try {
      return statSync(join(dir, version)).isDirectory()
    } catch {
      return false
    }
  }
  const artefacts = (version: string) =>
    has(version) ? list(join(dir!, version)).filter((n) => ARTEFACT_NAME.test(n)) : []

  async function hashed(path: string): Promise<{ sha512: string; size: number; mtime: Date }> {
    const st = statSync(path)
    let h = hashes.get(path)
    if (!h || h.size !== st.size || h.mtimeMs !== st.mtimeMs) {
      h = { size: st.size, mtimeMs: st.mtimeMs, sha512: sha512Of(path) }
      hashes.set(path, h)
    }
    return { sha512: await h.sha512, size: st.size, mtime: st.mtime }
  }

  return {
    versions: () =>
      dir
        ? list(dir)
            .filter(has)
            .map((v) => ({ v, at: statSync(join(dir, v)).mtimeMs }))
            .sort((a, b) => b.at - a.at || b.v.localeCompare(a.v))
            .map((x) => x.v)
        : [],
    has,
    async channel(version, channel) {
      const names = artefacts(version).filter((n) => belongs(channel, n))
      if (names.length === 0) return null
      // AppImage first: the fixed-name AppImage is the target that updates itself (deployment.md).
      names.sort((a, b) => Number(b.endsWith('.AppImage')) - Number(a.endsWith('.AppImage')))
      const files = await Promise.all(
        names.map(async (n) => {
          const h = await hashed(join(dir!, version, n))
          return { name: n, ...h }
        }),
      )
      const first = files[0]!
      return {
        version,
        // Relative to the feed URL: the download asks for this very version's file.
        files: files.map((f) => ({
          url: `v/${version}/${encodeURIComponent(f.name)}`,
          sha512: f.sha512,
          size: f.size,
        })),
        path: `v/${version}/${encodeURIComponent(first.name)}`,
        sha512: first.sha512,
        releaseDate: first.mtime.toISOString(),
      }
    },
    artefact(version, name) {
      if (!ARTEFACT_NAME.test(name) || !CHANNEL_FILES.some((c) => belongs(c, name))) return null
      return artefacts(version).includes(name) ? join(dir!, version, name) : null
    },
  }
}
