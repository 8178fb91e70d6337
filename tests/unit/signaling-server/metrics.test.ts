import { afterEach, describe, expect, it } from 'vitest'
import { createCentreMetrics, type CentreMetrics } from '../../../signaling-server/src/metrics'
import type { Store } from '../../../signaling-server/src/store/types'

let metrics: CentreMetrics | undefined
afterEach(() => metrics?.close())

describe('centre metrics', () => {
  it('counts a failing store call by method and still passes the failure on', async () => {
    metrics = createCentreMetrics({ process: false })
    const failing = {
      getUser: () => Promise.reject(new Error('connection refused')),
      listQueueEntries: () => Promise.resolve([]),
    } as unknown as Store
    const store = metrics.instrumentStore(failing)
    await expect(store.getUser('u1')).rejects.toThrow('connection refused')
    await expect(store.listQueueEntries()).resolves.toEqual([])
    const text = await metrics.registry.metrics()
    expect(text).toContain('centre_store_errors_total{method="getUser"} 1')
    expect(text).not.toContain('centre_store_errors_total{method="listQueueEntries"}')
    expect(text).toContain('centre_store_seconds_count{method="listQueueEntries"} 1')
  })
})
