import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { BridgeError } from '../../common/bridge/errors'
import { writeFileDurably } from '../../node-common/durable-file'

/**
 * What enrolment leaves on the terminal: written by the kiosk's own enrolment screen (technician
 * mode), by provisioning, or by the demo server.
 */
export const TerminalCredentialFile = z.object({
  terminalId: z.string().min(1).max(64),
  credential: z.string().min(16).max(200),
  hall: z.string().max(100).optional(),
  terminalName: z.string().max(100).optional(),
  /** The centre that issued it (the address the technician entered); else the configured one. */
  serverUrl: z.string().url().optional(),
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
  let json: unknown
  try {
    json = JSON.parse(raw)
  } catch {
    throw new BridgeError('NOT_ENROLLED', 'the terminal credential file is malformed')
  }
  const parsed = TerminalCredentialFile.safeParse(json)
  if (!parsed.success)
    throw new BridgeError('NOT_ENROLLED', 'the terminal credential file is malformed')
  return parsed.data
}

/**
 * Who this terminal is, for the parts that need it synchronously (the centre's address for every
 * request, the hall on the screen): the credential file as last read, else the configuration.
 * The credential itself is still read from the file on each request (`terminalBearer`).
 */
export class TerminalIdentity {
  private constructor(
    readonly file: string,
    private readonly configured: { serverUrl: string; hallName: string; terminalName: string },
    private current: TerminalCredentialFile | null,
  ) {}

  static async open(
    file: string,
    configured: { serverUrl: string; hallName: string; terminalName: string },
  ): Promise<TerminalIdentity> {
    const id = new TerminalIdentity(file, configured, null)
    await id.refresh()
    return id
  }

  /** Reads the file again (provisioning may have written it while the kiosk ran). */
  async refresh(): Promise<TerminalCredentialFile | null> {
    try {
      this.current = await readTerminalCredential(this.file)
    } catch {
      this.current = null
    }
    return this.current
  }

  get enrolled(): boolean {
    return this.current !== null
  }
  get terminalId(): string | null {
    return this.current?.terminalId ?? null
  }
  /** The centre this terminal talks to. */
  serverUrl(): string {
    return this.current?.serverUrl ?? this.configured.serverUrl
  }
  hallName(): string {
    return this.current?.hall || this.configured.hallName
  }
  terminalName(): string {
    return this.current?.terminalName || this.configured.terminalName
  }

  /**
   * Keeps a new credential the way the device host keeps the outbox key: a file only the kiosk's
   * user can read (0600, folder 0700), written to a temporary file, fsynced and renamed over, so
   * a power cut leaves the old credential or the new one, never half of one.
   */
  async save(credential: TerminalCredentialFile): Promise<void> {
    const parsed = TerminalCredentialFile.parse(credential)
    await writeFileDurably(this.file, JSON.stringify(parsed), { private: true })
    this.current = parsed
  }
}
