import { bridge } from '../../platform/bridge'
import { HealthReporter } from './health-reporter'
import { terminalLink } from './terminal-link'

/** How long the kiosk waits to open its socket again after no token or a refused handshake. */
const RETRY_MS = 60_000

/**
 * Opens the kiosk's socket and reports its health over it for the life of the page
 * (docs/fleet.md). No token yet (the centre unreachable at start, not enrolled) or a refused
 * handshake (revoked): tried again a minute later. Without a bridge (a browser preview) there
 * is nothing to report.
 */
export function startHealthReports(): void {
  const b = bridge()
  if (!b) return
  const retry = () => setTimeout(startHealthReports, RETRY_MS)
  terminalLink().then((client) => {
    const reporter = new HealthReporter({
      client,
      snapshot: () => b.request('health:snapshot', undefined),
      onChange: (fn) => b.subscribe('health:changed', fn),
      now: () => Date.now(),
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (t) => clearTimeout(t as ReturnType<typeof setTimeout>),
    })
    const off = client.onLink((link) => {
      if (link !== 'refused') return
      off()
      reporter.stop()
      retry()
    })
    reporter.start()
    if (client.link === 'refused') {
      off()
      reporter.stop()
      retry()
    }
  }, retry)
}
