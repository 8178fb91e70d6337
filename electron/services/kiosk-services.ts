import { randomUUID } from 'node:crypto'
import { Rating, type Rating as RatingT } from '../../common/applications/schema'
import type { BridgeHandlers } from '../../common/bridge/contract'
import { BridgeError } from '../../common/bridge/errors'
import { sampleCatalog } from '../../common/catalog/sample'
import { formForCard } from '../../common/catalog/card-form'
import { findEntry, type Catalog } from '../../common/catalog/schema'
import type { IdCard } from '../../common/devices/id-card'
import type { DeviceHealth } from '../../common/domain/device-health'
import { BridgeEventHub, createBridgeDispatcher, type BridgeDispatcher } from './bridge/dispatcher'
import {
  createApplicationHandlers,
  type OutboxLike,
  type ReceiptPrinterLike,
} from './bridge/handlers/applications'
import type { CentreClient } from './centre-api'
import {
  createResidentCaseHandlers,
  type NoticePrinterLike,
  type SupplyOutboxLike,
} from './bridge/handlers/resident-cases'
import { FormValidator } from './bridge/handlers/form-validate'
import { ResidentSession } from './bridge/handlers/session'
import { categoriesOf } from './catalog/categories'
import { createSignalingTokenSource, type SignalingTokenSource } from './centre-api/signaling-token'
import { terminalBearer } from './centre-api/terminal'
import { HealthWatch } from './health/snapshot'
import type { FleetCommands } from './fleet-commands'
import { voiceReporter } from './voice-report'
import type { TerminalConfig } from './config'
import type { Logger } from '../../node-common/logger'
import { readTerminalCredential } from './terminal-identity'
import { LazyRecogniser } from './text-entry/recogniser'
import type { SelfTestResult } from '../../common/fleet/self-test'
import type { LocalSettings } from '../../common/fleet/technician'
import { technicianUnavailable, type TechnicianHandlers } from './technician/handlers'
import { guideNoticeOf, type GuideNoticePrint } from './devices/printer/guide-layout'

export interface KioskServices {
  dispatcher: BridgeDispatcher
  events: BridgeEventHub
  /** The resident's data held in this process (tests read `session.dump()`). */
  session: ResidentSession
  /** Called by the device manager whenever a device's health changes. */
  reportDeviceHealth(health: DeviceHealth[]): void
  /** Something the health report carries may have changed (a 补交 or rating queued or sent). */
  healthMayHaveChanged(): void
  /** The catalog cache took a new version: the renderer reloads it (`catalog:changed`). */
  catalogChanged(version: string): void
  /** Called by the ID reader: a card was read / taken away. */
  cardPresent(card: IdCard): void
  cardRemoved(): void
  close(): Promise<void>
}

export interface KioskServiceDeps {
  config: TerminalConfig
  version: string
  log: Logger
  /** The catalog in use; the bundled sample when absent. */
  catalog?: () => Catalog
  /** With `submitRating`, ratings are queued durably (sent when the centre is reachable). */
  outbox?: OutboxLike & {
    close?(): Promise<void>
    submitRating?(rating: RatingT): { state: 'waiting' | 'confirmed' | 'failed' }
    submitSupply?: SupplyOutboxLike['submitSupply']
  }
  printer?: () =>
    | (ReceiptPrinterLike &
        Partial<NoticePrinterLike> & {
          printGuide?(notice: GuideNoticePrint): { printed: Promise<unknown> }
        })
    | undefined
  centre?: CentreClient
  /** The renderer's signaling tokens; by default fetched from `config.serverUrl`. */
  signalingToken?: SignalingTokenSource
  /** The receipt page of a QR token; default: under the configured server URL. */
  receiptUrl?: (token: string) => string
  /**
   * Reads the card lying on the reader again and answers it once the session holds it (null
   * when none lies there); the ID reader driver's `rereadPresentCard`.
   */
  rereadCard?: () => Promise<IdCard | null>
  /** The handwriting recogniser; by default Zinnia over `config.handwritingModel`, loaded lazily. */
  recogniser?: Pick<LazyRecogniser, 'recognise' | 'warm'>
  /** The outbox's backlog for the health report (`Outbox.backlog`); nothing waits when absent. */
  backlog?: () => { waiting: number; oldestCreatedMs: number | null }
  /** Free space of the data folder in MiB, for the health report. */
  diskFreeMb?: () => number | null
  /** The remote commands' main-process side (fleet-commands.ts); refused when absent. */
  fleet?: FleetCommands
  now?: () => number
  /**
   * Who the terminal is once enrolled (hall, name, centre); else the configuration. Read on each
   * request, so an enrolment from the kiosk's screen shows without a restart.
   */
  identity?: {
    readonly enrolled: boolean
    serverUrl(): string
    hallName(): string
    terminalName(): string
    refresh(): Promise<unknown>
  }
  /** Technician mode's channels (electron/services/technician/handlers.ts). */
  technician?: TechnicianHandlers
  /** The technician's local settings, when any were saved. */
  localSettings?: () => LocalSettings | null
  /** The last self-test kept, for the health report. */
  lastSelfTest?: () => SelfTestResult | null
  /** Idle check (default 60 s) and the countdown that follows it (default 30 s). */
  idleSeconds?: number
  countdownSeconds?: number
}

/**
 * Everything behind the bridge contract, as plain Node. Both the Electron main process and the
 * device host build exactly this (through compose-kiosk.ts); they differ only in the transport
 * in front of it.
 */
export function createKioskServices(opts: KioskServiceDeps): KioskServices {
  const { config, log } = opts
  const events = new BridgeEventHub()
  const session = new ResidentSession()
  const catalog = opts.catalog ?? (() => sampleCatalog)
  const validator = new FormValidator()
  let deviceHealth: DeviceHealth[] = []
  const identity = opts.identity
  const serverUrl = () => identity?.serverUrl() ?? config.serverUrl
  const signalingToken =
    opts.signalingToken ??
    createSignalingTokenSource({
      serverUrl,
      credential: terminalBearer(config.credentialFile),
    })
  // Loaded when the writing pad first opens (`text:warm`), else on the first handwritten
  // character, then kept for the life of the process.
  const recogniser = opts.recogniser ?? new LazyRecogniser(config.handwritingModel)

  const terminalId = async () => {
    try {
      return (await readTerminalCredential(config.credentialFile)).terminalId
    } catch {
      // Stored now, sent once enrolled: the sender needs the credential, the store does not.
      return 'unenrolled-kiosk'
    }
  }
  const apps = createApplicationHandlers({
    session,
    catalog,
    outbox: opts.outbox,
    printer: opts.printer ?? (() => undefined),
    terminalId,
    hallName: () => identity?.hallName() ?? config.hallName,
    receiptUrl: opts.receiptUrl ?? ((token) => new URL(`/p/${token}`, serverUrl()).toString()),
    log,
    checkForm: (form, data) =>
      validator.validate(form, data as Record<string, unknown>).map((e) => e.path),
  })
  const supplyOutbox = opts.outbox?.submitSupply
  const residentCases = createResidentCaseHandlers({
    session,
    outbox: supplyOutbox
      ? { submitSupply: (input) => supplyOutbox.call(opts.outbox, input) }
      : undefined,
    centre: opts.centre?.residentCases,
    printer: () => {
      const p = opts.printer?.()
      return p
        ? {
            print: (r) => p.print(r),
            ...(p.printResult ? { printResult: (n) => p.printResult!(n) } : {}),
          }
        : undefined
    },
    terminalId,
    hallName: () => identity?.hallName() ?? config.hallName,
    log,
  })
  const now = opts.now ?? Date.now
  const health = new HealthWatch(
    {
      appVersion: opts.version,
      catalogVersion: () => catalog().version,
      devices: () => deviceHealth,
      backlog: opts.backlog ?? (() => ({ waiting: 0, oldestCreatedMs: null })),
      diskFreeMb: opts.diskFreeMb ?? (() => null),
      lastSelfTest: opts.lastSelfTest ?? (() => null),
      startedAt: now(),
      now,
    },
    (s) => events.emit('health:changed', s),
  )
  const offStatus = opts.outbox?.onChange((s) => {
    events.emit('applications:status-changed', s)
    health.poke()
  })

  const reportVoices = voiceReporter(log)
  const fleet = (): FleetCommands => {
    if (!opts.fleet) throw new BridgeError('DEVICE_UNAVAILABLE', 'no remote commands here')
    return opts.fleet
  }
  /** 好差评 of an application or a call, queued durably when the outbox can (sent once). */
  async function submitRating(
    subject: RatingT['subject'],
    level: RatingT['level'],
    reasons: RatingT['reasons'],
  ): Promise<{ stored: boolean; queued?: boolean }> {
    const rating = Rating.safeParse({
      id: randomUUID(),
      terminalId: await terminalId(),
      subject,
      level,
      reasons,
      createdAt: new Date().toISOString(),
    })
    if (!rating.success) throw new BridgeError('INVALID_INPUT', 'a low rating needs a reason')
    const outbox = opts.outbox
    if (outbox?.submitRating) {
      // Stored (sealed) before the answer, sent by the outbox now or when the link is back.
      const queued = outbox.submitRating(rating.data)
      return { stored: queued.state === 'confirmed', queued: queued.state !== 'failed' }
    }
    if (!opts.centre) return { stored: false }
    try {
      await opts.centre.submitRating(rating.data)
      return { stored: true }
    } catch (e) {
      log.warn({ code: (e as BridgeError).code }, 'rating not stored')
      return { stored: false }
    }
  }

  const handlers: BridgeHandlers = {
    'app:info': async () => {
      await identity?.refresh()
      return {
        role: config.role,
        version: opts.version,
        terminalName: identity?.terminalName() ?? config.terminalName,
        hallName: identity?.hallName() ?? config.hallName,
        defaultLocale: config.defaultLocale,
        serverUrl: serverUrl(),
        devices: config.devices,
        // Without an identity (unit tests, older compositions) the kiosk is taken as enrolled.
        enrolled: identity?.enrolled ?? true,
      }
    },
    'catalog:categories': async () => categoriesOf(catalog()),
    'catalog:get': async () => {
      const c = catalog()
      // The kiosk asks for the catalog as its home screen comes up: compile its forms meanwhile.
      validator.warm([...c.items, ...c.bundles].map((e) => e.form))
      return c
    },
    'devices:health': async () => deviceHealth,
    'session:reset': async ({ reason }) => {
      session.wipe()
      log.info({ reason }, 'resident session wiped')
      return { wiped: true }
    },
    'session:settings': async () => {
      const local = opts.localSettings?.()
      return {
        idleSeconds: local?.idleSeconds ?? opts.idleSeconds ?? 60,
        countdownSeconds: opts.countdownSeconds ?? 30,
        ...(local ? { volume: local.volume, largeTextDefault: local.largeTextDefault } : {}),
      }
    },
    'session:card': async () => {
      // A card placed before a screen asked for it was read then and its session wiped (the
      // home screen is nobody's session); read it again rather than make the resident lift it.
      // Only a card lying on the reader now signs in: one taken away, whose session a reloaded
      // screen never wiped, belongs to the previous resident.
      if (!session.isCardPresent && opts.rereadCard) await opts.rereadCard()
      return { card: session.isCardPresent ? session.card : null }
    },
    'form:validate': async ({ code, data, section }) => {
      const found = findEntry(catalog(), code)
      if (!found) throw new BridgeError('INVALID_INPUT', `unknown item ${code}`)
      // The form as the card's holder sees it: what the card type lacks is asked or dropped.
      const form = formForCard(
        found.entry.form,
        session.card?.cardType ?? 'resident',
        session.formFields,
      )
      return { errors: validator.validate(form, data, section) }
    },
    'materials:put-page': async (input) => {
      try {
        const pages = session.putPage(input.materialId, input.page, input.chunk, input.last, {
          mediaType: input.mediaType,
          data: input.data,
          ...(input.width ? { width: input.width } : {}),
          ...(input.height ? { height: input.height } : {}),
        })
        return { pages }
      } catch (e) {
        throw new BridgeError('INVALID_INPUT', (e as Error).message)
      }
    },
    'materials:drop': async ({ materialId }) => ({ dropped: session.dropMaterial(materialId) }),
    'applications:submit': (input) => apps.submit(input),
    'applications:status': async ({ applicationId }) => apps.status(applicationId),
    'receipt:print': (input) => apps.printReceipt(input),
    'progress:lookup': async () => {
      const card = session.card
      if (!card) throw new BridgeError('NO_CARD', 'no card read in this session')
      if (!opts.centre) throw new BridgeError('OFFLINE', 'no centre client')
      return { cases: await opts.centre.lookupCases({ idNumber: card.idNumber }) }
    },
    'supply:send': (input) => residentCases.supply(input),
    'result:print': (input) => residentCases.printResult(input),
    'receipt:reprint': (input) => residentCases.reprint(input),
    'notice:print': async ({ code }) => {
      const found = findEntry(catalog(), code)
      if (!found) throw new BridgeError('INVALID_INPUT', `unknown item ${code}`)
      const p = opts.printer?.()
      if (!p?.printGuide) throw new BridgeError('DEVICE_UNAVAILABLE', 'no receipt printer')
      // Nothing personal on it: the catalog's text only, so no card is needed.
      const job = p.printGuide(guideNoticeOf(found.entry, config.hallName))
      const printed = await Promise.race([
        job.printed.then(
          () => true,
          () => false,
        ),
        new Promise<false>((r) => setTimeout(() => r(false), 15_000).unref?.()),
      ])
      log.info({ code, printed }, 'guide notice printed')
      return { printed }
    },
    'case:withdraw': (input) => residentCases.withdraw(input),
    'rating:submit': ({ applicationId, level, reasons }) =>
      submitRating({ kind: 'application', applicationId }, level, reasons),
    // Through the same durable queue: a rating given as the link dropped is sent when it is back.
    'call:rate': ({ callId, level, reasons }) =>
      submitRating({ kind: 'call', callId }, level, reasons),
    'session:video-identity': async (input) => {
      try {
        const card = session.signInByVideo({
          name: input.name,
          idNumber: input.idNumber,
          ...(input.address ? { address: input.address } : {}),
          check: {
            method: 'video',
            callId: input.callId,
            clerkId: input.clerkId,
            checkedAt: new Date().toISOString(),
          },
        })
        log.info({ callId: input.callId, clerkId: input.clerkId }, 'identity checked by video')
        return { card }
      } catch (e) {
        throw new BridgeError('INVALID_INPUT', (e as Error).message)
      }
    },
    'text:recognise': (input) => recogniser.recognise(input),
    'text:warm': () => recogniser.warm(),
    'voice:report': async (input) => reportVoices(input),
    'health:snapshot': async () => health.snapshot(),
    'fleet:print-test-page': () => fleet().printTestPage(),
    'fleet:refresh-catalog': () => fleet().refreshCatalog(),
    'fleet:recent-logs': () => fleet().recentLogs(),
    'terminal:signaling-token': async () => {
      const { terminalId, token, expiresAt } = await signalingToken.get()
      return { serverUrl: serverUrl(), terminalId, token, expiresAt }
    },
    ...(opts.technician ?? technicianUnavailable()),
  }

  return {
    dispatcher: createBridgeDispatcher(handlers, log),
    events,
    session,
    reportDeviceHealth(h) {
      deviceHealth = h
      events.emit('devices:health-changed', h)
      health.poke()
    },
    healthMayHaveChanged: () => health.poke(),
    catalogChanged(version) {
      events.emit('catalog:changed', { version })
      health.poke()
    },
    cardPresent(card) {
      if (session.placeCard(card)) log.info({}, 'a different card: previous session wiped')
      events.emit('card:present', { card })
    },
    cardRemoved() {
      session.cardRemoved()
      events.emit('card:removed', {})
    },
    async close() {
      offStatus?.()
    },
  }
}
