// The centre's node processes for the local cluster (`npm run cluster`) and its tests: each one
// `npm run server -- --postgres URL --redis URL --node NAME`, started and killed on demand.
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { atExit } from '../../tests/support/exit-hooks'

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
  /** What it printed so far (stdout and stderr; the last 16 M characters). */
  output(): string
  /** Exit code (null after a signal), once it has exited. */
  exited: Promise<number | null>
  kill(signal?: NodeJS.Signals): Promise<void>
  /** Starts the same node again (same name and port); resolves when it listens. */
  restart(): Promise<void>
}

/** A data key the local cluster's nodes share (so each can read what another wrote). */
export const LOCAL_DATA_KEY = Buffer.alloc(32, 11).toString('base64')

/** The most of a node's output kept (characters), the newest. */
const MAX_OUTPUT = 16 * 1024 * 1024

export async function startNode(opts: NodeOptions): Promise<CentreNode> {
  let proc: ChildProcess
  // What the node printed, newest last, at most MAX_OUTPUT characters (a node logs every join:
  // a cluster left running would otherwise hold all of it).
  let chunks: string[] = []
  let size = 0
  const keep = (b: Buffer): string => {
    const s = b.toString()
    chunks.push(s)
    size += s.length
    while (size > MAX_OUTPUT && chunks.length > 1) size -= chunks.shift()!.length
    return s
  }
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
      // Only the output before it listens is searched: scanning all of it on every chunk cost
      // the benchmark a tenth of a core at 150 joins a second.
      let beforeListening: string | null = ''
      const onData = (b: Buffer) => {
        const s = keep(b)
        if (beforeListening === null) return
        beforeListening += s
        if (beforeListening.includes('SERVER_URL=')) {
          beforeListening = null
          resolve()
        }
      }
      p.stdout?.on('data', onData)
      p.stderr?.on('data', keep)
      void exited.then((code) =>
        reject(new Error(`node ${opts.name} exited ${code}:\n${chunks.join('')}`)),
      )
    })
  await launch()
  atExit(() => proc.kill('SIGKILL'))
  return {
    name: opts.name,
    port: opts.port,
    url: `http://127.0.0.1:${opts.port}`,
    output: () => chunks.join(''),
    get exited() {
      return exited
    },
    async kill(signal = 'SIGKILL') {
      if (proc.exitCode !== null || proc.signalCode !== null) return
      proc.kill(signal)
      await exited
    },
    async restart() {
      chunks = []
      size = 0
      await launch()
    },
  }
}
