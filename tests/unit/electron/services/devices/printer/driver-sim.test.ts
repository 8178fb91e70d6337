import { afterEach, describe, expect, it, vi } from 'vitest'
import { printerStateMessages, type PrintJobInfo } from '../../../../../../common/devices/printer'
import { DeviceHealth } from '../../../../../../common/domain/device-health'
import { createLogger } from '../../../../../../node-common/logger'
import {
  ReceiptPrinterDriver,
  type PrinterDriverOptions,
} from '../../../../../../electron/services/devices/printer/driver'
import {
  PrinterSimulator,
  type PrinterSimOptions,
} from '../../../../../../electron/services/devices/printer/simulator'
import { sampleInput } from './fixtures'

const drivers: ReceiptPrinterDriver[] = []
afterEach(async () => {
  await Promise.all(drivers.splice(0).map((d) => d.close()))
})

async function rig(sim: PrinterSimOptions = {}, driver: Partial<PrinterDriverOptions> = {}) {
  const printer = new PrinterSimulator(sim)
  const d = new ReceiptPrinterDriver({
    paper: '58mm',
    replyTimeoutMs: 50,
    pollIntervalMs: 40,
    printingPollMs: 20,
    printTimeoutMs: 2000,
    ...driver,
  })
  drivers.push(d)
  await d.attach(printer)
  return { sim: printer, driver: d }
}

const waitFor = (check: () => void) => vi.waitFor(check, { timeout: 3000, interval: 5 })
const caseReceipts = (sim: PrinterSimulator, caseNumber: string) =>
  sim.completeReceipts().filter((r) => r.text.includes(caseNumber))

describe('printing on the simulator', () => {
  it('prints a receipt the simulator reads back, and reports it printed', async () => {
    const { sim, driver } = await rig()
    expect(driver.health()).toMatchObject({
      role: 'receipt-printer',
      state: 'ready',
      source: 'sim:receipt-printer',
    })
    const { job, printed } = driver.print(sampleInput())
    expect(job.state).toBe('pending')
    const done = await printed
    expect(done).toMatchObject({ state: 'printed', attempts: 1, label: 'QS20240501-0007' })
    const [receipt] = sim.completeReceipts()
    expect(receipt?.qrCodes).toEqual(['https://zw.example.cn/progress?case=QS20240501-0007'])
    expect(receipt?.text).toContain('办件编号：QS20240501-0007')
    expect(receipt?.text).toContain('银行卡复印件')
    expect(sim.errors()).toEqual([])
    expect(DeviceHealth.safeParse(driver.health()).success).toBe(true)
  })

  it('prints queued jobs in order, each once', async () => {
    const { sim, driver } = await rig()
    const jobs = ['QS-0001', 'QS-0002', 'QS-0003'].map((c) =>
      driver.print(sampleInput({ caseNumber: c, queryUrl: undefined })),
    )
    await Promise.all(jobs.map((j) => j.printed))
    expect(sim.completeReceipts().map((r) => r.qrCodes[0])).toEqual([
      'QS-0001',
      'QS-0002',
      'QS-0003',
    ])
  })

  it('rejects invalid receipt data before queueing anything', async () => {
    const { driver } = await rig()
    expect(() => driver.print(sampleInput({ caseNumber: 'bad case' }))).toThrow()
    expect(driver.jobs()).toEqual([])
  })
})

describe('faults end in the right state and message', () => {
  it.each([
    ['paper near end', (s: PrinterSimulator) => s.setPaper(5), 'paper-near-end', 'warning'],
    ['paper out', (s: PrinterSimulator) => s.paperOut(), 'paper-out', 'error'],
    ['cover open', (s: PrinterSimulator) => s.openCover(), 'cover-open', 'error'],
    ['offline', (s: PrinterSimulator) => s.setOffline(true), 'offline', 'error'],
    ['cutter error', (s: PrinterSimulator) => s.setCutterError(true), 'error', 'error'],
    ['no answer', (s: PrinterSimulator) => s.setUnresponsive(true), 'offline', 'error'],
    ['unplug', (s: PrinterSimulator) => s.unplug(), 'disconnected', 'disconnected'],
  ] as const)('%s', async (_name, fault, state, health) => {
    const { sim, driver } = await rig({ nearEndLines: 10 })
    const seen: string[] = []
    driver.onStatus((s) => seen.push(s.state))
    fault(sim)
    await waitFor(() => expect(driver.status().state).toBe(state))
    expect(driver.status().message).toEqual(printerStateMessages[state])
    expect(driver.health().state).toBe(health)
    expect(seen.at(-1)).toBe(state)
  })

  it.each([
    ['ASB on', true],
    ['ASB off (polling only)', false],
  ])('recovers to ready after the fault is cleared (%s)', async (_name, asb) => {
    const { sim, driver } = await rig({}, { asb })
    sim.openCover()
    await waitFor(() => expect(driver.status().state).toBe('cover-open'))
    sim.closeCover()
    await waitFor(() => expect(driver.status().state).toBe('ready'))
    expect(driver.health()).toMatchObject({ state: 'ready' })
  })

  it('health carries the detail for the UI', async () => {
    const { sim, driver } = await rig({ nearEndLines: 10 })
    const health: DeviceHealth[] = []
    driver.onHealth((h) => health.push(h))
    sim.setPaper(5)
    await waitFor(() =>
      expect(driver.health()).toMatchObject({ state: 'warning', detail: 'paper-near-end' }),
    )
    sim.setCutterError(true)
    await waitFor(() =>
      expect(driver.health()).toMatchObject({ state: 'error', detail: 'cutter-error' }),
    )
    expect(health.map((h) => h.detail)).toEqual(['paper-near-end', 'cutter-error'])
  })
})

describe('jobs are never lost', () => {
  it.each([
    ['ASB on', true],
    ['ASB off (polling only)', false],
  ])('a job interrupted by paper out prints once, whole, after refill (%s)', async (_name, asb) => {
    // 20 lines of paper: the receipt (~40 lines) runs out mid-way.
    const { sim, driver } = await rig({ paperLines: 20 }, { asb })
    const jobs: PrintJobInfo[] = []
    driver.onJob((j) => jobs.push(j))
    const { printed } = driver.print(sampleInput())
    await waitFor(() => expect(driver.status().state).toBe('paper-out'))
    await waitFor(() =>
      expect(driver.jobs()[0]).toMatchObject({ state: 'interrupted', interruptedBy: 'paper-out' }),
    )
    expect(caseReceipts(sim, 'QS20240501-0007')).toHaveLength(0)
    expect(driver.status().message.resident.zh).toContain('装纸后回执会自动打印')

    // Staff wait a while before refilling: nothing is printed twice or dropped meanwhile.
    await new Promise((r) => setTimeout(r, 100))
    sim.refill()
    const done = await printed
    expect(done).toMatchObject({ state: 'printed', attempts: 2 })
    await new Promise((r) => setTimeout(r, 100))
    expect(caseReceipts(sim, 'QS20240501-0007')).toHaveLength(1)
    // The half-printed first attempt is what came out before the paper ended, marked unfinished.
    expect(sim.receipts().filter((r) => r.interrupted)).toHaveLength(1)
    expect(caseReceipts(sim, 'QS20240501-0007')[0]!.qrCodes).toEqual([
      'https://zw.example.cn/progress?case=QS20240501-0007',
    ])
    expect(jobs.map((j) => j.state)).toEqual([
      'pending',
      'printing',
      'interrupted',
      'printing',
      'printed',
    ])
  })

  it('a job queued while the cover is open waits and prints once it is closed', async () => {
    const { sim, driver } = await rig()
    sim.openCover()
    await waitFor(() => expect(driver.status().state).toBe('cover-open'))
    const { printed } = driver.print(sampleInput())
    await new Promise((r) => setTimeout(r, 80))
    expect(driver.jobs()[0]?.state).toBe('pending')
    expect(sim.completeReceipts()).toHaveLength(0)
    sim.closeCover()
    await expect(printed).resolves.toMatchObject({ state: 'printed', attempts: 1 })
    expect(sim.completeReceipts()).toHaveLength(1)
  })

  it('unplug during a job: the job prints once after replug and re-attach', async () => {
    const { sim, driver } = await rig()
    sim.pause() // the printer is busy: the job sits in its buffer
    const { printed } = driver.print(sampleInput())
    await waitFor(() => expect(driver.jobs()[0]?.state).toBe('printing'))
    sim.unplug()
    await waitFor(() => expect(driver.health().state).toBe('disconnected'))
    expect(driver.jobs()[0]).toMatchObject({ state: 'interrupted', interruptedBy: 'disconnected' })
    await expect(sim.opener()()).rejects.toMatchObject({ code: 'OPEN_FAILED' })

    sim.replug()
    sim.resume()
    await driver.attach(await sim.opener()())
    await expect(printed).resolves.toMatchObject({ state: 'printed', attempts: 2 })
    await new Promise((r) => setTimeout(r, 50))
    expect(caseReceipts(sim, 'QS20240501-0007')).toHaveLength(1)
  })

  it('close rejects waiters with a typed error instead of leaving them hanging', async () => {
    const { sim, driver } = await rig()
    sim.paperOut()
    await waitFor(() => expect(driver.status().state).toBe('paper-out'))
    const { printed } = driver.print(sampleInput())
    await driver.close()
    await expect(printed).rejects.toMatchObject({ code: 'CLOSED' })
  })
})

describe('logging', () => {
  it('logs job labels and states, never the applicant on the receipt', async () => {
    const lines: string[] = []
    const logger = createLogger(
      'printer-test',
      { write: (s: string) => void lines.push(s) },
      'debug',
    )
    const { sim, driver } = await rig({ paperLines: 20 }, { logger })
    const { printed } = driver.print(
      sampleInput({ applicant: { name: '欧*明', idNumber: '110101********123X' } }),
    )
    await waitFor(() => expect(driver.status().state).toBe('paper-out'))
    sim.refill()
    await printed
    const log = lines.join('')
    expect(log).toContain('QS20240501-0007')
    expect(log).toContain('print interrupted')
    expect(log).not.toContain('欧')
    expect(log).not.toContain('123X')
  })
})
