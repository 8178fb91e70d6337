// Child process for applications-multiprocess.test.ts: opens the centre's applications store on
// a shared file and, at an agreed moment, inserts the shared application and some of its own.
import { readFileSync } from 'node:fs'
import type { Application } from '../../common/applications/schema'
import { sampleCatalog } from '../../common/catalog/sample'
import { createCases } from '../../signaling-server/src/applications/cases'
import { canonicalJson, deriveKeys, hmac } from '../../signaling-server/src/applications/crypto'
import { planCases } from '../../signaling-server/src/applications/plans'
import { openSqliteRecordsStore } from '../../signaling-server/src/applications/sqlite-store'

const [dbPath, keyB64, appsFile] = process.argv.slice(2) as [string, string, string]
const keys = deriveKeys(Buffer.from(keyB64, 'base64'))
const records = openSqliteRecordsStore(dbPath)
const store = createCases(records, keys)
const apps = JSON.parse(readFileSync(appsFile, 'utf8')) as Application[]
// Ready: wait for the parent's "go" (sent once every child is ready), so the processes overlap.
process.stderr.write('ready\n')
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()))
const results = []
for (const app of apps) {
  const r = await store.insertApplication({
    app,
    applicantKey: hmac(keys.idLookup, app.applicant.idNumber),
    fingerprint: hmac(keys.fingerprint, canonicalJson(app)),
    plans: planCases(sampleCatalog, app)!,
    progressUrl: (n) => `https://example.cn/p/${n}`,
    now: Date.now(),
  })
  results.push({
    id: app.id,
    kind: r.kind,
    caseNumber: r.kind === 'conflict' ? null : r.confirmation.caseNumber,
  })
}
await records.close()
process.stdout.write(JSON.stringify(results))
