// `npm run bench -- NAME [args]`: runs bench/NAME.ts, which prints its figures and writes
// bench/results/NAME.json through `writeResult`.
import { readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const available = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && !['run.ts', 'result.ts'].includes(f))
  .map((f) => f.slice(0, -3))
const name = process.argv[2]
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <${available.join('|')}> [options]`)
  process.exit(2)
}
process.argv.splice(2, 1)
await import(pathToFileURL(join(here, `${name}.ts`)).href)
