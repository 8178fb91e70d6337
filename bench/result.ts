import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** A figure to one decimal, as the benchmarks record them. */
export const round1 = (x: number): number => Math.round(x * 10) / 10

/** Prints a benchmark's figures and writes them, with the machine, to bench/results/NAME.json. */
export function writeResult(name: string, figures: Record<string, unknown>): void {
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'results')
  mkdirSync(dir, { recursive: true })
  const record = {
    name,
    at: new Date().toISOString(),
    machine: {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      memGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    figures,
  }
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(record, null, 2) + '\n')
  console.log(JSON.stringify(record, null, 2))
}
