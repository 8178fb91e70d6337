/**
 * The device manager: opens each configured device, hands the transport to its driver,
 * reopens with exponential backoff after an unplug or a failed open, and reports every
 * device's health. Generic over drivers: anything with attach/health/onHealth/close, so the
 * composition root plugs in the reader and the printer alike.
 */
import type { DeviceHealth, DeviceRole } from '../../../common/domain/device-health'
import { exponentialDelay } from '../../../node-common/backoff'
import { silentLogger, type Logger } from '../../../node-common/logger'
import { Listeners } from './framed-transport'
import type { ByteTransport, TransportOpener, Unsubscribe } from './ports'
import { systemTimers, type Timers } from './timers'

export interface ManagedDriver {
  attach(transport: ByteTransport): Promise<void>
  health(): DeviceHealth
  onHealth(listener: (health: DeviceHealth) => void): Unsubscribe
  close(): Promise<void>
}

export interface ManagedDevice<D extends ManagedDriver = ManagedDriver> {
  role: DeviceRole
  /** Where the device is expected (path, `sim:…`, `replay:…`), shown until it opens. */
  source: string
  open: TransportOpener
  driver: D
}

export interface BackoffOptions {
  initialMs: number
  maxMs: number
  factor: number
}

interface Slot {
  device: ManagedDevice
  transport: ByteTransport | undefined
  attempt: number
  timer: unknown
  health: DeviceHealth
  unsubs: Unsubscribe[]
}

export class DeviceManager {
  private readonly slots: Slot[]
  private readonly timers: Timers
  private readonly log: Logger
  private readonly backoff: BackoffOptions
  private readonly listeners = new Listeners<DeviceHealth[]>()
  private running = false

  constructor(
    devices: ManagedDevice[],
    options: { timers?: Timers; logger?: Logger; backoff?: Partial<BackoffOptions> } = {},
  ) {
    this.timers = options.timers ?? systemTimers
    this.log = options.logger ?? silentLogger()
    this.backoff = { initialMs: 500, maxMs: 30_000, factor: 2, ...options.backoff }
    this.slots = devices.map((device) => ({
      device,
      transport: undefined,
      attempt: 0,
      timer: undefined,
      health: this.disconnected(device, 'not-opened'),
      unsubs: [],
    }))
  }

  /** Opens every device; failures are retried in the background. */
  async start(): Promise<void> {
    this.running = true
    for (const slot of this.slots) {
      slot.unsubs.push(
        slot.device.driver.onHealth(() => {
          if (slot.transport) this.setHealth(slot, slot.device.driver.health())
        }),
      )
    }
    await Promise.all(this.slots.map((s) => this.open(s)))
  }

  async stop(): Promise<void> {
    this.running = false
    for (const slot of this.slots) {
      if (slot.timer !== undefined) this.timers.clearTimeout(slot.timer)
      slot.timer = undefined
      for (const u of slot.unsubs.splice(0)) u()
      slot.transport = undefined
      await slot.device.driver.close().catch(() => undefined)
    }
  }

  health(): DeviceHealth[] {
    return this.slots.map((s) => s.health)
  }

  onHealth(listener: (health: DeviceHealth[]) => void): Unsubscribe {
    return this.listeners.add(listener)
  }

  driver<D extends ManagedDriver>(role: DeviceRole): D | undefined {
    return this.slots.find((s) => s.device.role === role)?.device.driver as D | undefined
  }

  private async open(slot: Slot): Promise<void> {
    if (!this.running) return
    slot.timer = undefined
    let transport: ByteTransport
    try {
      transport = await slot.device.open()
    } catch (e) {
      this.log.warn(
        { role: slot.device.role, attempt: slot.attempt, error: e },
        'device open failed',
      )
      this.setHealth(slot, this.disconnected(slot.device, 'not-found'))
      this.scheduleReopen(slot)
      return
    }
    if (!this.running) {
      await transport.close().catch(() => undefined)
      return
    }
    slot.transport = transport
    slot.attempt = 0
    transport.onError((e) => {
      if (slot.transport !== transport) return
      slot.transport = undefined
      this.log.warn(
        { role: slot.device.role, code: e.code, source: transport.source },
        'device lost',
      )
      void transport.close().catch(() => undefined)
      this.setHealth(slot, this.disconnected(slot.device, 'unplugged', transport.source))
      this.scheduleReopen(slot)
    })
    await slot.device.driver.attach(transport)
    this.log.info({ role: slot.device.role, source: transport.source }, 'device opened')
    if (slot.transport === transport) this.setHealth(slot, slot.device.driver.health())
  }

  private scheduleReopen(slot: Slot): void {
    if (!this.running || slot.timer !== undefined) return
    const { initialMs, maxMs, factor } = this.backoff
    const delay = exponentialDelay(slot.attempt + 1, { baseMs: initialMs, maxMs, factor })
    slot.attempt++
    slot.timer = this.timers.setTimeout(() => void this.open(slot), delay)
  }

  private setHealth(slot: Slot, health: DeviceHealth): void {
    const h = { ...health, role: slot.device.role }
    const prev = slot.health
    if (prev.state === h.state && prev.detail === h.detail && prev.source === h.source) return
    slot.health = h
    this.listeners.emit(this.health())
  }

  private disconnected(
    device: ManagedDevice,
    detail: string,
    source = device.source,
  ): DeviceHealth {
    return {
      role: device.role,
      state: 'disconnected',
      source,
      detail,
      since: new Date(this.timers.now()).toISOString(),
    }
  }
}
