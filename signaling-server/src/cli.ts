import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { createApplication } from './app'
import { createLogger } from './logger'

/** `npm run server -- [--port N] [--host H] [--renderer DIR]` */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '8443' },
    host: { type: 'string', default: process.env.HOST ?? '127.0.0.1' },
    renderer: { type: 'string', default: 'out/renderer' },
  },
})

const log = createLogger()
const pkg = JSON.parse(readFileSync(resolve('package.json'), 'utf8')) as { version: string }
const app = createApplication({ log, version: pkg.version, rendererDir: resolve(values.renderer) })
const { url } = await app.listen(Number(values.port), values.host)
process.stdout.write(`SERVER_URL=${url}\nCLERK_URL=${url}/clerk.html\n`)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void app.close().then(() => process.exit(0)))
}
