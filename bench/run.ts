// `npm run bench -- NAME [args]`: runs bench/NAME.ts, which prints its figures and writes
// bench/results/NAME.json through `writeResult`. `npm run bench -- NAME --help` prints the
// benchmark's header comment. A benchmark declares what it needs built (`// needs: renderer`),
// and this runner builds it first when it is missing or older than its sources.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { declaredNeeds, ensurePrerequisites, headerText } from './prerequisites'

const here = dirname(fileURLToPath(import.meta.url))
const available = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && !['run.ts', 'result.ts', 'prerequisites.ts'].includes(f))
  .map((f) => f.slice(0, -3))
  .sort()
const name = process.argv[2]
const usage = `usage: npm run bench -- <${available.join('|')}> [options]   (NAME --help: its options)`
if (name === '--help' || name === '-h') {
  console.log(usage)
  process.exit(0)
}
if (!name || !available.includes(name)) {
  console.error(name ? `unknown benchmark '${name}'; ${usage}` : usage)
  process.exit(2)
}
const file = join(here, `${name}.ts`)
const source = readFileSync(file, 'utf8')
if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(headerText(source))
  process.exit(0)
}
const problem = ensurePrerequisites(join(here, '..'), declaredNeeds(source))
if (problem) {
  console.error(problem)
  process.exit(2)
}
process.argv.splice(2, 1)
await import(pathToFileURL(file).href)
