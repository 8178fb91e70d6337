import { describe, expect, it, vi } from 'vitest'
import {
  DeviceManager,
  type ManagedDriver,
} from '../../../../../../electron/services/devices/manager'
import { ReceiptPrinterDriver } from '../../../../../../electron/services/devices/printer/driver'
import { PrinterSimulator } from '../../../../../../electron/services/devices/printer/simulator'
import { sampleInput } from './fixtures'

describe('printer under the device manager', () => {
  it('unplug during a job: the manager reopens after replug and the job prints once', async () => {
    const sim = new PrinterSimulator()
    const driver = new ReceiptPrinterDriver({
      paper: '58mm',
      replyTimeoutMs: 50,
      pollIntervalMs: 40,
      printingPollMs: 20,
    })
    const managed: ManagedDriver = driver // compile-time: the driver plugs into the manager
    const manager = new DeviceManager(
      [{ role: 'receipt-printer', source: sim.source, open: sim.opener(), driver: managed }],
      { backoff: { initialMs: 10, maxMs: 20 } },
    )
    try {
      await manager.start()
      await vi.waitFor(() => expect(driver.health().state).toBe('ready'), { timeout: 2000 })
      sim.pause()
      const { printed } = driver.print(sampleInput())
      await vi.waitFor(() => expect(driver.jobs()[0]?.state).toBe('printing'), { timeout: 2000 })
      sim.unplug()
      await vi.waitFor(() => expect(driver.health().state).toBe('disconnected'), { timeout: 2000 })
      await new Promise((r) => setTimeout(r, 60)) // a few failed re-opens while unplugged
      sim.replug()
      sim.resume()
      await expect(printed).resolves.toMatchObject({ state: 'printed', attempts: 2 })
      expect(sim.completeReceipts().filter((r) => r.text.includes('QS20240501-0007'))).toHaveLength(
        1,
      )
    } finally {
      await manager.stop()
      await driver.close()
    }
  })
})
