// The outbox's backlog for the health report: applications, ratings and 补交 still waiting,
// and when the oldest of them was stored; sent ones do not count.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { OutboxStore } from '../../../../../electron/services/outbox/store'

const T0 = Date.UTC(2026, 5, 1, 8, 0)

describe('outbox backlog', () => {
  it('counts what waits across the queues and names the oldest', () => {
    const store = new OutboxStore(join(mkdtempSync(join(tmpdir(), 'backlog-')), 'outbox.db'))
    try {
      expect(store.backlog()).toEqual({ waiting: 0, oldestCreatedMs: null })
      const app = (id: string) => ({
        id,
        code: 'pension-cert',
        state: 'waiting' as const,
        attempts: 0,
        next_attempt_at: T0,
        payload: Buffer.from('sealed'),
        deferred: '[]',
        created_at: new Date(T0).toISOString(),
      })
      store.insert(app('a1'), T0 + 2_000)
      store.insert(app('a2'), T0 + 5_000)
      store.insertRating('r1', 'a1', Buffer.from('sealed'), T0 + 1_000)
      store.insertSupply(
        { id: 's1', caseNumber: '20260601-000001', materialId: 'photo', payload: Buffer.from('x') },
        T0 + 3_000,
      )
      expect(store.backlog()).toEqual({ waiting: 4, oldestCreatedMs: T0 + 1_000 })
      store.recordRating('r1', 1, { state: 'confirmed' })
      store.recordConfirmed(
        'a1',
        1,
        '20260601-000002',
        'https://centre/p/x',
        new Date().toISOString(),
      )
      expect(store.backlog()).toEqual({ waiting: 2, oldestCreatedMs: T0 + 3_000 })
    } finally {
      store.close()
    }
  })
})
