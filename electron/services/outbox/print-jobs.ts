import type { PrintJob, PrintJobStore } from '../devices/printer/job-store'
import { open, seal } from '../../../node-common/seal'
import type { OutboxStore, PrintJobRow } from './store'

/**
 * The receipt printer's queue in the outbox's SQLite file, so a receipt queued while the printer
 * is out of paper or unplugged survives a restart of the kiosk and prints once afterwards. The
 * ESC/POS bytes (masked name, case number, QR) are sealed with the outbox key; a job is deleted
 * as soon as it has printed, and only its metadata stays, in memory, for the technician's list.
 * A job that was printing when the kiosk died is printed again: a second receipt is better than
 * none.
 */
export class SealedPrintJobStore implements PrintJobStore {
  private readonly printed = new Map<string, PrintJob>()

  constructor(
    private readonly store: OutboxStore,
    private readonly key: Buffer,
  ) {}

  add(job: PrintJob): void {
    if (this.get(job.id)) throw new Error(`duplicate print job ${job.id}`)
    this.store.insertPrintJob({
      id: job.id,
      label: job.label,
      state: job.state,
      attempts: job.attempts,
      created_at: job.createdAt,
      interrupted_by: job.interruptedBy ?? null,
      payload: seal(this.key, Buffer.from(job.bytes), `print-job:${job.id}`),
    })
  }

  update(job: PrintJob): void {
    if (job.state === 'printed') {
      this.store.deletePrintJob(job.id)
      this.printed.set(job.id, { ...job, bytes: new Uint8Array(0) })
      return
    }
    this.store.updatePrintJob(job.id, job.state, job.attempts, job.interruptedBy ?? null)
  }

  next(): PrintJob | undefined {
    for (const row of this.store.printJobs()) {
      const job = this.toJob(row)
      if (job) return job
    }
    return undefined
  }

  get(id: string): PrintJob | undefined {
    const printed = this.printed.get(id)
    if (printed) return { ...printed }
    const row = this.store.printJobs().find((r) => r.id === id)
    return row ? (this.toJob(row) ?? undefined) : undefined
  }

  list(): PrintJob[] {
    const waiting = this.store.printJobs().flatMap((r) => this.toJob(r) ?? [])
    return [...this.printed.values(), ...waiting].map((j) => ({ ...j }))
  }

  prunePrinted(keep: number): void {
    const ids = [...this.printed.keys()]
    for (const id of ids.slice(0, Math.max(0, ids.length - keep))) this.printed.delete(id)
  }

  /** Null (and the row dropped) when the bytes cannot be opened, e.g. after the key was lost. */
  private toJob(row: PrintJobRow): PrintJob | null {
    let bytes: Uint8Array
    try {
      bytes = new Uint8Array(open(this.key, Buffer.from(row.payload), `print-job:${row.id}`))
    } catch {
      this.store.deletePrintJob(row.id)
      return null
    }
    return {
      id: row.id,
      label: row.label,
      bytes,
      state: row.state as PrintJob['state'],
      attempts: row.attempts,
      createdAt: row.created_at,
      ...(row.interrupted_by ? { interruptedBy: row.interrupted_by } : {}),
    }
  }
}
