/**
 * A kiosk main process in miniature, for the SIGKILL test: `submit` stores one application and
 * prints STORED (then keeps sending until killed); `drain` resumes the outbox and prints
 * CONFIRMED once everything is confirmed.
 */
import { readFileSync } from 'node:fs'
import {
  Outbox,
  createHttpSender,
  machineKeyFileProvider,
} from '../../../../../../electron/services/outbox'
import { silentLogger } from '../../../../../../node-common/logger'

const [mode, dbPath, keyPath, serverUrl, appFile] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string?,
]

const outbox = await Outbox.open({
  dbPath,
  keyProvider: machineKeyFileProvider(keyPath),
  sender: createHttpSender({
    serverUrl,
    credential: async () => 'terminal-secret-token',
    timeoutMs: 20_000,
  }),
  log: silentLogger(),
  backoff: { baseMs: 200, maxMs: 1000 },
})
outbox.start()

if (mode === 'submit') {
  const app = JSON.parse(readFileSync(appFile as string, 'utf8'))
  const status = await outbox.submit(app)
  process.stdout.write(`STORED ${status.applicationId} ${status.state}\n`)
  setInterval(() => {}, 1000)
} else {
  const done = () => outbox.list().every((s) => s.state === 'confirmed')
  const finish = async () => {
    const cases = outbox
      .list()
      .map((s) => s.caseNumber)
      .join(',')
    await outbox.close()
    process.stdout.write(`CONFIRMED ${cases}\n`)
    process.exit(0)
  }
  if (done()) await finish()
  outbox.onChange(() => {
    if (done()) void finish()
  })
}
