import { readTerminalCredential } from '../terminal-identity'

/**
 * The bearer token for the centre's HTTP API, `<terminalId>:<credential>`, read from the
 * enrolment file on each call (NOT_ENROLLED when there is none yet).
 */
export function terminalBearer(credentialFile: string): () => Promise<string> {
  return async () => {
    const { terminalId, credential } = await readTerminalCredential(credentialFile)
    return `${terminalId}:${credential}`
  }
}
