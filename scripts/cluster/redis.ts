// Debian's redis-server on loopback, for the local cluster (`npm run cluster`) and its tests:
// no persistence (a restart loses everything, as the "Redis lost" case needs), its own port.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createConnection } from 'node:net'
import { atExit } from '../../tests/support/exit-hooks'

export const haveRedis = existsSync('/usr/bin/redis-server')

export interface RedisServer {
  port: number
  url: string
  /** Kills the server (SIGKILL): everything it held is gone. */
  kill(): Promise<void>
  /** Starts it again, empty, on the same port. */
  restart(): Promise<void>
  stop(): Promise<void>
}

function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const sock = createConnection({ port, host: '127.0.0.1' })
      sock.once('connect', () => {
        sock.destroy()
        resolve()
      })
      sock.once('error', () => {
        sock.destroy()
        if (Date.now() > deadline) reject(new Error(`nothing listens on port ${port}`))
        else setTimeout(attempt, 50)
      })
    }
    attempt()
  })
}
export { waitForPort }

export async function startRedis(port: number): Promise<RedisServer> {
  if (!haveRedis)
    throw new Error('redis-server is not installed: apt-get install redis-server (npm test does)')
  let proc: ChildProcess | null = null
  const start = async () => {
    proc = spawn(
      '/usr/bin/redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    )
    await waitForPort(port)
  }
  const kill = async () => {
    const p = proc
    proc = null
    if (!p || p.exitCode !== null) return
    const gone = new Promise((r) => p.once('exit', r))
    p.kill('SIGKILL')
    await gone
  }
  await start()
  atExit(() => proc?.kill('SIGKILL'))
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    kill,
    restart: start,
    stop: kill,
  }
}
