import type { CaseStatus } from '../../../common/applications/schema'
import { statusQueue, type CaseChangedEvent } from '../../../common/cases/view'

/*
 * Where a case's changes are told to whoever listens (the staff sockets' push, push.ts): a
 * submission, an action, a claim taken, released or reassigned. In-process only: a centre of
 * several nodes pushes from the node the change happened on (docs/back-office.md).
 */

export interface CaseChange {
  caseNumber: string
  itemCode: string
  /** Which clerks may hear of it. */
  categoryId: string
  status: CaseStatus
  change: CaseChangedEvent['change']
}

export interface CaseFeed {
  publish(c: CaseChange): void
  /** The listener gets every change with its event payload; returns the unsubscribe. */
  subscribe(fn: (c: CaseChange, event: CaseChangedEvent) => void): () => void
}

export function createCaseFeed(onError: (err: unknown) => void = () => {}): CaseFeed {
  const listeners = new Set<(c: CaseChange, event: CaseChangedEvent) => void>()
  return {
    publish(c) {
      const event: CaseChangedEvent = {
        caseNumber: c.caseNumber,
        itemCode: c.itemCode,
        status: c.status,
        queue: statusQueue(c.status),
        change: c.change,
      }
      // A failing listener must not fail the action that was already recorded.
      for (const fn of listeners)
        try {
          fn(c, event)
        } catch (err) {
          onError(err)
        }
    },
    subscribe(fn) {
      listeners.add(fn)
      return () => listeners.delete(fn)
    },
  }
}
