/**
 * A kiosk main process in miniature for the 补交 SIGKILL test: `submit` stores one supply from
 * a JSON file in the outbox and prints STORED (then keeps sending until killed); `drain` resumes
 * the outbox and prints CONFIRMED <status> once every supply is confirmed.
 */
import { readFileSync } from 'node:fs'
import {
  Outbox,
  createHttpSender,
  createHttpSupplySender,
  machineKeyFileProvider,
} from '../../../electron/services/outbox'
import { silentLogger } from '../../../node-common/logger'

const [mode, dbPath, keyPath, serverUrl, bearer, supplyFile] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
  string?,
]
const http = { serverUrl, credential: async () => bearer, timeoutMs: 20_000 }
const outbox = await Outbox.open({
  dbPath,
  keyProvider: machineKeyFileProvider(keyPath),
  sender: createHttpSender(http),
  supplySender: createHttpSupplySender(http),
  log: silentLogger(),
  backoff: { baseMs: 200, maxMs: 1000 },
})
outbox.start()

if (mode === 'submit') {
  const status = outbox.submitSupply(JSON.parse(readFileSync(supplyFile as string, 'utf8')))
  process.stdout.write(`STORED ${status.supplyId} ${status.state}\n`)
  setInterval(() => {}, 1000)
} else {
  const done = () => outbox.listSupplies().every((s) => s.state === 'confirmed')
  const finish = async () => {
    const after = outbox
      .listSupplies()
      .map((s) => s.statusAfter)
      .join(',')
    await outbox.close()
    process.stdout.write(`CONFIRMED ${after}\n`)
    process.exit(0)
  }
  if (done()) await finish()
  outbox.onSupplyChange(() => {
    if (done()) void finish()
  })
}
