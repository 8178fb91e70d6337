import {
  Application,
  Rating,
  type UploadState,
  type UploadStatus,
} from '../../../common/applications/schema'
import type { Logger } from '../../../node-common/logger'
import { backoffDelay, defaultBackoff, type BackoffPolicy } from '../../../node-common/backoff'
import { open, seal } from '../../../node-common/seal'
import type { KeyProvider } from './key-provider'
import { SealedPrintJobStore } from './print-jobs'
import type {
  ApplicationSender,
  RatingSender,
  RatingSendResult,
  SendResult,
  SupplySender,
} from './sender'
import { OutboxStore, type OutboxRow, type RatingRow } from './store'
import { SupplyQueue, type SupplyInput, type SupplyQueueStatus } from './supplies'

export type { SupplyQueueStatus } from './supplies'

export interface Timers {
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

// Resolved at call time, so tests can swap the globals (fake timers).
const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
}

export interface OutboxOptions {
  dbPath: string
  keyProvider: KeyProvider
  sender: ApplicationSender
  /** Sends queued ratings (好差评); without it ratings are stored and wait. */
  ratingSender?: RatingSender
  /** Sends queued 补交 (pages for a case's missing material); without it they wait. */
  supplySender?: SupplySender
  log: Logger
  timers?: Timers
  random?: () => number
  backoff?: BackoffPolicy
  /** How long confirmed rows (case number and dates only) are kept for the receipt. */
  retainConfirmedMs?: number
}

const DAY = 24 * 60 * 60 * 1000

/** Where a queued rating is: stored on the kiosk (waiting), with the centre, or refused. */
export interface RatingQueueStatus {
  ratingId: string
  applicationId: string
  state: 'waiting' | 'confirmed' | 'failed'
  attempts: number
}

/**
 * Durable submit. `submit` returns only after the application is committed (encrypted) to the
 * local SQLite file; from then on it is sent with its id as the idempotency key, retried with
 * backoff until the server confirms, and then its personal data is deleted from the kiosk.
 * One application is in flight at a time: a kiosk produces a few per hour.
 */
export class Outbox {
  private readonly listeners = new Set<(status: UploadStatus) => void>()
  private readonly supplies: SupplyQueue
  private readonly timers: Timers
  private readonly random: () => number
  private readonly backoff: BackoffPolicy
  private timer: unknown = null
  private pumping = false
  private started = false
  private closed = false
  private inFlight: string | null = null
  private readonly abort = new AbortController()

  private constructor(
    private readonly store: OutboxStore,
    private readonly key: Buffer,
    private readonly opts: OutboxOptions,
  ) {
    this.timers = opts.timers ?? realTimers
    this.random = opts.random ?? Math.random
    this.backoff = opts.backoff ?? defaultBackoff
    this.supplies = new SupplyQueue(store, key, {
      log: opts.log,
      now: () => this.timers.now(),
      random: this.random,
      backoff: this.backoff,
      sender: opts.supplySender,
    })
  }

  /** Opens the store; throws (and so refuses to run) when the key provider is unsafe. */
  static async open(opts: OutboxOptions): Promise<Outbox> {
    const key = await opts.keyProvider.getKey()
    const store = new OutboxStore(opts.dbPath)
    opts.log.info({ keyStore: opts.keyProvider.description, ...store.settings() }, 'outbox opened')
    return new Outbox(store, key, opts)
  }

  /** Starts sending, beginning with whatever a previous run left unconfirmed. */
  start(): void {
    if (this.started || this.closed) return
    this.started = true
    const now = this.timers.now()
    const pruned = this.store.pruneConfirmed(now - (this.opts.retainConfirmedMs ?? 30 * DAY))
    const waiting = this.store.list().filter((r) => r.state === 'waiting').length
    this.opts.log.info({ waiting, pruned }, 'outbox started')
    this.store.makeAllDue(now)
    void this.pump()
  }

  /**
   * Stores the application durably and queues it. Resolves once it is on disk ("已提交，等待
   * 上传"); a repeat with the same id stores nothing new and returns the existing status.
   */
  async submit(input: Application): Promise<UploadStatus> {
    if (this.closed) throw new Error('outbox is closed')
    const app = Application.parse(input)
    const now = this.timers.now()
    const deferred = app.materials.flatMap((m) =>
      m.kind === 'deferred' ? [{ materialId: m.materialId, dueDate: m.dueDate }] : [],
    )
    const inserted = this.store.insert(
      {
        id: app.id,
        code: app.code,
        state: 'waiting',
        attempts: 0,
        next_attempt_at: now,
        payload: seal(this.key, Buffer.from(JSON.stringify(app), 'utf8'), app.id),
        deferred: JSON.stringify(deferred),
        created_at: app.createdAt,
      },
      now,
    )
    this.opts.log.info({ applicationId: app.id, code: app.code, inserted }, 'application stored')
    const status = this.status(app.id) as UploadStatus
    this.emit(status)
    if (this.started) void this.pump()
    return status
  }

  /**
   * Stores a rating durably (sealed, like an application) and queues it. One rating per
   * application: a second one for the same application stores nothing and returns the first.
   */
  submitRating(input: Rating): RatingQueueStatus {
    if (this.closed) throw new Error('outbox is closed')
    const rating = Rating.parse(input)
    const subject =
      rating.subject.kind === 'application' ? rating.subject.applicationId : rating.subject.callId
    const inserted = this.store.insertRating(
      rating.id,
      subject,
      seal(this.key, Buffer.from(JSON.stringify(rating), 'utf8'), `rating:${rating.id}`),
      this.timers.now(),
    )
    const row = this.store.ratingFor(subject) as RatingRow
    this.opts.log.info({ ratingId: row.id, inserted }, 'rating stored')
    if (this.started) void this.pump()
    return ratingStatus(row)
  }

  /**
   * Stores a 补交 durably (sealed: the card's ID number and the pages) and queues it; a repeat
   * of the same supplyId stores nothing and returns the first. Returns once it is on disk.
   */
  submitSupply(input: SupplyInput): SupplyQueueStatus {
    if (this.closed) throw new Error('outbox is closed')
    const status = this.supplies.submit(input)
    if (this.started) void this.pump()
    return status
  }

  supplyStatus(id: string): SupplyQueueStatus | undefined {
    return this.supplies.status(id)
  }

  listSupplies(): SupplyQueueStatus[] {
    return this.supplies.list()
  }

  onSupplyChange(listener: (status: SupplyQueueStatus) => void): () => void {
    return this.supplies.onChange(listener)
  }

  ratingStatus(id: string): RatingQueueStatus | undefined {
    const row = this.store.getRating(id)
    return row ? ratingStatus(row) : undefined
  }

  /** Print jobs kept in this outbox's database, sealed with its key (docs/printer.md). */
  printJobStore(): SealedPrintJobStore {
    return new SealedPrintJobStore(this.store, this.key)
  }

  /** What waits to be sent (for the health report, docs/fleet.md). */
  backlog(): ReturnType<OutboxStore['backlog']> {
    return this.store.backlog()
  }

  /** The SQLite durability settings in force (journal mode, synchronous level, secure_delete). */
  storageSettings(): ReturnType<OutboxStore['settings']> {
    return this.store.settings()
  }

  status(id: string): UploadStatus | undefined {
    const row = this.store.get(id)
    return row ? this.toStatus(row) : undefined
  }

  list(): UploadStatus[] {
    return this.store.list().map((r) => this.toStatus(r))
  }

  /** Called on every state change, e.g. to push the status to the UI. */
  onChange(listener: (status: UploadStatus) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Tries every waiting application now (connectivity came back). */
  retryNow(): void {
    if (this.closed) return
    this.store.makeAllDue(this.timers.now())
    void this.pump()
  }

  /** Stops sending and closes the store; an attempt in flight is abandoned, not recorded. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    if (this.timer !== null) this.timers.clearTimeout(this.timer)
    this.abort.abort()
    this.store.close()
  }

  private async pump(): Promise<void> {
    if (this.pumping || this.closed || !this.started) return
    this.pumping = true
    try {
      for (;;) {
        if (this.closed) return
        const now = this.timers.now()
        const { due, nextAt } = this.store.nextDue(now)
        if (due) {
          await this.attempt(due)
          continue
        }
        const supply = this.supplies.nextDue(now)
        if (supply.due) {
          await this.supplies.attempt(supply.due, this.abort.signal, () => this.closed)
          continue
        }
        // Applications first: a rating is linked to its application's case when both are there.
        const rating = this.opts.ratingSender ? this.store.nextDueRating(now) : {}
        if (rating.due) {
          await this.attemptRating(rating.due)
          continue
        }
        const next = Math.min(
          nextAt ?? Infinity,
          rating.nextAt ?? Infinity,
          supply.nextAt ?? Infinity,
        )
        if (next !== Infinity) this.schedule(next - now)
        return
      }
    } finally {
      this.pumping = false
    }
  }

  private schedule(ms: number): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer)
    this.timer = this.timers.setTimeout(
      () => {
        this.timer = null
        void this.pump()
      },
      Math.max(0, ms),
    )
  }

  private async attempt(row: OutboxRow): Promise<void> {
    const attempts = row.attempts + 1
    let app: Application
    try {
      const plain = open(this.key, row.payload as Buffer, row.id)
      app = Application.parse(JSON.parse(plain.toString('utf8')))
    } catch (e) {
      this.opts.log.error(
        { applicationId: row.id, err: (e as Error).name },
        'cannot open stored application',
      )
      this.store.recordFailure(row.id, attempts, 'unreadable at rest')
      this.emitRow(row.id)
      return
    }
    this.inFlight = row.id
    this.emitRow(row.id)
    let result: SendResult
    try {
      result = await this.opts.sender.send(app, this.abort.signal)
    } catch (e) {
      result = { kind: 'retry', reason: `sender threw ${(e as Error).name}` }
    } finally {
      this.inFlight = null
    }
    // A crash here loses only the knowledge of the outcome: the row is still waiting, and the
    // next attempt carries the same idempotency key.
    if (this.closed) return
    const log = { applicationId: row.id, code: row.code, attempts }
    if (result.kind === 'confirmed') {
      const c = result.confirmation
      this.store.recordConfirmed(
        row.id,
        attempts,
        c.caseNumber,
        c.progressUrl,
        c.receivedAt,
        c.cases,
      )
      this.opts.log.info(
        { ...log, caseNumber: c.caseNumber },
        'application confirmed; personal data purged',
      )
    } else if (result.kind === 'retry') {
      const delay = Math.max(
        backoffDelay(attempts, this.backoff, this.random),
        result.retryAfterMs ?? 0,
      )
      this.store.recordRetry(row.id, attempts, this.timers.now() + delay, result.reason)
      this.opts.log.warn(
        { ...log, reason: result.reason, delayMs: delay },
        'upload failed; will retry',
      )
    } else {
      this.store.recordFailure(row.id, attempts, result.reason)
      this.opts.log.error({ ...log, reason: result.reason }, 'server rejected the application')
    }
    this.emitRow(row.id)
  }

  private async attemptRating(row: RatingRow): Promise<void> {
    const attempts = row.attempts + 1
    let rating: Rating
    try {
      rating = Rating.parse(
        JSON.parse(open(this.key, row.payload as Buffer, `rating:${row.id}`).toString('utf8')),
      )
    } catch (e) {
      this.opts.log.error({ ratingId: row.id, err: (e as Error).name }, 'cannot open stored rating')
      this.store.recordRating(row.id, attempts, { state: 'failed', error: 'unreadable at rest' })
      return
    }
    let result: RatingSendResult
    try {
      result = await this.opts.ratingSender!.send(rating, this.abort.signal)
    } catch (e) {
      result = { kind: 'retry', reason: `sender threw ${(e as Error).name}` }
    }
    if (this.closed) return
    const log = { ratingId: row.id, attempts }
    if (result.kind === 'confirmed') {
      this.store.recordRating(row.id, attempts, { state: 'confirmed' })
      this.opts.log.info({ ...log, caseNumber: result.receipt.caseNumber }, 'rating confirmed')
    } else if (result.kind === 'retry') {
      const delay = Math.max(
        backoffDelay(attempts, this.backoff, this.random),
        result.retryAfterMs ?? 0,
      )
      const nextAt = this.timers.now() + delay
      this.store.recordRating(row.id, attempts, { state: 'waiting', nextAt, error: result.reason })
      this.opts.log.warn(
        { ...log, reason: result.reason, delayMs: delay },
        'rating not sent; will retry',
      )
    } else {
      this.store.recordRating(row.id, attempts, { state: 'failed', error: result.reason })
      this.opts.log.error({ ...log, reason: result.reason }, 'server rejected the rating')
    }
  }

  private toStatus(row: OutboxRow): UploadStatus {
    const state: UploadState = row.id === this.inFlight ? 'uploading' : row.state
    return {
      applicationId: row.id,
      code: row.code,
      state,
      attempts: row.attempts,
      nextAttemptAt: row.state === 'waiting' ? row.next_attempt_at : null,
      caseNumber: row.case_number,
      progressUrl: row.progress_url,
      deferred: JSON.parse(row.deferred) as UploadStatus['deferred'],
      cases: JSON.parse(row.cases) as UploadStatus['cases'],
      createdAt: row.created_at,
      confirmedAt: row.confirmed_at,
    }
  }

  private emitRow(id: string): void {
    const status = this.status(id)
    if (status) this.emit(status)
  }

  private emit(status: UploadStatus): void {
    for (const l of this.listeners) {
      try {
        l(status)
      } catch (e) {
        this.opts.log.warn({ err: (e as Error).message }, 'outbox listener threw')
      }
    }
  }
}

function ratingStatus(row: RatingRow): RatingQueueStatus {
  return {
    ratingId: row.id,
    applicationId: row.subject_id,
    state: row.state,
    attempts: row.attempts,
  }
}
