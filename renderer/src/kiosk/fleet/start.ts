import type { SelfTestResult } from '../../../../common/fleet/self-test'
import { bridge } from '../../platform/bridge'
import { terminalLink } from '../../video/kiosk/terminal-link'
import { commandHandlers } from './command-handlers'
import { CommandRunner } from './command-runner'
import { kioskIdle, onKioskIdle } from './idle'

/** How long the kiosk waits to listen again after no token or a refused handshake. */
const RETRY_MS = 60_000

/**
 * Takes the fleet console's remote commands over the kiosk's one socket for the life of the
 * page (docs/fleet.md); like the health reports, tried again a minute later when the socket
 * cannot be opened or its handshake is refused. Without a bridge there is nothing to run.
 */
export function startRemoteCommands(opts: { runSelfTest: () => Promise<SelfTestResult> }): void {
  const b = bridge()
  if (!b) return
  const runner = new CommandRunner({
    handlers: commandHandlers({
      bridge: b,
      runSelfTest: opts.runSelfTest,
      reload: () => window.location.reload(),
    }),
    isIdle: kioskIdle,
    onIdle: onKioskIdle,
    now: () => Date.now(),
  })
  const listen = (): void => {
    const retry = () => setTimeout(listen, RETRY_MS)
    terminalLink().then((client) => {
      const detach = runner.attach(client)
      if (client.link === 'refused') {
        detach()
        return void retry()
      }
      const off = client.onLink((link) => {
        if (link !== 'refused') return
        off()
        detach()
        retry()
      })
    }, retry)
  }
  listen()
}
