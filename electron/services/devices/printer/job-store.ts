import type { PrintJobInfo, PrintJobState } from '../../../../common/devices/printer'

/** A print job with its encoded bytes; kept until the printer confirms it printed. */
export interface PrintJob {
  id: string
  label: string
  bytes: Uint8Array
  state: PrintJobState
  attempts: number
  createdAt: string
  printedAt?: string
  interruptedBy?: string
}

/**
 * Where jobs wait. The driver only needs these few calls, so a durable store (SQLite via
 * libsql, so a receipt survives a crash or restart of the kiosk) can replace the in-memory
 * one without touching the driver. Synchronous on purpose: libsql is synchronous too.
 */
export interface PrintJobStore {
  add(job: PrintJob): void
  update(job: PrintJob): void
  /** The oldest job not yet printed, if any. */
  next(): PrintJob | undefined
  get(id: string): PrintJob | undefined
  /** Jobs in creation order, printed ones included until pruned. */
  list(): PrintJob[]
  /** Forgets printed jobs beyond the newest `keep`. */
  prunePrinted(keep: number): void
}

export class MemoryPrintJobStore implements PrintJobStore {
  private readonly jobs = new Map<string, PrintJob>()

  add(job: PrintJob): void {
    if (this.jobs.has(job.id)) throw new Error(`duplicate print job ${job.id}`)
    this.jobs.set(job.id, { ...job })
  }
  update(job: PrintJob): void {
    if (!this.jobs.has(job.id)) throw new Error(`unknown print job ${job.id}`)
    this.jobs.set(job.id, { ...job })
  }
  next(): PrintJob | undefined {
    for (const job of this.jobs.values()) if (job.state !== 'printed') return { ...job }
    return undefined
  }
  get(id: string): PrintJob | undefined {
    const job = this.jobs.get(id)
    return job ? { ...job } : undefined
  }
  list(): PrintJob[] {
    return [...this.jobs.values()].map((j) => ({ ...j }))
  }
  prunePrinted(keep: number): void {
    const printed = [...this.jobs.values()].filter((j) => j.state === 'printed')
    for (const job of printed.slice(0, Math.max(0, printed.length - keep))) this.jobs.delete(job.id)
  }
}

export function jobInfo(job: PrintJob): PrintJobInfo {
  return {
    id: job.id,
    label: job.label,
    state: job.state,
    attempts: job.attempts,
    createdAt: job.createdAt,
    ...(job.printedAt ? { printedAt: job.printedAt } : {}),
    ...(job.interruptedBy ? { interruptedBy: job.interruptedBy } : {}),
  }
}
