// CPU time by kind of process over a phase of a benchmark, read from /proc: on a machine with
// two cores the nodes, nginx, Redis, PostgreSQL and the benchmark's own clients share them, and
// a latency figure means little without knowing who used the cores meanwhile.
import { readdirSync, readFileSync } from 'node:fs'
import { round1 } from '../result'

const TICKS_PER_SECOND = 100 // USER_HZ on Linux

type Snapshot = Map<number, { kind: string; ticks: number }>

function kindOf(cmdline: string): string {
  if (cmdline.includes('signaling-server/src/cli.ts'))
    return `centre ${/--node (\S+)/.exec(cmdline)?.[1] ?? 'node'}`
  if (cmdline.includes('nginx')) return 'nginx'
  if (cmdline.includes('redis-server')) return 'redis'
  if (cmdline.startsWith('postgres')) return 'postgresql'
  if (cmdline.includes('bench/run.ts') || cmdline.includes('bench/signaling')) return 'benchmark'
  // Kernel threads (softirq work of loopback TCP among them) have no command line.
  return cmdline.trim() ? 'other processes' : 'kernel threads'
}

function snapshot(): Snapshot {
  const out: Snapshot = new Map()
  for (const name of readdirSync('/proc')) {
    const pid = Number(name)
    if (!Number.isInteger(pid)) continue
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ')
      const env = cmdline.includes('node') ? readFileSync(`/proc/${pid}/environ`, 'utf8') : ''
      const worker = /(?:^|\0)SIGNALING_BENCH_WORKER=(\w+)/.exec(env)?.[1]
      const kind = worker ? `benchmark ${worker}` : kindOf(cmdline)
      // Fields 14 and 15 (utime, stime) follow the command name in parentheses.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      out.set(pid, { kind, ticks: Number(f[11]) + Number(f[12]) })
    } catch {
      // The process ended while being read.
    }
  }
  return out
}

/** Starts counting; the returned function gives CPU seconds by kind since then. */
export function countProcessCpu(): () => Record<string, number> {
  const before = snapshot()
  const t0 = performance.now()
  return () => {
    const after = snapshot()
    const seconds: Record<string, number> = {}
    for (const [pid, a] of after) {
      const b = before.get(pid)?.ticks ?? 0
      seconds[a.kind] = (seconds[a.kind] ?? 0) + (a.ticks - b) / TICKS_PER_SECOND
    }
    const wall = (performance.now() - t0) / 1000
    const rounded = Object.fromEntries(
      Object.entries(seconds)
        .sort((x, y) => y[1] - x[1])
        .map(([k, v]) => [k, round1(v)]),
    )
    return { ...rounded, wallSeconds: round1(wall) }
  }
}
