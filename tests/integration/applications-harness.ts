// Shared harness for the applications API tests: the real server (createApplication with the
// applications service mounted) on a real port, with temp SQLite files and a real enrolled
// terminal and clerk.
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino, { type Logger } from 'pino'
import { sampleCatalog } from '../../common/catalog/sample'
import type { Catalog } from '../../common/catalog/schema'
import { afterEach, beforeEach } from 'vitest'
import type { Application as App } from '../../signaling-server/src/app'
import type { ApplicationsService } from '../../signaling-server/src/applications'
import { createEnrolCode, createUser, redeemEnrolCode } from '../../signaling-server/src/auth'
import type { StaffRole } from '../../common/signaling'
import type { Store } from '../../signaling-server/src/store/types'
import { composeCentre } from '../support/centre'

const rendererDir = mkdtempSync(join(tmpdir(), 'apps-renderer-'))
writeFileSync(join(rendererDir, 'clerk.html'), '<!doctype html><title>clerk</title>')

export interface CentreFiles {
  dir: string
  signalingDb: string
  applicationsDb: string
  dataKey: Buffer
}

export function centreFiles(): CentreFiles {
  const dir = mkdtempSync(join(tmpdir(), 'apps-centre-'))
  return {
    dir,
    signalingDb: join(dir, 'server.db'),
    applicationsDb: join(dir, 'applications.db'),
    dataKey: randomBytes(32),
  }
}

export interface Centre {
  url: string
  port: number
  files: CentreFiles
  store: Store
  service: ApplicationsService
  /** Result notices' signing service (an in-memory database). */
  results: ReturnType<typeof composeCentre>['results']
  app: App
  close(): Promise<void>
}

export async function startCentre(
  files: CentreFiles = centreFiles(),
  opts: {
    port?: number
    now?: () => number
    lookupRate?: { burst: number; perSecond: number }
    /** What GET /api/v1/catalog serves; the sample catalog when absent. */
    catalog?: Catalog
    /** The centre's log (silent unless TEST_LOG is set). */
    log?: Logger
  } = {},
): Promise<Centre> {
  const parts = composeCentre({
    signalingDb: files.signalingDb,
    applicationsDb: files.applicationsDb,
    dataKey: files.dataKey,
    log: opts.log ?? pino({ level: process.env.TEST_LOG ?? 'silent' }),
    version: 'test',
    rendererDir,
    progressBaseUrl: 'https://zwfw.example.cn/api/v1/progress',
    now: opts.now,
    lookupRate: opts.lookupRate,
    catalog: opts.catalog,
  })
  const { app, store, service } = parts
  const { url, port } = await app.listen(opts.port ?? 0)
  const centre: Centre = {
    url,
    port,
    files,
    store,
    service,
    results: parts.results,
    app,
    async close() {
      if (!running.delete(centre)) return // closed already
      await parts.close()
    },
  }
  running.add(centre)
  return centre
}

/** Centres started and not closed yet: a test may stop its centre and start another. */
const running = new Set<Centre>()

export interface EnrolledTerminal {
  terminalId: string
  credential: string
  /** The bearer token the kiosk sends: `<terminalId>:<credential>`. */
  bearer: string
}

export async function enrolTerminal(
  store: Store,
  name = '石桥村一号机',
): Promise<EnrolledTerminal> {
  const { code } = await createEnrolCode(store, '石桥村便民服务站', 3600_000, Date.now())
  const t = await redeemEnrolCode(store, code, name, Date.now())
  if (!t) throw new Error('enrolment failed')
  return {
    terminalId: t.terminalId,
    credential: t.credential,
    bearer: `${t.terminalId}:${t.credential}`,
  }
}

/**
 * A fresh centre with an enrolled terminal for each test of the calling file (vitest hooks),
 * handed to `onStart`; after the test, every centre still running is closed.
 */
export function centreForEachTest(
  onStart: (started: { centre: Centre; terminal: EnrolledTerminal }) => unknown,
): void {
  beforeEach(async () => {
    const centre = await startCentre()
    await onStart({ centre, terminal: await enrolTerminal(centre.store) })
  })
  afterEach(async () => {
    // The one started above, or the one the test started in its place.
    for (const centre of [...running]) await centre.close()
  })
}

/**
 * A staff account (a clerk of every sample category unless told otherwise) and its session
 * token, for the status endpoint and reading applications back.
 */
export async function clerkToken(
  url: string,
  store: Store,
  account: { role?: StaffRole; categories?: string[] } = {},
): Promise<string> {
  const { token } = await staffSession(url, store, {
    role: account.role ?? 'clerk',
    displayName: '王芳',
    categories: account.categories ?? sampleCatalog.categories.map((c) => c.id),
  })
  return token
}

/** A new staff account on the centre, logged in: its user id and session bearer. */
export async function staffSession(
  url: string,
  store: Store,
  account: { role: StaffRole; displayName: string; categories: string[] },
): Promise<{ id: string; token: string }> {
  const username = `staff-${randomBytes(3).toString('hex')}`
  const user = await createUser(
    store,
    { username, ...account, password: 'staff-password-1' },
    Date.now(),
  )
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'staff-password-1' }),
  })
  if (!res.ok) throw new Error(`login failed: ${res.status}`)
  return { id: user.id, token: ((await res.json()) as { token: string }).token }
}

/**
 * The callers the case tests ask as: a clerk of elderly care (the sample cases' category), a
 * clerk of civil affairs, a supervisor and an admin.
 */
export async function caseCallers(
  centre: Centre,
): Promise<Record<'elderly' | 'civil' | 'supervisor' | 'admin', { id: string; token: string }>> {
  const as = (role: StaffRole, displayName: string, categories: string[]) =>
    staffSession(centre.url, centre.store, { role, displayName, categories })
  return {
    elderly: await as('clerk', '王芳', ['elderly-care']),
    civil: await as('clerk', '刘洋', ['civil-affairs']),
    supervisor: await as('supervisor', '李强', []),
    admin: await as('admin', '管理员', []),
  }
}

export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  const text = await res.text()
  let parsed: unknown = text
  try {
    parsed = JSON.parse(text)
  } catch {
    // not JSON; keep the text
  }
  return { status: res.status, body: parsed }
}

/** POST /api/v1/applications as the kiosk sends it: the terminal's bearer, the id as key. */
export function submitApplication(
  centre: Centre,
  terminal: EnrolledTerminal,
  app: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown }> {
  return postJson(`${centre.url}/api/v1/applications`, app, {
    authorization: `Bearer ${terminal.bearer}`,
    'idempotency-key': (app as { id?: string }).id ?? '',
    ...headers,
  })
}

/** Every byte the database files hold (main file and WAL). */
export function databaseBytes(path: string): Buffer {
  return Buffer.concat(
    [path, `${path}-wal`, `${path}-journal`].filter(existsSync).map((p) => readFileSync(p)),
  )
}
