import { statfsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { sampleCatalog } from '../../common/catalog/sample'
import type { IdCard } from '../../common/devices/id-card'
import { BridgeEventHub } from './bridge/dispatcher'
import { ResidentSession } from './bridge/handlers/session'
import { CatalogCache } from './catalog/cache'
import { startCatalogRefresh, type CatalogRefresher } from './catalog/refresh'
import {
  createCentreApi,
  createSignalingTokenSource,
  terminalBearer,
  type CatalogRefresh,
} from './centre-api'
import { fetchCentreInfo } from './centre-api/centre-info'
import { LinkWatch } from './centre-api/link-watch'
import type { TerminalConfig } from './config'
import { composeDevices, type DeviceComposition } from './devices/compose'
import { buildDeviceTable } from './devices/device-table'
import { discoveringOpener } from './devices/discovery'
import type { ReaderSimulator } from './devices/id-reader/simulator'
import { PrinterSimulator, ReceiptPrinterDriver } from './devices/printer'
import { createKioskServices, type KioskServices } from './kiosk-services'
import { createFleetCommands } from './fleet-commands'
import type { Logger } from '../../node-common/logger'
import {
  createHttpRatingSender,
  createHttpSender,
  createHttpSupplySender,
  Outbox,
  type KeyProvider,
} from './outbox'
import { PublicAddress } from './receipts/public-address'
import { SelfTestResult } from '../../common/fleet/self-test'
import { DEFAULT_LOCAL_SETTINGS, LocalSettings } from '../../common/fleet/technician'
import { createTechnicianHandlers } from './technician/handlers'
import { KeptJson } from './technician/kept-json'
import { PostUpdateSelfTest } from './updates/post-update-self-test'
import type { LogRing } from '../../node-common/log-ring'
import { TerminalIdentity } from './terminal-identity'

/** How often an unreachable centre is asked whether it is back (± 20 %). */
export const LINK_PROBE_MS = 20_000

export interface KioskComposition {
  services: KioskServices
  devices: DeviceComposition
  printer: ReceiptPrinterDriver
  /** Sim mode only: what the test control surface drives. */
  readerSim?: ReaderSimulator
  printerSim?: PrinterSimulator
  outbox: Outbox
  catalog: CatalogCache
  /**
   * Asks the centre for its catalog now (remote command, test control); a new version reaches
   * the renderer at once (`catalog:changed`). Rejects when the centre cannot be reached.
   */
  refreshCatalog(): Promise<CatalogRefresh>
  /** Who the terminal is (credential file, else the configuration). */
  identity: TerminalIdentity
  /** The self-test owed after an update: the updater marks it, the renderer runs it. */
  postUpdate: PostUpdateSelfTest
  close(): Promise<void>
}

/**
 * Builds the kiosk's main-process side from the terminal configuration: devices (sim, replay or
 * hardware), receipt printer, encrypted outbox, catalog cache, centre client, and the bridge
 * services over them. Electron's main process and the device host both call this; they differ in
 * the key provider (safeStorage vs. machine key file) and the transport in front.
 */
export async function composeKiosk(opts: {
  config: TerminalConfig
  version: string
  log: Logger
  keyProvider: KeyProvider
  /** sim mode: a card lying on the reader at start. */
  simCard?: IdCard
  idleSeconds?: number
  countdownSeconds?: number
  /** While the centre cannot be reached, it is asked every this many ms whether it is back. */
  linkProbeMs?: number
  /** GET /api/v1/catalog at start, then every `intervalMs` (default 30 min, ± 20 %). */
  catalogRefresh?: { intervalMs?: number; retryMs?: number }
  /** The recent log lines, for the technician's sanitized log export. */
  logRing?: LogRing
  /** The recent log lines for the remote "upload logs" (node-common/log-ring.ts); none when absent. */
  recentLogs?: () => { text: string; lines: number; truncated: boolean }
  /** An updater will start (and say whether the kiosk started on a new version); default none. */
  updaterStarts?: boolean
}): Promise<KioskComposition> {
  const { config, log } = opts
  const dataDir = resolve(config.dataDir)
  // `<terminalId>:<credential>`, the centre's bearer format (docs/applications-api.md).
  const credential = terminalBearer(config.credentialFile)
  // Every request to the centre goes through one watched fetch, so any answer after an outage
  // (a catalog retry, a resident's progress lookup) sends the outbox's waiting items at once.
  const link = new LinkWatch()
  // The centre is the one the credential names (enrolment on the kiosk's screen may name
  // another than the configuration's), read on every request.
  const identity = await TerminalIdentity.open(config.credentialFile, config)
  const serverUrl = () => identity.serverUrl()
  const centreOpts = { serverUrl, credential, fetch: link.fetch }

  // Applications, ratings and print jobs share one encrypted SQLite file (docs/outbox.md).
  const outbox = await Outbox.open({
    dbPath: join(dataDir, 'outbox.db'),
    keyProvider: opts.keyProvider,
    sender: createHttpSender({ ...centreOpts, timeoutMs: 15_000 }),
    ratingSender: createHttpRatingSender(centreOpts),
    supplySender: createHttpSupplySender({ ...centreOpts, timeoutMs: 15_000 }),
    log,
  })
  const printerSim =
    config.devices === 'sim' ? new PrinterSimulator({ nearEndLines: 0 }) : undefined
  // Receipts wait in the outbox's database: one queued while the printer is out of paper
  // prints once after a restart (docs/printer.md).
  const settings = await KeptJson.open(join(dataDir, 'settings.json'), LocalSettings, log)
  const lastSelfTest = await KeptJson.open(join(dataDir, 'self-test.json'), SelfTestResult, log)
  const postUpdate = await PostUpdateSelfTest.open(join(dataDir, 'self-test-owed.json'), log, {
    updaterStarts: opts.updaterStarts ?? false,
  })
  const defaults: LocalSettings = {
    ...DEFAULT_LOCAL_SETTINGS,
    ...(opts.idleSeconds ? { idleSeconds: opts.idleSeconds } : {}),
  }
  const printer = new ReceiptPrinterDriver({
    paper: settings.value?.paperWidth ?? defaults.paperWidth,
    logger: log,
    store: outbox.printJobStore(),
  })
  const devices = composeDevices({
    mode: config.devices,
    logger: log,
    ...(opts.simCard ? { simCard: opts.simCard } : {}),
    printer: (mode) =>
      mode === 'hardware'
        ? {
            role: 'receipt-printer',
            source: 'hardware',
            open: discoveringOpener(buildDeviceTable(), 'receipt-printer'),
            driver: printer,
          }
        : printerSim
          ? {
              role: 'receipt-printer',
              source: printerSim.source,
              open: printerSim.opener(),
              driver: printer,
            }
          : undefined,
  })

  const catalog = await CatalogCache.open(join(dataDir, 'catalog.json'), sampleCatalog, log)
  const centre = createCentreApi(centreOpts)
  const publicAddress = await PublicAddress.open(join(dataDir, 'centre.json'), serverUrl, log)
  // `services` and `catalogRefresher` are declared below: the handlers call them only later.
  const technician = createTechnicianHandlers({
    identity,
    fetch: link.fetch,
    reader: {
      health: () => devices.manager.health().find((d) => d.role === 'id-reader'),
      rereadPresentCard: (ms) => devices.reader.rereadPresentCard(ms),
      onNextCard: (fn) =>
        devices.reader.onEvent((event) => {
          if (event.type === 'card-present') fn(event.card)
        }),
    },
    printer: () => printer,
    devices: () => devices.manager.health(),
    backlog: () => outbox.backlog(),
    diskFreeMb: () => diskFree(dataDir),
    settings,
    defaults,
    lastSelfTest,
    ...(opts.logRing ? { logRing: opts.logRing } : {}),
    dataDir,
    onEnrolled: () => {
      outbox.retryNow()
      // A centre that cannot be reached yet is tried again on the usual schedule.
      catalogRefresher.refreshNow().catch(() => undefined)
      services.healthMayHaveChanged()
    },
    onSettings: (s) => {
      printer.setPaper(s.paperWidth)
      services.events.emit('settings:changed', s)
    },
    onSelfTest: () => services.healthMayHaveChanged(),
    postUpdate,
    log,
  })
  const services: KioskServices = createKioskServices({
    config,
    identity,
    technician,
    localSettings: () => settings.value,
    lastSelfTest: () => lastSelfTest.value,
    version: opts.version,
    log,
    // Read on every request, so a refreshed catalog reaches the next `catalog:*` answer.
    catalog: () => catalog.catalog,
    outbox,
    printer: () => printer,
    centre,
    signalingToken: createSignalingTokenSource(centreOpts),
    receiptUrl: (token) => publicAddress.receiptUrl(token),
    rereadCard: () => devices.reader.rereadPresentCard(),
    backlog: () => outbox.backlog(),
    diskFreeMb: () => diskFree(dataDir),
    ...(opts.idleSeconds ? { idleSeconds: opts.idleSeconds } : {}),
    ...(opts.countdownSeconds ? { countdownSeconds: opts.countdownSeconds } : {}),
    fleet: createFleetCommands({
      printer: () => printer,
      // Through the refresher: a new version reaches the renderer (`catalog:changed`) too.
      refreshCatalog: () => catalogRefresher.refreshNow(),
      recentLogs: opts.recentLogs ?? (() => ({ text: '', lines: 0, truncated: false })),
      log,
    }),
  })

  const offReader = devices.reader.onEvent((event) => {
    if (event.type === 'card-present') services.cardPresent(event.card)
    else if (event.type === 'card-removed') services.cardRemoved()
  })
  const offHealth = devices.manager.onHealth((h) => services.reportDeviceHealth(h))
  const offSupplies = outbox.onSupplyChange(() => services.healthMayHaveChanged())
  await devices.manager.start()
  services.reportDeviceHealth(devices.manager.health())
  outbox.start()
  const offLink = link.onBack(() => {
    log.info({}, 'centre reachable again; sending what waits')
    outbox.retryNow()
  })
  const stopProbe = link.probeWhileDown(
    () => fetchCentreInfo({ serverUrl, fetch: link.fetch }),
    opts.linkProbeMs ?? LINK_PROBE_MS,
  )
  // Not awaited: an offline kiosk starts from its cache (or the bundled sample) at once.
  const catalogRefresher: CatalogRefresher = startCatalogRefresh({
    // The centre's public address (for receipts' QR codes) is asked for with the catalog.
    refresh: async () => {
      await fetchCentreInfo({ serverUrl, fetch: link.fetch })
        .then((info) => publicAddress.learn(info))
        .catch((err: unknown) =>
          log.debug({ err: (err as Error).message }, 'centre address not refreshed'),
        )
      const result = await centre.catalog.refresh(catalog)
      if (result.kind === 'updated') services.catalogChanged(result.version)
      return result
    },
    log,
    ...opts.catalogRefresh,
  })

  return {
    services,
    devices,
    printer,
    outbox,
    catalog,
    refreshCatalog: () => catalogRefresher.refreshNow(),
    identity,
    postUpdate,
    ...(devices.readerSim ? { readerSim: devices.readerSim } : {}),
    ...(printerSim ? { printerSim } : {}),
    async close() {
      offLink()
      stopProbe()
      offReader()
      offHealth()
      offSupplies()
      await catalogRefresher.stop()
      await services.close()
      await devices.manager.stop()
      await outbox.close()
    },
  }
}

/** Free space of the data folder in MiB; null when it cannot be read. */
function diskFree(dataDir: string): number | null {
  try {
    const fs = statfsSync(dataDir)
    return Math.floor((fs.bavail * fs.bsize) / 1_048_576)
  } catch {
    return null
  }
}

/**
 * The services before they exist: Electron must register its protocol and IPC synchronously,
 * while the outbox key comes from safeStorage only after `app.whenReady()`. Requests wait for the
 * real services; events are forwarded once they are there.
 */
export function lazyServices(ready: Promise<KioskServices>, log: Logger): KioskServices {
  const events = new BridgeEventHub()
  let real: KioskServices | undefined
  ready.then(
    (s) => {
      real = s
      s.events.listen((channel, payload) => events.emit(channel, payload as never))
    },
    (err: unknown) => log.error({ err }, 'kiosk services failed to start'),
  )
  const failed = new ResidentSession()
  return {
    dispatcher: {
      async dispatch(channel, input) {
        try {
          return (await ready).dispatcher.dispatch(channel, input)
        } catch {
          return { ok: false, error: { code: 'INTERNAL', message: 'services not available' } }
        }
      },
    },
    events,
    get session() {
      return real?.session ?? failed
    },
    reportDeviceHealth: (h) => real?.reportDeviceHealth(h),
    healthMayHaveChanged: () => real?.healthMayHaveChanged(),
    catalogChanged: (v) => real?.catalogChanged(v),
    cardPresent: (c) => real?.cardPresent(c),
    cardRemoved: () => real?.cardRemoved(),
    async close() {
      await real?.close()
    },
  }
}
