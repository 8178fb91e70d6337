import { SupplyRequest } from '../../../common/cases/terminal'
import { backoffDelay, type BackoffPolicy } from '../../../node-common/backoff'
import type { Logger } from '../../../node-common/logger'
import { open, seal } from '../../../node-common/seal'
import type { SupplySender, SupplySendResult } from './sender'
import type { OutboxStore, SupplyRow } from './store'

/** Where a queued 补交 is (nothing personal: the case, the material, the state). */
export interface SupplyQueueStatus {
  supplyId: string
  caseNumber: string
  materialId: string
  state: 'waiting' | 'confirmed' | 'failed'
  attempts: number
  /** The case's status the centre answered once confirmed. */
  statusAfter: string | null
}

export type SupplyInput = SupplyRequest & { caseNumber: string }

/**
 * The outbox's 补交 queue (docs/outbox.md, "Supplies"): stored sealed before the answer, sent
 * by the outbox's loop with the supplyId as the idempotency key, the pages dropped once the
 * centre has them. The loop (outbox.ts) decides when; this decides what one attempt records.
 */
export class SupplyQueue {
  private readonly listeners = new Set<(status: SupplyQueueStatus) => void>()

  constructor(
    private readonly store: OutboxStore,
    private readonly key: Buffer,
    private readonly deps: {
      log: Logger
      now: () => number
      random: () => number
      backoff: BackoffPolicy
      sender?: SupplySender | undefined
    },
  ) {}

  /** Stores one 补交 (a repeat of its supplyId stores nothing) and returns its status. */
  submit(input: SupplyInput): SupplyQueueStatus {
    const { caseNumber, ...rest } = input
    const supply = SupplyRequest.parse(rest)
    const inserted = this.store.insertSupply(
      {
        id: supply.supplyId,
        caseNumber,
        materialId: supply.materialId,
        payload: seal(
          this.key,
          Buffer.from(JSON.stringify({ caseNumber, ...supply }), 'utf8'),
          `supply:${supply.supplyId}`,
        ),
      },
      this.deps.now(),
    )
    this.deps.log.info(
      { supplyId: supply.supplyId, caseNumber, pages: supply.pages.length, inserted },
      'supply stored',
    )
    const status = supplyStatus(this.store.getSupply(supply.supplyId) as SupplyRow)
    this.emit(status)
    return status
  }

  status(id: string): SupplyQueueStatus | undefined {
    const row = this.store.getSupply(id)
    return row ? supplyStatus(row) : undefined
  }

  list(): SupplyQueueStatus[] {
    return this.store.listSupplies().map(supplyStatus)
  }

  onChange(listener: (status: SupplyQueueStatus) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** The next due 补交 when a sender is configured (else they wait). */
  nextDue(now: number): { due?: SupplyRow; nextAt?: number } {
    return this.deps.sender ? this.store.nextDueSupply(now) : {}
  }

  /** One attempt; `closed()` after the answer means the process is going: record nothing. */
  async attempt(row: SupplyRow, signal: AbortSignal, closed: () => boolean): Promise<void> {
    const attempts = row.attempts + 1
    let supply: SupplyInput
    try {
      const plain = open(this.key, row.payload as Buffer, `supply:${row.id}`).toString('utf8')
      const body = JSON.parse(plain) as { caseNumber: string }
      supply = { ...SupplyRequest.parse(body), caseNumber: body.caseNumber }
    } catch (e) {
      this.deps.log.error({ supplyId: row.id, err: (e as Error).name }, 'cannot open stored supply')
      this.store.recordSupply(row.id, attempts, { state: 'failed', error: 'unreadable at rest' })
      this.emitRow(row.id)
      return
    }
    let result: SupplySendResult
    try {
      result = await this.deps.sender!.send(supply, signal)
    } catch (e) {
      result = { kind: 'retry', reason: `sender threw ${(e as Error).name}` }
    }
    // Killed or closed before the answer: the row still waits, and the resend carries the same
    // supplyId, which the centre stores once.
    if (closed()) return
    const log = { supplyId: row.id, caseNumber: row.case_number, attempts }
    if (result.kind === 'confirmed') {
      this.store.recordSupply(row.id, attempts, {
        state: 'confirmed',
        statusAfter: result.receipt.status,
      })
      this.deps.log.info(
        { ...log, status: result.receipt.status },
        'supply confirmed; pages purged',
      )
    } else if (result.kind === 'retry') {
      const delay = Math.max(
        backoffDelay(attempts, this.deps.backoff, this.deps.random),
        result.retryAfterMs ?? 0,
      )
      this.store.recordSupply(row.id, attempts, {
        state: 'waiting',
        nextAt: this.deps.now() + delay,
        error: result.reason,
      })
      this.deps.log.warn(
        { ...log, reason: result.reason, delayMs: delay },
        'supply not sent; will retry',
      )
    } else {
      this.store.recordSupply(row.id, attempts, { state: 'failed', error: result.reason })
      this.deps.log.error({ ...log, reason: result.reason }, 'server refused the supply')
    }
    this.emitRow(row.id)
  }

  private emitRow(id: string): void {
    const status = this.status(id)
    if (status) this.emit(status)
  }

  private emit(status: SupplyQueueStatus): void {
    for (const l of this.listeners) {
      try {
        l(status)
      } catch (e) {
        this.deps.log.warn({ err: (e as Error).message }, 'outbox listener threw')
      }
    }
  }
}

function supplyStatus(row: SupplyRow): SupplyQueueStatus {
  return {
    supplyId: row.id,
    caseNumber: row.case_number,
    materialId: row.material_id,
    state: row.state,
    attempts: row.attempts,
    statusAfter: row.status_after,
  }
}
