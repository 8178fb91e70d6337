// Debian's coturn (the TURN server the centre's deployment runs) for tests: started on
// loopback with TURN REST credentials, for the integration and the e2e video tests alike.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './free-port'

/** Whether the coturn package (server and its test client) is installed. */
export const haveCoturn =
  existsSync('/usr/bin/turnserver') && existsSync('/usr/bin/turnutils_uclient')

export interface Coturn {
  port: number
  secret: string
  stop(): void
}

/**
 * Debian's coturn on loopback with TURN REST credentials (use-auth-secret). Loopback peers are
 * allowed for the test only; a real deployment keeps them denied.
 */
export async function startCoturn(
  secret = 'e2e-static-auth-secret',
  fixedPort?: number,
): Promise<Coturn> {
  const port = fixedPort ?? (await freePort())
  const dir = mkdtempSync(join(tmpdir(), 'coturn-'))
  const minPort = 50_000 + Math.floor(Math.random() * 100) * 50
  const proc = spawn(
    '/usr/bin/turnserver',
    [
      '-n',
      '--listening-ip=127.0.0.1',
      '--relay-ip=127.0.0.1',
      `--listening-port=${port}`,
      `--min-port=${minPort}`,
      `--max-port=${minPort + 49}`,
      '--use-auth-secret',
      `--static-auth-secret=${secret}`,
      '--realm=village.test',
      '--allow-loopback-peers',
      '--no-cli',
      '--no-tls',
      '--no-dtls',
      `--pidfile=${join(dir, 'pid')}`,
      `--userdb=${join(dir, 'db')}`,
      '--log-file=stdout',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  // Ready once it logs that it listens on our port (or after 3 s at most).
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 3_000)
    proc.stdout?.on('data', (b: Buffer) => {
      if (b.toString().includes('Total General servers')) {
        clearTimeout(timer)
        resolve()
      }
    })
  })
  return {
    port,
    secret,
    stop() {
      if (proc.pid && proc.exitCode === null) process.kill(proc.pid, 'SIGKILL')
    },
  }
}
