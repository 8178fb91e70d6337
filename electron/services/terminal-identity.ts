import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { BridgeError } from '../../common/bridge/errors'

/** What enrolment leaves on the terminal (written by provisioning, or by the demo server). */
export const TerminalCredentialFile = z.object({
  terminalId: z.string().min(1).max(64),
  credential: z.string().min(16).max(200),
  hall: z.string().max(100).optional(),
  terminalName: z.string().max(100).optional(),
})
export type TerminalCredentialFile = z.infer<typeof TerminalCredentialFile>

/**
 * Reads the terminal's credential when it is needed rather than at start, so a terminal that is
 * enrolled while running picks it up without a restart.
 */
export async function readTerminalCredential(path: string): Promise<TerminalCredentialFile> {
  let raw: string
  try {
    raw = await readFile(path, 'utf8')
  } catch {
    throw new BridgeError('NOT_ENROLLED', 'this terminal has no credential yet')
  }
  const parsed = TerminalCredentialFile.safeParse(JSON.parse(raw))
  if (!parsed.success)
    throw new BridgeError('NOT_ENROLLED', 'the terminal credential file is malformed')
  return parsed.data
}
