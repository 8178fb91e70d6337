import { readFileSync, rmSync } from 'node:fs'
import { z } from 'zod'
import { writeFileDurably } from '../../../node-common/durable-file'

/**
 * The note an install leaves for the next start (`{from, to}` versions): the kiosk then knows
 * whether the new version is what started, or the old one still runs (the install did not take).
 */
const Note = z.strictObject({ from: z.string().max(40), to: z.string().max(40) })
export type InstallNote = z.infer<typeof Note>

export function fileInstallNote(path: string) {
  return {
    read(): InstallNote | null {
      try {
        const parsed = Note.safeParse(JSON.parse(readFileSync(path, 'utf8')))
        return parsed.success ? parsed.data : null
      } catch {
        return null
      }
    },
    async write(note: InstallNote | null): Promise<void> {
      if (note) await writeFileDurably(path, JSON.stringify(note), { private: true })
      else rmSync(path, { force: true })
    },
  }
}
