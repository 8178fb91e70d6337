import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import Database from 'libsql'
import type { Application } from '../../../common/applications/schema'
import { sampleCatalog } from '../../../common/catalog/sample'
import type { Catalog } from '../../../common/catalog/schema'
import { createEnrolCode, createUser, redeemEnrolCode } from '../../../signaling-server/src/auth'
import type { RatedCall } from '../../../signaling-server/src/store/call-ratings'
import { createLogger } from '../../../node-common/logger'
import type { HealthRecord } from '../../../signaling-server/src/store/types'
import { composeCentre, type CentreParts } from '../../support/centre'
import { freePort } from '../../support/free-port'

/** One line of the centre's own (pino) log. */
export interface CentreLogLine {
  msg: string
  applicationId?: string
  caseNumber?: string
  repeat?: boolean
  [key: string]: unknown
}

export interface StoredRating {
  id: string
  terminalId: string
  subjectKind: string
  subjectId: string
  level: string
  reasons: string[]
}

const CLERK = { username: 'e2e-clerk', password: 'e2e-clerk-password-1' }

/**
 * The real centre (signaling server with the applications API mounted, as `npm run server`
 * composes it) in the test process, on a fixed loopback port with its SQLite files and data key
 * in a temp folder, so it can be stopped and started again on the same port and the same files.
 * A terminal is enrolled the way a kiosk is (enrol code → credential); a clerk account reads
 * applications back through the clerk endpoint, decrypted by the server.
 */
export class RealCentre {
  readonly signalingDb: string
  readonly applicationsDb: string
  readonly dataKey = randomBytes(32)
  /** Everything the centre logged (JSON lines), across restarts. */
  readonly log: CentreLogLine[] = []
  port = 0
  terminal = { terminalId: '', credential: '' }
  private running: CentreParts | null = null
  private clerkToken: string | null = null

  private constructor(
    readonly dir: string,
    /** What GET /api/v1/catalog serves; the sample catalog when absent. */
    readonly catalog?: Catalog,
  ) {
    mkdirSync(dir, { recursive: true })
    this.signalingDb = join(dir, 'server.db')
    this.applicationsDb = join(dir, 'applications.db')
  }

  /** A new centre with an enrolled terminal and a clerk account, started. */
  static async create(dir: string, catalog?: Catalog): Promise<RealCentre> {
    const centre = new RealCentre(dir, catalog)
    centre.port = await freePort()
    await centre.start()
    const store = centre.running!.store
    const { code } = await createEnrolCode(store, '石桥村便民服务站', 3600_000, Date.now())
    const t = await redeemEnrolCode(store, code, '石桥村一号机', Date.now())
    if (!t) throw new Error('enrolment failed')
    centre.terminal = { terminalId: t.terminalId, credential: t.credential }
    await createUser(
      store,
      // A clerk of every category: the tests read back whatever the kiosk sent.
      {
        ...CLERK,
        displayName: '王芳',
        role: 'clerk',
        categories: (catalog ?? sampleCatalog).categories.map((c) => c.id),
      },
      Date.now(),
    )
    return centre
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`
  }

  get isRunning(): boolean {
    return this.running !== null
  }

  /** The enrolment file the kiosk reads (`{ terminalId, credential }`). */
  writeCredentialFile(path: string): void {
    writeFileSync(path, JSON.stringify(this.terminal), { mode: 0o600 })
  }

  async start(): Promise<void> {
    if (this.running) return
    const log = createLogger(
      'signaling-server',
      {
        write: (line: string) => {
          this.log.push(JSON.parse(line) as CentreLogLine)
        },
      },
      'info',
    )
    const parts = composeCentre({
      signalingDb: this.signalingDb,
      applicationsDb: this.applicationsDb,
      dataKey: this.dataKey,
      log,
      version: 'e2e',
      // The clerk console's files, as `npm run server` serves them.
      rendererDir: resolve('out/renderer'),
      catalog: this.catalog,
      progressBaseUrl: `${this.url}/api/v1/progress`,
      // Kept across restarts, as `npm run server` derives it from the data key.
      signalingTokenKey: this.dataKey,
    })
    await parts.app.listen(this.port)
    this.running = parts
  }

  /** The centre goes away: open connections are cut, the files stay. */
  async stop(): Promise<void> {
    const r = this.running
    this.running = null
    await r?.close()
  }

  /** The receipt's QR code for a case, as the centre makes it. */
  progressUrl(caseNumber: string): string {
    if (!this.running) throw new Error('centre not running')
    return this.running.service.progressUrl(caseNumber)
  }

  private query<T>(sql: string): T[] {
    const db = new Database(this.applicationsDb, { readonly: true })
    try {
      return db.prepare(sql).all() as T[]
    } finally {
      db.close()
    }
  }

  /** Ids (= idempotency keys) of every application the centre's database holds. */
  applicationIds(): string[] {
    return this.query<{ id: string }>('SELECT id FROM applications ORDER BY received_at').map(
      (r) => r.id,
    )
  }

  /** The case number the centre gave an application. */
  caseNumberOf(applicationId: string): string | null {
    const rows = this.query<{ id: string; case_number: string }>(
      'SELECT id, case_number FROM applications',
    )
    return rows.find((r) => r.id === applicationId)?.case_number ?? null
  }

  ratings(): StoredRating[] {
    return this.query<Record<string, string>>('SELECT * FROM ratings ORDER BY received_at').map(
      (r) => ({
        id: r.id!,
        terminalId: r.terminal_id!,
        subjectKind: r.subject_kind!,
        subjectId: r.subject_id!,
        level: r.level!,
        reasons: JSON.parse(r.reasons!) as string[],
      }),
    )
  }

  /** What the centre logged about an application: stored once, answered again for repeats. */
  submissionsLogged(applicationId?: string): CentreLogLine[] {
    return this.log.filter(
      (l) =>
        (l.msg === 'application stored' || l.msg === 'application repeat answered') &&
        (applicationId === undefined || l.applicationId === applicationId),
    )
  }

  /** The back office's case API as the clerk (`/api/v1/cases…`), for 补正 and decisions. */
  async caseApi(path: string, body: unknown = {}): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${this.url}/api/v1/cases${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await this.clerkSession()}`,
      },
      body: JSON.stringify(body),
    })
    return { status: res.status, body: await res.json().catch(() => null) }
  }

  /**
   * A staff account on the running centre (a clerk of some categories, a technician for the
   * fleet console…), and a session of it (the bearer of its API calls).
   */
  async addStaff(account: Parameters<typeof createUser>[1]): Promise<string> {
    if (!this.running) throw new Error('centre not running')
    await createUser(this.running.store, account, Date.now())
    return this.login(account)
  }

  /** Health history samples of a terminal, as if it had reported for days (the fleet charts). */
  /** Enrols terminals in the centre's store, as the CLI's codes redeemed would (no throttle). */
  async enrolTerminals(hall: string, names: readonly string[]): Promise<void> {
    if (!this.running) throw new Error('centre not running')
    for (const name of names) {
      const { code } = await createEnrolCode(this.running.store, hall, 3600_000, Date.now())
      await redeemEnrolCode(this.running.store, code, name, Date.now())
    }
  }

  async addHealthSamples(samples: HealthRecord[]): Promise<void> {
    if (!this.running) throw new Error('centre not running')
    for (const s of samples) await this.running.store.addHealthSample(s)
  }

  /**
   * Every route the centre serves under /api/v1/cases, as `METHOD /path` with each parameter as
   * `:name` (its pattern dropped): what a test of every case endpoint must cover.
   */
  caseRoutes(): string[] {
    if (!this.running) throw new Error('centre not running')
    return this.running.service.routes
      .filter((r) => r.path.startsWith('/api/v1/cases'))
      .flatMap((r) =>
        [r.method].flat().map((m) => `${m} ${r.path.replace(/:(\w+)\([^)]*\)/g, ':$1')}`),
      )
  }

  /** The pages residents supplied (补交) for a case, as the centre stored them. */
  async suppliedPages(caseNumber: string): Promise<{ materialId: string; bytes: Buffer }[]> {
    if (!this.running) throw new Error('centre not running')
    return this.running.service.cases.suppliedPages(caseNumber)
  }

  /** The actions recorded for a case, in order (withdraw, supply, …), as the centre has them. */
  async caseActions(caseNumber: string): Promise<string[]> {
    if (!this.running) throw new Error('centre not running')
    const v = await this.running.service.cases.view(caseNumber, Date.now())
    return v ? v.events.map((e) => e.action.type) : []
  }

  /** The ratings of video-help calls the centre keeps, each with its call's record (quality). */
  async ratedCalls(): Promise<RatedCall[]> {
    if (!this.running) throw new Error('centre not running')
    return this.running.store.recentRatedCalls(0, 100)
  }

  /** A staff account's id (what a mark made by that staff member names). */
  async userId(username: string): Promise<string | null> {
    if (!this.running) throw new Error('centre not running')
    return (await this.running.store.getUserByUsername(username))?.id ?? null
  }

  /** The clerk account every test centre has, to sign in to the console (clerk.html). */
  static readonly clerk = CLERK

  /** The full application as a clerk reads it (GET /api/v1/applications/{id}, decrypted). */
  async readAsClerk(applicationId: string): Promise<Application> {
    const res = await fetch(`${this.url}/api/v1/applications/${applicationId}`, {
      headers: { authorization: `Bearer ${await this.clerkSession()}` },
    })
    if (!res.ok) throw new Error(`clerk read-back failed: ${res.status}`)
    return (await res.json()) as Application
  }

  private async clerkSession(): Promise<string> {
    this.clerkToken ??= await this.login(CLERK)
    return this.clerkToken
  }

  private async login(account: { username: string; password: string }): Promise<string> {
    const res = await fetch(`${this.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: account.username, password: account.password }),
    })
    if (!res.ok) throw new Error(`login of ${account.username} failed: ${res.status}`)
    return ((await res.json()) as { token: string }).token
  }
}
