import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { describe, expect, it } from 'vitest'
import { countProcessCpu } from '../../../bench/support/process-cpu'

/** Keeps a core busy for `ms` of this process's own CPU time (user and system). */
function burn(ms: number): void {
  const used = () => {
    const u = process.cpuUsage()
    return (u.user + u.system) / 1000
  }
  const end = used() + ms
  while (used() < end) for (let i = 0; i < 10_000; i++) Math.sqrt(i)
}

describe('CPU seconds by kind of process (bench/support/process-cpu)', () => {
  it("counts a benchmark's kiosk process's CPU apart from everything else, over the phase only", async () => {
    burn(200) // before the phase: not counted
    const phase = countProcessCpu()
    // A client process: told apart by its environment, as the benchmark forks them.
    const child = spawn(
      process.execPath,
      [
        '-e',
        `const used = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000 }
         const end = used() + 400
         while (used() < end) for (let i = 0; i < 10000; i++) Math.sqrt(i)
         console.log('done'); process.stdin.resume()`,
      ],
      {
        env: { ...process.env, SIGNALING_BENCH_WORKER: 'kiosks' },
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    )
    await once(child.stdout, 'data')
    burn(300)
    const figures = phase()
    child.stdin.end()
    await once(child, 'exit')
    expect(figures['benchmark kiosks']).toBeGreaterThanOrEqual(0.3)
    expect(figures['benchmark kiosks']).toBeLessThan(1)
    // This test's own process is none of the kinds the benchmark names.
    expect(figures['other processes']).toBeGreaterThanOrEqual(0.25)
    expect(figures.wallSeconds).toBeGreaterThanOrEqual(0.3)
  })
})
