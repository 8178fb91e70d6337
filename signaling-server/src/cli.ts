import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { hostname } from 'node:os'
import { parseArgs } from 'node:util'
import { sampleCatalog } from '../../common/catalog/sample'
import type { LocalizedText } from '../../common/catalog/schema'
import { StaffRole } from '../../common/signaling'
import { createApplication } from './app'
import { defaultPublicUrl, loadDataKey, openApplicationsForCli } from './applications/setup'
import { createEnrolCode, createUser, newSecret } from './auth'
import { seedDemo } from './demo'
import { createLogger, logDestination } from '../../node-common/logger'
import {
  migratePostgres,
  openRecordsStore,
  openSignalingStore,
  type StoreConfig,
} from './store/open'
import { openResults, resultSealKey } from './results'
import { verifyCommand } from './results/cli-verify'

const usage = `usage: npm run server -- [COMMAND] [OPTIONS]

Commands:
  serve (default)  run the centre server
      --port N            port to listen on (default 8443, or $PORT)
      --host H            address to listen on (default 127.0.0.1, or $HOST)
      --db PATH           staff, terminal and call store (default .data/server.db)
      --applications-db PATH   applications store (default .data/applications.db)
      --postgres URL      keep every store in PostgreSQL instead of SQLite (e.g.
                          postgres://centre@db.example:5432/centre; the password from
                          PGPASSWORD or ~/.pgpass; or $SERVER_POSTGRES_URL); migrates at start
      --postgres-pool N   connections per store and node (default 10)
      --redis URL         run as one node of a cluster (with --postgres; e.g.
                          redis://127.0.0.1:6379; or $SERVER_REDIS_URL): the video counter is
                          served by one node at a time and taken over when it dies;
                          SIGTERM drains the node (docs/deployment.md)
      --node NAME         this node's name in the cluster (default: host name and process id)
      --data-key-file PATH     the applications' data key file (default .data/server-data.key;
                               $SERVER_DATA_KEY, when set, is the key itself)
      --public-url URL    the address residents' phones open from a receipt's QR
      --results-db PATH   result notices' signing keys and register (default .data/results.db)
      --renderer DIR      the built clerk console to serve (default out/renderer)
      --updates DIR       the kiosk update folder: one sub-folder per version holding its
                          AppImage, deb and installer (or $SERVER_UPDATES_DIR; docs/deployment.md)
      --demo              seed demo clerks, a demo terminal and demo data
      --demo-terminal-file PATH   where --demo writes the demo terminal's credential
      --offer-timeout S   seconds a clerk has to accept an offer
      --grace S           seconds a dropped party may take to come back
      --stun-url URL, --turn-url URL   ICE servers (repeatable; TURN_SECRET from the environment)
      --cors-origin ORIGIN   a browser origin allowed to call /api/ (repeatable; e.g. app://kiosk
                             for the Electron clerk console)
      GET /metrics (Prometheus) is served when $SERVER_METRICS_TOKEN is set, to a scraper
      sending it as a bearer token; GET /health says 503 when the store does not answer
  enrol-code --hall NAME [--ttl-hours 72]
                   print a one-time enrolment code for a village hall's terminal
  add-user --username U --display-name NAME --role clerk|supervisor|admin|technician [--categories a,b]
                   add a staff account (password from $SERVER_NEW_PASSWORD, or generated and
                   printed once)
  migrate --postgres URL
                   apply the PostgreSQL schema migrations not yet applied, and exit
  verify PAYLOAD-OR-URL [--results-db PATH | --centre URL] [--notice FILE]
                   check a result notice's QR (signature, key, revocation): one line, exit 0
                   only when valid; keys from this centre's results database or from --centre;
                   --notice: also check that FILE holds the text the code was signed for
  rotate-result-key [--results-db PATH] [--data-key-file PATH]
                   start signing result notices with a new key (old notices keep verifying)
Every command takes --db PATH or --postgres URL; --help prints this.`

const argv = process.argv.slice(2)
const command = argv[0] && !argv[0].startsWith('-') ? argv.shift()! : 'serve'
const options = {
  port: { type: 'string', default: process.env.PORT ?? '8443' },
  host: { type: 'string', default: process.env.HOST ?? '127.0.0.1' },
  db: { type: 'string', default: process.env.SERVER_DB ?? '.data/server.db' },
  renderer: { type: 'string', default: 'out/renderer' },
  updates: { type: 'string', default: process.env.SERVER_UPDATES_DIR },
  demo: { type: 'boolean', default: false },
  'demo-terminal-file': { type: 'string', default: '.data/demo-terminal.json' },
  'offer-timeout': { type: 'string' },
  grace: { type: 'string' },
  'stun-url': { type: 'string', multiple: true },
  'turn-url': { type: 'string', multiple: true },
  'cors-origin': { type: 'string', multiple: true },
  hall: { type: 'string' },
  'ttl-hours': { type: 'string', default: '72' },
  username: { type: 'string' },
  role: { type: 'string', default: 'clerk' },
  'display-name': { type: 'string' },
  categories: { type: 'string', default: '' },
  'applications-db': { type: 'string' },
  'data-key-file': { type: 'string' },
  'public-url': { type: 'string', default: process.env.SERVER_PUBLIC_URL },
  postgres: { type: 'string', default: process.env.SERVER_POSTGRES_URL },
  'postgres-pool': { type: 'string' },
  redis: { type: 'string', default: process.env.SERVER_REDIS_URL },
  node: { type: 'string' },
  'results-db': { type: 'string', default: process.env.SERVER_RESULTS_DB ?? '.data/results.db' },
  centre: { type: 'string' },
  notice: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

function fail(message: string): never {
  process.stderr.write(message + '\n')
  process.exit(2)
}

function parse() {
  try {
    return parseArgs({ args: argv, options, allowPositionals: command === 'verify' })
  } catch (e) {
    // An unknown or malformed option: one line and the usage, not a stack trace.
    fail(`${e instanceof Error ? e.message : String(e)}; see: npm run server -- --help`)
  }
}
const { values, positionals } = parse()
if (values.help || command === 'help') {
  process.stdout.write(usage + '\n')
  process.exit(0)
}
if (
  !['serve', 'enrol-code', 'add-user', 'migrate', 'verify', 'rotate-result-key'].includes(command)
)
  fail(`unknown command '${command}'; see: npm run server -- --help`)

const poolSize = values['postgres-pool'] === undefined ? undefined : Number(values['postgres-pool'])
if (poolSize !== undefined && !(Number.isInteger(poolSize) && poolSize > 0))
  fail('--postgres-pool takes a whole number of connections, e.g. --postgres-pool 10')
/** PostgreSQL when --postgres is given, else the SQLite file at `path`. */
const storeConfig = (path: string): StoreConfig =>
  values.postgres
    ? { kind: 'postgres', url: values.postgres, ...(poolSize ? { poolSize } : {}) }
    : { kind: 'sqlite', path: resolve(path) }
/** Opens a store; a database that cannot be reached is one line, not a stack trace. */
async function opened<T>(what: string, open: Promise<T>): Promise<T> {
  try {
    return await open
  } catch (e) {
    // Node reports a refused connection to every address of a name as an AggregateError.
    const errors = e instanceof AggregateError ? e.errors : [e]
    const why = errors.map((x) => (x instanceof Error ? x.message : String(x))).join('; ')
    fail(`cannot open the ${what}: ${why}`)
  }
}

if (command === 'migrate') {
  if (!values.postgres) fail('usage: migrate --postgres URL')
  const applied = await opened(
    'PostgreSQL database',
    migratePostgres({ url: values.postgres, ...(poolSize ? { poolSize } : {}) }),
  )
  for (const [set, names] of Object.entries(applied))
    process.stdout.write(
      `${set}: ${names.length > 0 ? `applied ${names.join(', ')}` : 'up to date'}\n`,
    )
  process.exit(0)
}

if (command === 'verify') {
  if (positionals.length !== 1)
    fail('usage: verify PAYLOAD-OR-URL [--results-db PATH | --centre URL] [--notice FILE]')
  let noticeText: string | undefined
  try {
    noticeText = values.notice === undefined ? undefined : readFileSync(values.notice, 'utf8')
  } catch {
    fail(`cannot read the notice text file ${values.notice}`)
  }
  const { code, line } = await verifyCommand(positionals[0]!, {
    resultsDb: resolve(values['results-db']),
    centre: values.centre,
    noticeText,
  })
  process.stdout.write(line + '\n')
  process.exit(code)
}
if (command === 'rotate-result-key') {
  const results = openResults({
    path: resolve(values['results-db']),
    sealKey: resultSealKey(loadDataKey(values['data-key-file']).dataKey),
    publicUrl: values['public-url'] ?? defaultPublicUrl(values.host, values.port),
    rendererDir: resolve(values.renderer),
  })
  const key = await results.rotateKey()
  process.stdout.write(`RESULT_KEY=${key.kid}\nNOT_BEFORE=${key.notBefore}\n`)
  await results.close()
  process.exit(0)
}

const onError = (err: Error) =>
  process.stderr.write(`PostgreSQL connection lost (the pool reconnects): ${err.message}\n`)
const store = await opened(
  'signaling store',
  openSignalingStore(storeConfig(values.db), { onError }),
)

if (command === 'enrol-code') {
  if (!values.hall) fail('usage: enrol-code --hall NAME [--ttl-hours 72]')
  const { code, expiresAt } = await createEnrolCode(
    store,
    values.hall,
    Number(values['ttl-hours']) * 3600_000,
    Date.now(),
  )
  process.stdout.write(
    `ENROL_CODE=${code}\nHALL=${values.hall}\nEXPIRES=${new Date(expiresAt).toISOString()}\n`,
  )
  await store.close()
} else if (command === 'add-user') {
  const role = StaffRole.safeParse(values.role)
  if (!values.username || !values['display-name'] || !role.success)
    fail(
      'usage: add-user --username U --display-name NAME --role clerk|supervisor|admin|technician [--categories a,b]',
    )
  const generated = !process.env.SERVER_NEW_PASSWORD
  const password = process.env.SERVER_NEW_PASSWORD ?? newSecret(12)
  await createUser(
    store,
    {
      username: values.username,
      displayName: values['display-name'],
      role: role.data,
      categories: values.categories.split(',').filter(Boolean),
      password,
    },
    Date.now(),
  )
  process.stdout.write(`created ${role.data} ${values.username}\n`)
  // Shown once, on the operator's terminal only; never logged.
  if (generated) process.stdout.write(`PASSWORD=${password}\n`)
  await store.close()
} else if (command === 'serve') {
  if (!existsSync(resolve(values.renderer, 'clerk.html')))
    fail(
      `the clerk console is not built in ${values.renderer}: run npm run build:renderer first (or pass --renderer DIR)`,
    )
  // stdout, asynchronously: the centre logs far more than a kiosk and must not block on it.
  const log = createLogger('signaling-server', logDestination(1, false))
  if (values.demo) {
    const seeded = await seedDemo(store, resolve(values['demo-terminal-file']), Date.now())
    if (seeded) {
      process.stdout.write(`DEMO terminal credential written to ${values['demo-terminal-file']}\n`)
      for (const u of seeded.users)
        process.stdout.write(
          `DEMO ${u.role} ${u.username} / ${u.password} (${u.categories.join(',') || '-'})\n`,
        )
    } else process.stdout.write('DEMO data already present; not seeded again\n')
  }
  const pkg = JSON.parse(readFileSync(resolve('package.json'), 'utf8')) as { version: string }
  const turnUrls = values['turn-url'] ?? []
  const publicUrl = values['public-url'] ?? defaultPublicUrl(values.host, values.port)
  const records = await opened(
    'applications store',
    openRecordsStore(
      storeConfig(
        values['applications-db'] ?? process.env.SERVER_APPLICATIONS_DB ?? '.data/applications.db',
      ),
      { onError },
    ),
  )
  // Result notices' signing keys, sealed under the data key (a first key on first start); the
  // case service signs each decision's notice with it.
  let results: ReturnType<typeof openResults> | undefined
  // The verify page names items as the published catalog does (bound once it exists).
  const late: { catalogNames?: () => Record<string, LocalizedText> } = {}
  const applications = await openApplicationsForCli(store, records, log, {
    keyFile: values['data-key-file'],
    publicUrl,
    demo: values.demo,
    openResults: (sealKey) =>
      (results = openResults({
        path: resolve(values['results-db']),
        sealKey,
        publicUrl,
        catalog: sampleCatalog,
        itemNames: () => late.catalogNames?.(),
        rendererDir: resolve(values.renderer),
      })),
  })
  late.catalogNames = () => applications.catalogs.names()
  const signer = results as ReturnType<typeof openResults> | undefined
  if (!signer) throw new Error('the results service did not open')
  if (values.redis && !values.postgres)
    fail('--redis needs --postgres: the nodes of a cluster share one PostgreSQL database')
  const app = createApplication({
    ...(values.redis
      ? { cluster: { redisUrl: values.redis, node: values.node ?? `${hostname()}-${process.pid}` } }
      : {}),
    log,
    results: signer,
    version: pkg.version,
    rendererDir: resolve(values.renderer),
    store,
    applications,
    signalingTokenKey: applications.signalingTokenKey,
    corsOrigins: values['cors-origin'] ?? [],
    ...(values.updates ? { updatesDir: resolve(values.updates) } : {}),
    // From the environment only, never from argv (visible in ps), like TURN_SECRET.
    ...(process.env.SERVER_METRICS_TOKEN ? { metricsToken: process.env.SERVER_METRICS_TOKEN } : {}),
    realtime: {
      ...(values['offer-timeout']
        ? { offerTimeoutMs: Number(values['offer-timeout']) * 1000 }
        : {}),
      ...(values.grace ? { graceMs: Number(values.grace) * 1000 } : {}),
      ice: {
        stunUrls: values['stun-url'] ?? [],
        turnUrls,
        // The secret comes from the environment only, never from argv (visible in ps).
        turnSecret: process.env.TURN_SECRET ?? null,
        turnTtlSeconds: 6 * 3600,
      },
    },
  })
  const { url } = await app.listen(Number(values.port), values.host)
  // PUBLIC_URL: where receipts' QR codes point (kiosks learn it from GET /api/v1/centre).
  process.stdout.write(`SERVER_URL=${url}\nCLERK_URL=${url}/clerk.html\nPUBLIC_URL=${publicUrl}\n`)
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(
      signal,
      () =>
        // A cluster node drains first: its clients move to the other nodes, not all at once.
        void (values.redis ? app.drain() : Promise.resolve())
          .then(() => app.close())
          .then(() => Promise.all([store.close(), applications.close(), signer.close()]))
          .then(() => process.exit(0)),
    )
  }
}
