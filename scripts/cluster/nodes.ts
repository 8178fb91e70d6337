// The centre's node processes for the local cluster (`npm run cluster`) and its tests: each one
// `npm run server -- --postgres URL --redis URL --node NAME`, started and killed on demand.
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'

export interface NodeOptions {
  name: string
  port: number
  postgresUrl: string
  redisUrl: string
  /** The built clerk console (out/renderer). */
  renderer: string
  /** Where the shared files live: data key, results database, demo terminal. */
  dataDir: string
  demo?: boolean
  /** Extra `npm run server` options, e.g. `--offer-timeout 3`. */
  args?: string[]
  env?: Record<string, string>
}

export interface CentreNode {
  name: string
  port: number
  url: string
  /** What it printed so far (stdout and stderr). */
  output(): string
  /** Exit code (null after a signal), once it has exited. */
  exited: Promise<number | null>
  kill(signal?: NodeJS.Signals): Promise<void>
  /** Starts the same node again (same name and port); resolves when it listens. */
  restart(): Promise<void>
}

/** A data key the local cluster's nodes share (so each can read what another wrote). */
export const LOCAL_DATA_KEY = Buffer.alloc(32, 11).toString('base64')

export async function startNode(opts: NodeOptions): Promise<CentreNode> {
  let proc: ChildProcess
  let out = ''
  let exited!: Promise<number | null>
  const launch = () =>
    new Promise<void>((resolve, reject) => {
      proc = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          'signaling-server/src/cli.ts',
          'serve',
          '--postgres',
          opts.postgresUrl,
          '--postgres-pool',
          '4',
          '--redis',
          opts.redisUrl,
          '--node',
          opts.name,
          '--port',
          String(opts.port),
          '--renderer',
          opts.renderer,
          '--results-db',
          join(opts.dataDir, 'results.db'),
          ...(opts.demo
            ? ['--demo', '--demo-terminal-file', join(opts.dataDir, 'demo-terminal.json')]
            : []),
          ...(opts.args ?? []),
        ],
        {
          env: { ...process.env, SERVER_DATA_KEY: LOCAL_DATA_KEY, ...opts.env },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      )
      const p = proc
      exited = new Promise((r) => p.once('exit', (code) => r(code)))
      const onData = (b: Buffer) => {
        out += b.toString()
        if (out.includes('SERVER_URL=')) resolve()
      }
      p.stdout?.on('data', onData)
      p.stderr?.on('data', (b: Buffer) => (out += b.toString()))
      void exited.then((code) => reject(new Error(`node ${opts.name} exited ${code}:\n${out}`)))
    })
  await launch()
  process.once('exit', () => proc.kill('SIGKILL'))
  return {
    name: opts.name,
    port: opts.port,
    url: `http://127.0.0.1:${opts.port}`,
    output: () => out,
    get exited() {
      return exited
    },
    async kill(signal = 'SIGKILL') {
      if (proc.exitCode !== null || proc.signalCode !== null) return
      proc.kill(signal)
      await exited
    },
    async restart() {
      out = ''
      await launch()
    },
  }
}
