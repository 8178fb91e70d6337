/**
 * The one place that chooses sim | hardware | replay for the devices. Feature code gets a
 * DeviceManager and an IdReaderDriver and never asks which it got.
 */
import type { DeviceTableEntry } from '../../../common/devices/device-table'
import type { IdCard } from '../../../common/devices/id-card'
import { silentLogger, type Logger } from '../../../node-common/logger'
import { buildDeviceTable } from './device-table'
import { discoveringOpener } from './discovery'
import { framedTransport } from './framed-transport'
import { IdReaderDriver, type IdReaderDriverOptions } from './id-reader/driver'
import { ReaderSimulator } from './id-reader/simulator'
import { DeviceManager, type ManagedDevice } from './manager'
import type { TransportOpener } from './ports'
import { systemTimers, type Timers } from './timers'
import { loadTrace, profileOfTrace, ReplayTransport } from './trace'

export type DeviceMode = 'sim' | 'hardware' | 'replay'

export interface ComposeDevicesOptions {
  mode: DeviceMode
  /** replay: the ID-reader trace to play. */
  replayFile?: string
  /** hardware: the device table (built-in + JSON config). */
  deviceTable?: DeviceTableEntry[]
  /** hardware: an explicit reader opener instead of discovery (e.g. from `--device`). */
  readerOpener?: TransportOpener
  /** sim: cards on the simulated reader at start. */
  simCard?: IdCard
  reader?: IdReaderDriverOptions
  /**
   * Supplies the receipt printer for this mode (the printer's own driver and opener); the
   * composition root passes it so this module does not depend on the printer code.
   */
  printer?: (mode: DeviceMode) => ManagedDevice | undefined
  timers?: Timers
  logger?: Logger
}

export interface DeviceComposition {
  mode: DeviceMode
  manager: DeviceManager
  reader: IdReaderDriver
  /** Present in sim mode: place cards, inject faults, unplug. */
  readerSim?: ReaderSimulator
}

export function composeDevices(options: ComposeDevicesOptions): DeviceComposition {
  const timers = options.timers ?? systemTimers
  const logger = options.logger ?? silentLogger()
  const reader = new IdReaderDriver({ timers, logger, ...options.reader })
  let readerDevice: ManagedDevice
  let readerSim: ReaderSimulator | undefined
  switch (options.mode) {
    case 'sim': {
      readerSim = new ReaderSimulator({ timers })
      if (options.simCard) readerSim.placeCard(options.simCard)
      readerDevice = {
        role: 'id-reader',
        source: readerSim.source,
        open: readerSim.opener(),
        driver: reader,
      }
      break
    }
    case 'replay': {
      const file = options.replayFile
      if (!file) throw new Error('replay mode needs a trace file (replayFile)')
      readerDevice = {
        role: 'id-reader',
        source: `replay:${file}`,
        open: async () => {
          const trace = loadTrace(file)
          return framedTransport(
            new ReplayTransport(trace, `replay:${file}`, timers),
            profileOfTrace(trace),
          )
        },
        driver: reader,
      }
      break
    }
    case 'hardware': {
      const table = options.deviceTable ?? buildDeviceTable()
      readerDevice = {
        role: 'id-reader',
        source: 'hardware',
        open: options.readerOpener ?? discoveringOpener(table, 'id-reader'),
        driver: reader,
      }
      break
    }
  }
  const devices: ManagedDevice[] = [readerDevice]
  const printer = options.printer?.(options.mode)
  if (printer) devices.push(printer)
  const manager = new DeviceManager(devices, { timers, logger })
  return readerSim
    ? { mode: options.mode, manager, reader, readerSim }
    : { mode: options.mode, manager, reader }
}
