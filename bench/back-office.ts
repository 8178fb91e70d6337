// `npm run bench -- back-office [--cases 200000] [--samples 200] [--rate 20] [--seconds 15]`
//
// The real centre in this process (SQLite files, default config, `composeCentre` as the tests
// use it) with N generated cases written straight into the applications database (one
// transaction of plain INSERTs: across every item of the sample catalog, 40 halls, every
// status, a year of submissions, their decisions and ratings). Over HTTP on 127.0.0.1 it then
// measures, as a clerk of one category:
//  - an inbox page (50 rows, sorted by the earliest clock; each of the 7 queues in turn) with
//    all queue counts, requested together as the console does: p50 / p95;
//  - a case view with 10 photographed pages: GET /cases/{n} and GET /applications/{id} (the
//    case view does not return the pages itself yet; the console reads them there): p50 / p95;
//  - submission → in the clerk's inbox at a steady rate: each POST /applications is timed from
//    its start until a poller (walking 待受理 filtered to today, back to back) first sees its
//    case. There is no push event in this tree, so this is "visible in the inbox API by
//    polling"; the figure includes up to one poll's duration.
// and, as a supervisor, the statistics by item, hall and clerk (p50 / p95).
// Writes bench/results/back-office.json. Needs nothing built.
import { randomBytes, randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import Database from 'libsql'
import pino from 'pino'
import { sampleCatalog } from '../common/catalog/sample'
import { openSqliteRecordsStore } from '../signaling-server/src/applications/sqlite-store'
import { createEnrolCode, createUser, redeemEnrolCode } from '../signaling-server/src/auth'
import { chinaDay } from '../signaling-server/src/cases/days'
import { NO_DUE } from '../signaling-server/src/cases/sqlite-work'
import { makeApplication } from '../tests/support/applications'
import { composeCentre } from '../tests/support/centre'
import { round1 as ms, writeResult } from './result'

const { values: args } = parseArgs({
  options: {
    cases: { type: 'string', default: '200000' },
    samples: { type: 'string', default: '200' },
    rate: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '15' },
  },
})
const N = Number(args.cases)
const SAMPLES = Number(args.samples)
const RATE = Number(args.rate)
const SECONDS = Number(args.seconds)
const DAY = 86_400_000
const QUEUES = ['to-accept', 'supplement', 'mine', 'due-soon', 'overdue', 'to-issue', 'done']
const CATEGORY = 'elderly-care'

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!
}
const summary = (xs: number[]) => ({
  n: xs.length,
  p50: ms(pct(xs, 50)),
  p95: ms(pct(xs, 95)),
  p99: ms(pct(xs, 99)),
  max: ms(Math.max(...xs)),
})

// --- Generate the cases straight into the database ----------------------------------------

const dir = mkdtempSync(join(tmpdir(), 'bench-back-office-'))
const applicationsDb = join(dir, 'applications.db')
await openSqliteRecordsStore(applicationsDb).close() // the schema, by the store's migrations

/** Statuses in roughly the shares a year of a county's work leaves. */
const STATUS_SHARES: [string, number][] = [
  ['received', 0.1],
  ['awaiting-materials', 0.05],
  ['accepted', 0.08],
  ['in-review', 0.12],
  ['approved', 0.04],
  ['rejected', 0.01],
  ['issued', 0.1],
  ['closed', 0.44],
  ['not-accepted', 0.03],
  ['withdrawn', 0.03],
]
const OPEN = new Set(['received', 'accepted', 'in-review'])
const DECIDED = new Set(['approved', 'rejected', 'issued', 'closed'])
const LEVELS = ['very-satisfied', 'satisfied', 'basically-satisfied', 'dissatisfied']

const t0 = performance.now()
const startedAt = Date.now()
// A fixed seed: every run generates the same store.
let seed = 42
const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!
function status(): string {
  let r = rand()
  for (const [s, share] of STATUS_SHARES) if ((r -= share) < 0) return s
  return 'closed'
}
{
  const db = new Database(applicationsDb)
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF')
  const items = sampleCatalog.items
  const halls = Array.from(
    { length: 40 },
    (_, i) => `村便民服务站-${String(i + 1).padStart(2, '0')}`,
  )
  const clerks = Array.from({ length: 30 }, (_, i) => [`u-bench-${i}`, `办事员${i}`] as const)
  const app = db.prepare(
    `INSERT INTO applications (id, terminal_id, kind, code, catalog_version, case_number,
       applicant_key, fingerprint, sealed, confirmation, received_at)
     VALUES (?, 'bench-kiosk', 'item', ?, '2025.06.1', ?, ?, ?, X'00', '{}', ?)`,
  )
  const kase = db.prepare(
    `INSERT INTO cases (case_number, application_id, item_code, item_name, applicant_key, status,
       submitted_at, updated_at, category_id, hall, sort_due, claim_user, claim_name, claim_until)
     VALUES (?, ?, ?, '{}', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const decision = db.prepare(`INSERT INTO case_decisions VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
  const rating = db.prepare(
    `INSERT INTO ratings (id, terminal_id, subject_kind, subject_id, level, reasons, fingerprint,
       created_at, received_at) VALUES (?, 'bench-kiosk', 'application', ?, ?, '[]', ?, '', ?)`,
  )
  db.transaction(() => {
    for (let i = 0; i < N; i++) {
      const item = pick(items)
      const s = status()
      const id = randomUUID()
      const caseNumber = `G${String(i).padStart(8, '0')}`
      // Submitted in the year before today (never today: the latency poll filters on today).
      const submitted = startedAt - DAY - Math.floor(rand() * 364 * DAY)
      const key = `k${i % 50_000}`
      const due = OPEN.has(s)
        ? new Date(startedAt + Math.floor((rand() * 40 - 10) * DAY)).toISOString().slice(0, 10)
        : NO_DUE
      const claimed = OPEN.has(s) && rand() < 0.3 ? pick(clerks) : null
      app.run(id, item.code, caseNumber, key, key, submitted)
      kase.run(
        caseNumber,
        id,
        item.code,
        key,
        s,
        submitted,
        submitted + DAY,
        item.categoryId,
        pick(halls),
        due,
        claimed?.[0] ?? null,
        claimed?.[1] ?? null,
        claimed ? startedAt + 60_000 : null,
      )
      if (DECIDED.has(s)) {
        const by = pick(clerks)
        const days = Math.floor(rand() * 25)
        decision.run(
          caseNumber,
          s === 'rejected' ? 'rejected' : 'approved',
          submitted + days * DAY,
          by[0],
          by[1],
          days,
          days <= item.timeLimits.promisedWorkingDays ? 1 : 0,
          item.timeLimits.statutoryWorkingDays === null
            ? null
            : days <= item.timeLimits.statutoryWorkingDays
              ? 1
              : 0,
        )
      }
      if (rand() < 0.3) rating.run(randomUUID(), id, pick(LEVELS), key, submitted + 600_000)
    }
  })()
  db.close()
}
const generateSeconds = (performance.now() - t0) / 1000
console.log(`generated ${N} cases in ${generateSeconds.toFixed(1)} s`)

// --- The centre, a terminal, a clerk and a supervisor --------------------------------------

// The centre serves the clerk page from here; the bench never opens it.
writeFileSync(join(dir, 'clerk.html'), '<!doctype html><title>clerk</title>')
const parts = composeCentre({
  signalingDb: join(dir, 'server.db'),
  applicationsDb,
  dataKey: randomBytes(32),
  log: pino({ level: 'silent' }),
  version: 'bench',
  rendererDir: dir,
  progressBaseUrl: 'https://zwfw.example.cn/api/v1/progress',
})
const { url } = await parts.app.listen(0)
const { code } = await createEnrolCode(parts.store, '石桥村便民服务站', 3600_000, Date.now())
const terminal = (await redeemEnrolCode(parts.store, code, '石桥村一号机', Date.now()))!
const bearer = `${terminal.terminalId}:${terminal.credential}`

async function staff(role: 'clerk' | 'supervisor', categories: string[]): Promise<string> {
  const username = `bench-${role}-${randomBytes(2).toString('hex')}`
  await createUser(
    parts.store,
    { username, displayName: '王芳', role, categories, password: 'bench-password-1' },
    Date.now(),
  )
  const r = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'bench-password-1' }),
  })
  return ((await r.json()) as { token: string }).token
}
const clerk = await staff('clerk', [CATEGORY])
const supervisor = await staff('supervisor', [])

async function get<T>(path: string, token: string): Promise<T> {
  const r = await fetch(`${url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } })
  if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`)
  return (await r.json()) as T
}
async function submit(pages = 1, pageBytes = 4096) {
  const image = () =>
    Buffer.concat([
      Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
      randomBytes(pageBytes),
      Buffer.from([0xff, 0xd9]),
    ])
  const base = makeApplication({ terminalId: terminal.terminalId })
  const app = {
    ...base,
    materials: base.materials.map((m) =>
      m.kind === 'photographed'
        ? {
            ...m,
            pages: Array.from({ length: pages }, () => ({
              kind: 'inline' as const,
              mediaType: 'image/jpeg',
              base64: image().toString('base64'),
            })),
          }
        : m,
    ),
  }
  const r = await fetch(`${url}/api/v1/applications`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${bearer}`,
      'idempotency-key': app.id,
    },
    body: JSON.stringify(app),
  })
  if (r.status !== 201) throw new Error(`submit: ${r.status} ${await r.text()}`)
  return { id: app.id, caseNumber: ((await r.json()) as { caseNumber: string }).caseNumber }
}

// --- Inbox page + counts --------------------------------------------------------------------

interface Page {
  rows: { caseNumber: string }[]
  next: string | null
}
for (let i = 0; i < 10; i++) await get(`/cases?queue=${QUEUES[i % 7]}`, clerk) // warm-up
const inbox: number[] = []
const rowsSeen: number[] = []
for (let i = 0; i < SAMPLES; i++) {
  const queue = QUEUES[i % QUEUES.length]!
  const t = performance.now()
  const [page] = await Promise.all([
    get<Page>(`/cases?queue=${queue}&limit=50`, clerk),
    get(`/cases/counts`, clerk),
  ])
  inbox.push(performance.now() - t)
  rowsSeen.push(page.rows.length)
}
const counts = await get<Record<string, number>>('/cases/counts', clerk)
console.log('inbox page + counts', summary(inbox), 'counts', counts)

// --- Case view with 10 photographed pages ---------------------------------------------------

const PAGE_BYTES = 250_000
const viewed = await submit(10, PAGE_BYTES)
const view: number[] = []
for (let i = 0; i < Math.min(SAMPLES, 100); i++) {
  const t = performance.now()
  await Promise.all([
    get(`/cases/${viewed.caseNumber}`, clerk),
    get(`/applications/${viewed.id}`, clerk),
  ])
  view.push(performance.now() - t)
}
console.log('case view (10 pages)', summary(view))

// --- Statistics -----------------------------------------------------------------------------

const stats: number[] = []
for (let i = 0; i < 30; i++) {
  const t = performance.now()
  await get(`/supervision/stats?by=${['item', 'hall', 'clerk'][i % 3]}`, supervisor)
  stats.push(performance.now() - t)
}
console.log('statistics', summary(stats))

// --- Submission → in the clerk's inbox ------------------------------------------------------

const started = new Map<string, number>()
const seenAt = new Map<string, number>()
let submitting = true
let polls = 0
async function poller() {
  const allSeen = () => [...started.keys()].every((n) => seenAt.has(n))
  while (submitting || !allSeen()) {
    let cursor: string | null = null
    do {
      const page: Page = await get<Page>(
        `/cases?queue=to-accept&from=${chinaDay(Date.now())}&limit=100${cursor ? `&cursor=${cursor}` : ''}`,
        clerk,
      )
      const now = performance.now()
      for (const r of page.rows) if (!seenAt.has(r.caseNumber)) seenAt.set(r.caseNumber, now)
      cursor = page.next
    } while (cursor)
    polls++
  }
}
const polling = poller()
const pending: Promise<void>[] = []
const total = RATE * SECONDS
const begin = performance.now()
for (let i = 0; i < total; i++) {
  const due = begin + (i * 1000) / RATE
  const wait = due - performance.now()
  if (wait > 0) await new Promise((r) => setTimeout(r, wait))
  const t = performance.now()
  pending.push(
    submit().then(({ caseNumber }) => {
      started.set(caseNumber, t)
    }),
  )
}
await Promise.all(pending)
submitting = false
await polling
const latency = [...started].map(([n, t]) => seenAt.get(n)! - t)
console.log('submission → inbox', summary(latency), `${polls} polls`)

await parts.close()
rmSync(dir, { recursive: true, force: true })

writeResult('back-office', {
  cases: N,
  generateSeconds: ms(generateSeconds),
  loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  clerkCategory: CATEGORY,
  queueCounts: counts,
  inboxPagePlusCountsMs: { ...summary(inbox), goalP95: 50, rowsPerPage: Math.max(...rowsSeen) },
  caseViewTenPagesMs: { ...summary(view), goalP95: 200, pageBytes: PAGE_BYTES },
  statisticsMs: summary(stats),
  submissionToInboxMs: {
    ...summary(latency),
    goalP99: 1000,
    rate: RATE,
    seconds: SECONDS,
    polls,
    how: 'polling GET /cases?queue=to-accept&from=today (no push event in this tree)',
  },
})
