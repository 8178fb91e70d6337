import { randomUUID } from 'node:crypto'
import {
  ReceiptData,
  type PaperWidth,
  type PrintJobInfo,
  type PrinterFlags,
  type PrinterStatus,
  type ReceiptDataInput,
} from '../../../../common/devices/printer'
import type { DeviceHealth, DeviceState } from '../../../../common/domain/device-health'
import { silentLogger, type Logger } from '../../../../node-common/logger'
import type { ByteTransport, TransportError, Unsubscribe } from '../ports'
import {
  clearBuffers,
  autoStatusBack,
  concatBytes,
  init,
  paperStatusInOrder,
  statusRequest,
} from './escpos'
import { MemoryPrintJobStore, jobInfo, type PrintJob, type PrintJobStore } from './job-store'
import { layoutReceipt, layoutTestPage } from './layout'
import { layoutResultNotice, type ResultNoticePrint } from './result-layout'
import { layoutGuideNotice, type GuideNoticePrint } from './guide-layout'
import {
  PrinterStateMachine,
  StatusStreamDecoder,
  canPrint,
  parseDleEot,
  type DleEotKind,
} from './status'
import { CodedError } from '../coded-error'

/**
 * The receipt-printer driver a device manager plugs in: attach a ByteTransport, print
 * receipts, watch status and health.
 *
 * A job stays in the store until the printer confirms it printed: a GS r 1 request follows
 * every job and the printer answers it only after printing everything before it. If the
 * printer stops mid-job (paper out, cover open, offline, unplugged), the job is marked
 * interrupted, the printer's buffers are cleared (DLE DC4 fn 8) so a stale half-job does not
 * resume on refill, and the whole job is sent again once the printer can print.
 */

export class PrinterError extends CodedError<'CLOSED' | 'NOT_ATTACHED' | 'NO_REPLY'> {
  override readonly name = 'PrinterError'
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
}

export interface PrinterDriverOptions {
  paper: PaperWidth
  store?: PrintJobStore
  logger?: Logger
  now?: () => Date
  timers?: Timers
  /** How long to wait for one DLE EOT reply. */
  replyTimeoutMs?: number
  /** Status poll while idle (ASB reports changes too; the poll catches a printer gone silent). */
  pollIntervalMs?: number
  /** Status poll while a job is printing, for printers without ASB. */
  printingPollMs?: number
  /** Longest a job may take to print before the driver asks the printer how it went. */
  printTimeoutMs?: number
  /** Enable Automatic Status Back (GS a) on attach. */
  asb?: boolean
  newId?: () => string
}

type AttemptOutcome = { printed: true } | { printed: false; reason: string }

interface Deferred<T> {
  promise: Promise<T>
  resolve(value: T): void
  reject(error: unknown): void
}
function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

export class ReceiptPrinterDriver {
  private readonly store: PrintJobStore
  private readonly log: Logger
  private readonly now: () => Date
  private readonly timers: Timers
  private readonly machine: PrinterStateMachine
  private transport: ByteTransport | null = null
  private unsubscribe: Unsubscribe[] = []
  private decoder = new StatusStreamDecoder()
  private readonly replyWaiters: ((byte: number | null) => void)[] = []
  private queryChain: Promise<unknown> = Promise.resolve()
  private attempt: Deferred<AttemptOutcome> | null = null
  private pumping = false
  private closed = false
  private pollHandle: unknown = null
  private retryHandle: unknown = null
  private readonly printedWaiters = new Map<string, Deferred<PrintJobInfo>[]>()
  private readonly statusListeners = new Set<(s: PrinterStatus) => void>()
  private readonly healthListeners = new Set<(h: DeviceHealth) => void>()
  private readonly jobListeners = new Set<(j: PrintJobInfo) => void>()
  private currentHealth: DeviceHealth
  private paperWidth: PaperWidth

  constructor(private readonly opts: PrinterDriverOptions) {
    this.paperWidth = opts.paper
    this.store = opts.store ?? new MemoryPrintJobStore()
    this.log = opts.logger ?? silentLogger()
    this.now = opts.now ?? (() => new Date())
    this.timers = opts.timers ?? realTimers
    this.machine = new PrinterStateMachine(this.now)
    this.currentHealth = this.computeHealth()
  }

  // ---- Public API ----

  /** The roll the next job is laid out for. */
  get paper(): PaperWidth {
    return this.paperWidth
  }
  /** A technician changed the roll (local settings): jobs queued from now on use it. */
  setPaper(paper: PaperWidth): void {
    this.paperWidth = paper
  }

  status(): PrinterStatus {
    return this.machine.status
  }
  health(): DeviceHealth {
    return this.currentHealth
  }
  jobs(): PrintJobInfo[] {
    return this.store.list().map(jobInfo)
  }
  onStatus(listener: (s: PrinterStatus) => void): Unsubscribe {
    this.statusListeners.add(listener)
    return () => this.statusListeners.delete(listener)
  }
  onHealth(listener: (h: DeviceHealth) => void): Unsubscribe {
    this.healthListeners.add(listener)
    return () => this.healthListeners.delete(listener)
  }
  onJob(listener: (j: PrintJobInfo) => void): Unsubscribe {
    this.jobListeners.add(listener)
    return () => this.jobListeners.delete(listener)
  }

  /** Starts using a transport (after open or re-open); jobs waiting in the store resume. */
  async attach(transport: ByteTransport): Promise<void> {
    if (this.closed) throw new PrinterError('CLOSED', 'driver closed')
    this.detachTransport()
    this.transport = transport
    this.decoder = new StatusStreamDecoder()
    this.unsubscribe = [
      transport.onData((bytes) => this.onBytes(bytes)),
      transport.onError((error) => this.onTransportError(transport, error)),
    ]
    this.log.info({ source: transport.source }, 'printer attached')
    try {
      await transport.write(
        concatBytes([init(), ...(this.opts.asb === false ? [] : [autoStatusBack(0x0f)])]),
      )
    } catch (error) {
      this.onTransportError(transport, error as TransportError)
      return
    }
    await this.refresh()
    this.schedulePoll()
    void this.pump()
  }

  /** Validates and lays out a receipt, then queues it. `printed` resolves once it is on paper. */
  print(receipt: ReceiptDataInput): { job: PrintJobInfo; printed: Promise<PrintJobInfo> } {
    const data = ReceiptData.parse(receipt)
    const { bytes } = layoutReceipt(data, { paper: this.paperWidth })
    return this.enqueue(data.caseNumber, bytes)
  }

  /** Lays out a signed result notice with its QR code and queues it. */
  printResult(notice: ResultNoticePrint): { job: PrintJobInfo; printed: Promise<PrintJobInfo> } {
    const { bytes } = layoutResultNotice(notice, { paper: this.paperWidth })
    return this.enqueue(`result ${notice.caseNumber}`, bytes)
  }

  /** Lays out an item's 一次告知单 and queues it. */
  printGuide(notice: GuideNoticePrint): { job: PrintJobInfo; printed: Promise<PrintJobInfo> } {
    const { bytes } = layoutGuideNotice(notice, { paper: this.opts.paper })
    return this.enqueue(`guide ${notice.itemCode}`, bytes)
  }

  printTestPage(): { job: PrintJobInfo; printed: Promise<PrintJobInfo> } {
    return this.enqueue('test-page', layoutTestPage(this.paperWidth, this.now()))
  }

  /** Queues ready-made ESC/POS bytes. */
  enqueue(label: string, bytes: Uint8Array): { job: PrintJobInfo; printed: Promise<PrintJobInfo> } {
    if (this.closed) throw new PrinterError('CLOSED', 'driver closed')
    const job: PrintJob = {
      id: this.opts.newId?.() ?? randomUUID(),
      label: label.slice(0, 60),
      bytes,
      state: 'pending',
      attempts: 0,
      createdAt: this.now().toISOString(),
    }
    this.store.add(job)
    const printed = this.whenPrinted(job.id)
    this.emitJob(job)
    void this.pump()
    return { job: jobInfo(job), printed }
  }

  /** Resolves when the job has printed (at once if it already has). */
  whenPrinted(id: string): Promise<PrintJobInfo> {
    const job = this.store.get(id)
    if (job?.state === 'printed') return Promise.resolve(jobInfo(job))
    const d = deferred<PrintJobInfo>()
    const list = this.printedWaiters.get(id) ?? []
    list.push(d)
    this.printedWaiters.set(id, list)
    return d.promise
  }

  /** Asks the printer for DLE EOT 1–4 and updates the state. */
  async refresh(): Promise<PrinterStatus> {
    const flags: Partial<PrinterFlags> = {}
    for (const n of [1, 2, 3, 4] as const) {
      const byte = await this.query(n)
      if (byte === null) {
        if (this.transport) this.applyStatus({ type: 'no-reply' })
        return this.status()
      }
      try {
        Object.assign(flags, parseDleEot(n, byte))
      } catch (error) {
        this.log.warn({ err: (error as Error).message }, 'bad status reply')
      }
    }
    this.applyStatus({ type: 'flags', flags })
    return this.status()
  }

  /** Stops polling and detaches. Jobs stay in the store; waiters are told the driver closed. */
  async close(): Promise<void> {
    this.closed = true
    const transport = this.transport
    this.detachTransport()
    this.attempt?.resolve({ printed: false, reason: 'closed' })
    for (const list of this.printedWaiters.values()) {
      for (const d of list) d.reject(new PrinterError('CLOSED', 'printer driver closed'))
    }
    this.printedWaiters.clear()
    await transport?.close().catch(() => undefined)
  }

  // ---- Internals ----

  private detachTransport(): void {
    for (const u of this.unsubscribe) u()
    this.unsubscribe = []
    this.transport = null
    if (this.pollHandle !== null) this.timers.clearTimeout(this.pollHandle)
    this.pollHandle = null
    if (this.retryHandle !== null) this.timers.clearTimeout(this.retryHandle)
    this.retryHandle = null
    while (this.replyWaiters.length > 0) this.replyWaiters.shift()!(null)
  }

  private onTransportError(transport: ByteTransport, error: TransportError): void {
    if (this.transport !== transport) return
    this.log.warn({ source: transport.source, code: error.code }, 'printer transport lost')
    this.detachTransport()
    this.applyStatus({ type: 'disconnected' })
  }

  private onBytes(bytes: Uint8Array): void {
    for (const event of this.decoder.push(bytes)) {
      switch (event.type) {
        case 'dle-eot': {
          const waiter = this.replyWaiters.shift()
          waiter?.(event.byte)
          break
        }
        case 'asb':
          this.applyStatus({ type: 'flags', flags: event.flags })
          break
        case 'gs-r':
          // The in-order marker after a job: everything before it has been printed.
          this.attempt?.resolve({ printed: true })
          break
        case 'error':
          this.log.warn(
            { code: event.error.code, err: event.error.message },
            'unexpected printer bytes',
          )
          break
      }
    }
  }

  /** One DLE EOT n round trip; null when the printer does not answer in time. */
  private query(n: DleEotKind): Promise<number | null> {
    const run = async (): Promise<number | null> => {
      const transport = this.transport
      if (!transport) return null
      return new Promise<number | null>((resolve) => {
        let settled = false
        const waiter = (byte: number | null) => {
          if (settled) return
          settled = true
          this.timers.clearTimeout(timer)
          resolve(byte)
        }
        const timer = this.timers.setTimeout(() => {
          const i = this.replyWaiters.indexOf(waiter)
          if (i >= 0) this.replyWaiters.splice(i, 1)
          waiter(null)
        }, this.opts.replyTimeoutMs ?? 1000)
        this.replyWaiters.push(waiter)
        transport.write(statusRequest(n)).catch(() => waiter(null))
      })
    }
    const result = this.queryChain.then(run, run)
    this.queryChain = result
    return result
  }

  private applyStatus(input: Parameters<PrinterStateMachine['apply']>[0]): void {
    const changed = this.machine.apply(input)
    if (!changed) return
    this.log.info({ state: changed.state, detail: changed.detail }, 'printer status')
    for (const l of this.statusListeners) l(changed)
    if (this.attempt && !canPrint(changed.state)) {
      this.attempt.resolve({ printed: false, reason: changed.detail ?? changed.state })
    }
    this.updateHealth()
    if (canPrint(changed.state)) void this.pump()
  }

  private computeHealth(): DeviceHealth {
    const s = this.machine.status
    let state: DeviceState
    if (s.state === 'disconnected') state = 'disconnected'
    else if (s.state === 'ready') state = this.attempt ? 'busy' : 'ready'
    else if (s.state === 'paper-near-end') state = 'warning'
    else state = 'error'
    return {
      role: 'receipt-printer',
      state,
      source: this.transport?.source ?? this.currentHealth?.source ?? 'none',
      ...(s.detail && s.detail !== 'disconnected' ? { detail: s.detail } : {}),
      since: this.now().toISOString(),
    }
  }

  private updateHealth(): void {
    const next = this.computeHealth()
    const prev = this.currentHealth
    if (prev.state === next.state && prev.detail === next.detail && prev.source === next.source)
      return
    this.currentHealth = next
    for (const l of this.healthListeners) l(next)
  }

  private schedulePoll(): void {
    if (this.pollHandle !== null) this.timers.clearTimeout(this.pollHandle)
    const ms = this.attempt
      ? (this.opts.printingPollMs ?? 1000)
      : (this.opts.pollIntervalMs ?? 5000)
    this.pollHandle = this.timers.setTimeout(() => {
      this.pollHandle = null
      if (!this.transport || this.closed) return
      void this.refresh().finally(() => {
        if (this.transport && !this.closed && this.pollHandle === null) this.schedulePoll()
      })
    }, ms)
  }

  private async pump(): Promise<void> {
    if (this.pumping || this.closed) return
    this.pumping = true
    try {
      for (;;) {
        const job = this.store.next()
        if (!job || !this.transport || !canPrint(this.status().state)) return
        if (!(await this.runJob(job))) return
      }
    } finally {
      this.pumping = false
    }
  }

  /** Returns whether the queue may go straight on to the next job. */
  private async runJob(job: PrintJob): Promise<boolean> {
    const transport = this.transport!
    job.state = 'printing'
    job.attempts += 1
    delete job.interruptedBy
    this.store.update(job)
    this.emitJob(job)
    const attempt = deferred<AttemptOutcome>()
    this.attempt = attempt
    this.updateHealth()
    this.schedulePoll()
    const timeout = this.timers.setTimeout(
      () => void this.confirmAfterTimeout(attempt),
      this.opts.printTimeoutMs ?? 60_000,
    )
    this.log.info({ job: job.id, label: job.label, attempt: job.attempts }, 'printing')
    transport
      .write(concatBytes([job.bytes, paperStatusInOrder()]))
      .catch(() => attempt.resolve({ printed: false, reason: 'write-failed' }))

    const outcome = await attempt.promise
    this.timers.clearTimeout(timeout)
    this.attempt = null

    if (outcome.printed) {
      job.state = 'printed'
      job.printedAt = this.now().toISOString()
      this.store.update(job)
      this.store.prunePrinted(50)
      this.log.info({ job: job.id, label: job.label }, 'printed')
      const info = jobInfo(job)
      for (const d of this.printedWaiters.get(job.id) ?? []) d.resolve(info)
      this.printedWaiters.delete(job.id)
      this.emitJob(job)
      this.updateHealth()
      if (this.transport && !this.closed) this.schedulePoll()
      return true
    }
    {
      job.state = 'interrupted'
      job.interruptedBy = outcome.reason
      this.store.update(job)
      this.log.warn({ job: job.id, label: job.label, reason: outcome.reason }, 'print interrupted')
      this.emitJob(job)
      // Drop the unprinted rest in the printer so it cannot come out after a refill; the whole
      // job is sent again instead. Real-time, so it works while the printer is stopped.
      if (this.transport)
        await this.transport.write(concatBytes([clearBuffers(), init()])).catch(() => undefined)
    }
    this.updateHealth()
    if (this.transport && !this.closed) {
      this.schedulePoll()
      // The printer still looks fine (e.g. a write failed): retry after a pause, not in a loop.
      if (canPrint(this.status().state)) this.retryLater()
    }
    return false
  }

  private retryLater(): void {
    if (this.retryHandle !== null) return
    this.retryHandle = this.timers.setTimeout(() => {
      this.retryHandle = null
      void this.pump()
    }, this.opts.pollIntervalMs ?? 5000)
  }

  /**
   * No marker arrived in time. If the printer still reports itself fine, the job most likely
   * printed on a printer without GS r: count it printed rather than risk a duplicate receipt.
   */
  private async confirmAfterTimeout(attempt: Deferred<AttemptOutcome>): Promise<void> {
    const status = await this.refresh()
    if (canPrint(status.state)) {
      this.log.warn({}, 'no print confirmation from printer; assuming printed')
      attempt.resolve({ printed: true })
    } else {
      attempt.resolve({ printed: false, reason: status.detail ?? status.state })
    }
  }

  private emitJob(job: PrintJob): void {
    const info = jobInfo(job)
    for (const l of this.jobListeners) l(info)
  }
}
