import { z } from 'zod'
import {
  ApplicationId,
  CaseNumber,
  CaseProgress,
  RatingLevel,
  RatingReason,
  Signature,
  UploadStatus,
} from '../applications/schema'
import { Catalog, ItemCode, Slug } from '../catalog/schema'
import { IdCard } from '../devices/id-card'
import { PrinterState } from '../devices/printer'
import { AppInfo, Locale } from '../domain/app-info'
import { ServiceCategory } from '../domain/catalog'
import { DeviceHealth } from '../domain/device-health'
import { SelfTestResult, SelfTestStatus } from '../fleet/self-test'
import { LocalSettings, PaperWidth } from '../fleet/technician'
import { HealthSnapshot, PaperState } from '../signaling/health'
import { LOG_UPLOAD_MAX_CHARS } from '../signaling/commands'
import { CO_SERVICE_HISTORY_MAX, CoServiceHistoryEntry } from '../signaling/coservice'
import { CheckedAddress, CheckedIdNumber, CheckedName } from '../signaling/identity-check'
import { CallId, StaffRole } from '../signaling/protocol'
import { RecogniseRequest, RecogniseResult, WarmRequest, WarmResult } from '../text-entry/strokes'
import type { EventChannel, RequestChannel } from './channels'

/**
 * The renderer ↔ main contract. Each request has an input and output schema; each event a
 * payload schema. Both transports (Electron IPC and the device host's WebSocket) parse input
 * on the receiving side and parse output before sending, so neither side trusts the other.
 * A channel's schemas are built when the channel is first used (`requestSpec`, `eventSchema`):
 * building all of them cost the kiosk's cold start tens of ms, and it needs four at first.
 */
/** Base64 of at most 192 KiB: photos cross the bridge in pieces (the device host caps frames). */
export const PHOTO_CHUNK_CHARS = 196_608

const bilingual = () => z.object({ 'zh-CN': z.string(), en: z.string() })

/** What the resident decided for each material of the item (photos already sent page by page). */
const materialDecision = () =>
  z.object({
    materialId: Slug,
    kind: z.enum(['photographed', 'deferred', 'not-captured']),
  })
export type MaterialDecision = z.infer<ReturnType<typeof materialDecision>>

/** The receipt as handed to the resident (printed and shown on screen). */
const receiptView = () => {
  const Bilingual = bilingual()
  return z.object({
    applicationId: ApplicationId,
    /** The centre's case number, or the kiosk's provisional reference while offline. */
    caseNumber: z.string().min(4).max(40),
    provisional: z.boolean(),
    itemName: Bilingual,
    /** For a bundle (一件事): each part's item and its case number (null until uploaded). */
    parts: z.array(z.object({ name: Bilingual, caseNumber: z.string().min(4).max(40).nullable() })),
    submittedAt: z.iso.datetime({ offset: true }),
    deferred: z.array(z.object({ name: Bilingual, dueDate: z.iso.date() })),
    submitted: z.array(Bilingual),
    promisedDays: z.number().int().nonnegative(),
    /** What the QR code encodes (progress lookup). */
    qrPayload: z.string().min(1).max(500),
    uploadState: z.enum(['waiting', 'uploading', 'confirmed', 'failed']),
    /** Whether the receipt came out of the printer; otherwise why not. */
    printed: z.boolean(),
    printerState: PrinterState.optional(),
  })
}
export type ReceiptView = z.infer<ReturnType<typeof receiptView>>

const requestSchemas = {
  'app:info': () => ({ input: z.void(), output: AppInfo }),
  'catalog:categories': () => ({ input: z.void(), output: z.array(ServiceCategory) }),
  /** The catalog in use (the centre's newest cached one, else the bundled sample). */
  'catalog:get': () => ({ input: z.void(), output: Catalog }),
  'devices:health': () => ({ input: z.void(), output: z.array(DeviceHealth) }),
  /** How long the kiosk waits before asking "还需要更多时间吗？", and for how long it asks. */
  'session:settings': () => ({
    input: z.void(),
    output: z.object({
      idleSeconds: z.number().int().positive(),
      countdownSeconds: z.number().int().positive(),
      /** The technician's local settings (docs/fleet.md): speech volume, 大字 by default. */
      volume: z.number().int().min(0).max(100).optional(),
      largeTextDefault: z.boolean().optional(),
    }),
  }),
  /** The card read in this session, if any (the photo never leaves the main process). */
  'session:card': () => ({ input: z.void(), output: z.object({ card: IdCard.nullable() }) }),
  /** ajv in the main process (the renderer's CSP forbids the eval ajv needs). */
  'form:validate': () => ({
    input: z.object({
      code: ItemCode,
      data: z.record(z.string(), z.unknown()),
      /** Only report errors under this top-level section ('' for the whole form). */
      section: z.string().max(60).default(''),
    }),
    output: z.object({
      errors: z.array(z.object({ path: z.string().max(200), message: bilingual() })),
    }),
  }),
  /** One piece of one photographed page; kept in the main-process session until submit. */
  'materials:put-page': () => ({
    input: z.object({
      materialId: Slug,
      page: z.number().int().min(0).max(19),
      chunk: z.number().int().min(0).max(200),
      last: z.boolean(),
      mediaType: z.enum(['image/jpeg', 'image/png', 'image/webp']),
      data: z
        .string()
        .max(PHOTO_CHUNK_CHARS)
        .regex(/^[A-Za-z0-9+/]*={0,2}$/),
      width: z.number().int().positive().optional(),
      height: z.number().int().positive().optional(),
    }),
    output: z.object({ pages: z.number().int().nonnegative() }),
  }),
  /** Forget the photos of a material (retake, or the resident chose 以后补交 after all). */
  'materials:drop': () => ({
    input: z.object({ materialId: Slug }),
    output: z.object({ dropped: z.number().int().nonnegative() }),
  }),
  /** Assembles the application from the session (card, photos) and stores it in the outbox. */
  'applications:submit': () => ({
    input: z.object({
      code: ItemCode,
      locale: Locale,
      formData: z.record(z.string(), z.unknown()),
      materials: z.array(materialDecision()).max(50),
      commitmentAccepted: z.boolean(),
      signature: Signature.optional(),
      /** The resident's visit (renderer store): the centre links its video-help calls to the case. */
      visitId: z.uuid().optional(),
      /** What clerks asked in video calls of this visit and what the resident did (co-service). */
      coService: z.array(CoServiceHistoryEntry).max(CO_SERVICE_HISTORY_MAX).optional(),
    }),
    output: UploadStatus,
  }),
  'applications:status': () => ({
    input: z.object({ applicationId: ApplicationId }),
    output: UploadStatus,
  }),
  /**
   * Waits briefly for the centre's case number, then prints the receipt (provisional reference
   * and "已提交，等待上传" while offline) and returns what it printed.
   */
  'receipt:print': () => ({
    input: z.object({
      applicationId: ApplicationId,
      waitForCaseMs: z.number().int().min(0).max(15_000).default(4000),
    }),
    output: receiptView(),
  }),
  /** The signed-in resident's cases, from the centre. */
  'progress:lookup': () => ({
    input: z.void(),
    output: z.object({ cases: z.array(CaseProgress) }),
  }),
  /**
   * 补交: the pages photographed for one missing material of the signed-in resident's case go
   * into the durable outbox (sent exactly once, also after a restart or while offline).
   */
  'supply:send': () => ({
    input: z.object({ caseNumber: CaseNumber, materialId: Slug, visitId: z.uuid().optional() }),
    output: z.object({
      supplyId: z.uuid(),
      state: z.enum(['waiting', 'confirmed', 'failed']),
    }),
  }),
  /** 打印结果: prints a decided case's signed result notice with its QR code, then marks it issued. */
  'result:print': () => ({
    input: z.object({ caseNumber: CaseNumber }),
    output: z.object({ printed: z.boolean(), issued: z.boolean() }),
  }),
  /** 补打回执: prints the case's receipt again, as the centre has the case now. */
  'receipt:reprint': () => ({
    input: z.object({ caseNumber: CaseNumber }),
    output: z.object({ printed: z.boolean() }),
  }),
  /** The item's 一次告知单 (conditions, materials, fee, time limits) on the receipt printer. */
  'notice:print': () => ({
    input: z.object({ code: ItemCode }),
    output: z.object({ printed: z.boolean() }),
  }),
  /**
   * 撤回: withdraws the signed-in resident's undecided case, online (the centre's answer is the
   * outcome). `too-late`: the case was decided or withdrawn already, nothing changed. The centre
   * unreachable is the error OFFLINE; asking again sends the same withdrawal (recorded once).
   */
  'case:withdraw': () => ({
    input: z.object({ caseNumber: CaseNumber }),
    output: z.object({ outcome: z.enum(['withdrawn', 'too-late']) }),
  }),
  /** 好差评 for an application; stored by the centre (queued if offline). */
  'rating:submit': () => ({
    input: z.object({
      applicationId: ApplicationId,
      level: RatingLevel,
      reasons: z.array(RatingReason).max(8).default([]),
    }),
    /** stored: the centre has it; queued: kept on the kiosk, sent when the centre is reachable. */
    output: z.object({ stored: z.boolean(), queued: z.boolean().optional() }),
  }),
  /**
   * 好差评 of a video-help call, asked when the call ended; through the same durable queue as
   * an application's (the centre accepts it once, from this terminal, after the call ended).
   */
  'call:rate': () => ({
    input: z.object({
      callId: CallId,
      level: RatingLevel,
      reasons: z.array(RatingReason).max(8).default([]),
    }),
    output: z.object({ stored: z.boolean(), queued: z.boolean().optional() }),
  }),
  /**
   * 身份经视频核验: the resident confirmed the identity the clerk of the call checked by video
   * (no ID card). The main process signs the resident in with it, as after a card read; the
   * application then carries the check with the clerk's id.
   */
  'session:video-identity': () => ({
    input: z.strictObject({
      callId: CallId,
      clerkId: z.string().min(1).max(64),
      name: CheckedName,
      idNumber: CheckedIdNumber,
      address: CheckedAddress.optional(),
    }),
    output: z.object({ card: IdCard }),
  }),
  /** Wipe everything of the current resident in the main process. */
  'session:reset': () => ({
    input: z.object({ reason: z.enum(['idle', 'card-removed', 'finished', 'user']) }),
    output: z.object({ wiped: z.literal(true) }),
  }),
  /**
   * How the renderer reaches the centre's signaling server as this terminal (video help): a
   * token of minutes the main process got from the centre, never the terminal's credential.
   * Asked again on every (re)connect; the main process refreshes it before it expires.
   */
  'terminal:signaling-token': () => ({
    input: z.void(),
    output: z.object({
      serverUrl: z.string().url(),
      terminalId: z.string().min(1).max(64),
      token: z.string().min(16).max(300),
      expiresAt: z.number().int(),
    }),
  }),
  /**
   * Which of the kiosk's languages have no speech voice on this machine (sent once per page
   * load, after the voices loaded): the main process logs it for the technician.
   */
  'voice:report': () => ({
    input: z.object({
      missing: z.array(Locale).max(2),
      installed: z.number().int().min(0).max(1_000),
    }),
    output: z.object({ logged: z.boolean() }),
  }),
  /** Candidate characters for one handwritten character (recognised offline, in the main process). */
  'text:recognise': () => ({ input: RecogniseRequest, output: RecogniseResult }),
  /** The writing pad opened: load the recogniser's model now, before the first stroke. */
  'text:warm': () => ({ input: WarmRequest, output: WarmResult }),
  /** The kiosk's health for the centre (common/signaling/health.ts); the renderer sends it. */
  'health:snapshot': () => ({ input: z.void(), output: HealthSnapshot }),
  /** Whether this kiosk holds a terminal credential, and which centre, hall and name it has. */
  'terminal:status': () => ({
    input: z.void(),
    output: z.object({
      enrolled: z.boolean(),
      serverUrl: z.string().url(),
      terminalId: z.string().max(64).nullable(),
      hallName: z.string().max(100),
      terminalName: z.string().max(100),
    }),
  }),
  /**
   * Technician mode: redeem a one-time enrolment code at the centre typed (or read from the
   * console's QR) and keep the credential; the kiosk serves residents at once. Allowed on a kiosk
   * with no credential, else only with a technician logged in (re-enrolment).
   */
  'terminal:enrol': () => ({
    input: z.object({
      serverUrl: z.string().min(1).max(200),
      code: z.string().min(1).max(64),
      terminalName: z.string().trim().min(1).max(80),
    }),
    output: z.object({
      terminalId: z.string().min(1).max(64),
      hallName: z.string().max(100),
      terminalName: z.string().max(100),
    }),
  }),
  /** A technician (or admin) logs in against the centre; the session stays in the main process. */
  'technician:login': () => ({
    input: z.object({
      username: z.string().min(1).max(64),
      password: z.string().min(1).max(256),
    }),
    output: z.object({ displayName: z.string().max(100), role: StaffRole }),
  }),
  'technician:logout': () => ({ input: z.void(), output: z.object({ ended: z.literal(true) }) }),
  /**
   * Self-test of the ID reader: its state, and a card read within `waitMs` (the one lying there
   * at once), shown masked. No card: `skipped` with `needs-person`.
   */
  'selftest:reader': () => ({
    input: z.object({ waitMs: z.number().int().min(0).max(60_000) }),
    output: z.object({
      status: SelfTestStatus,
      detail: z.string().max(40).optional(),
      card: z
        .object({ name: z.string().max(40), idNumber: z.string().max(40), cardType: z.string() })
        .nullable(),
    }),
  }),
  /** Self-test of the receipt printer: its state and paper, and (testPage) a test page printed. */
  'selftest:printer': () => ({
    input: z.object({ testPage: z.boolean() }),
    output: z.object({
      status: SelfTestStatus,
      detail: z.string().max(40).optional(),
      state: PrinterState,
      paper: PaperState,
      paperWidth: PaperWidth,
    }),
  }),
  /** Self-test of the network: the centre reached (round trip) and the clock against its clock. */
  'selftest:network': () => ({
    input: z.void(),
    output: z.object({
      reachable: z.boolean(),
      detail: z.string().max(40).optional(),
      rttMs: z.number().int().min(0).nullable(),
      /** The centre's clock minus the kiosk's, ms (± 1 s: the HTTP Date header); null if unknown. */
      clockSkewMs: z.number().int().nullable(),
    }),
  }),
  /** Free disk space of the data folder and what waits in the outbox. */
  'selftest:machine': () => ({
    input: z.void(),
    output: z.object({
      diskFreeMb: z.number().int().min(0).nullable(),
      outboxWaiting: z.number().int().min(0),
      outboxOldestAgeSeconds: z.number().int().min(0).nullable(),
    }),
  }),
  /** Keeps a finished self-test (survives a restart) and reports it with the health. */
  'selftest:save': () => ({ input: SelfTestResult, output: z.object({ saved: z.literal(true) }) }),
  'selftest:last': () => ({ input: z.void(), output: SelfTestResult.nullable() }),
  /**
   * Whether the kiosk owes a self-test because it started on a new version (staged updates):
   * the renderer then runs one unattended once nobody uses the kiosk.
   */
  'selftest:due': () => ({
    input: z.void(),
    output: z.object({ due: z.boolean(), version: z.string().max(40).nullable() }),
  }),
  /** The kiosk's local settings (common/fleet/technician.ts). */
  'settings:get': () => ({ input: z.void(), output: LocalSettings }),
  /** Technician only: kept in the kiosk's data folder and applied at once. */
  'settings:set': () => ({ input: LocalSettings, output: LocalSettings }),
  /** Technician only: the kiosk's recent log, sanitized, written to a file in its data folder. */
  'logs:export': () => ({
    input: z.void(),
    output: z.object({
      file: z.string().max(500),
      lines: z.number().int().min(0),
      /** Fields masked or dropped on the way (names, ID numbers, secrets). */
      redacted: z.number().int().min(0),
    }),
  }),
  /*
   * The fleet console's remote commands (docs/fleet.md), run by the renderer's command runner
   * only while no resident uses the kiosk.
   */
  /**
   * A test page, printed now: `printed` once it is on paper, else false with the printer's state
   * (out of paper, cover open…) or `timeout` when it did not come out within 30 s.
   */
  'fleet:print-test-page': () => ({
    input: z.void(),
    output: z.discriminatedUnion('printed', [
      z.object({ printed: z.literal(true) }),
      z.object({
        printed: z.literal(false),
        reason: z.union([PrinterState, z.literal('timeout')]),
      }),
    ]),
  }),
  /** The catalog asked of the centre now; OFFLINE when it cannot be reached. */
  'fleet:refresh-catalog': () => ({
    input: z.void(),
    output: z.object({ version: z.string().min(1).max(40), updated: z.boolean() }),
  }),
  /** The main process's recent log lines, sanitized and bounded (node-common/log-ring.ts). */
  'fleet:recent-logs': () => ({
    input: z.void(),
    output: z.object({
      text: z.string().max(LOG_UPLOAD_MAX_CHARS),
      lines: z.number().int().min(0),
      truncated: z.boolean(),
    }),
  }),
} satisfies Record<RequestChannel, () => { input: z.ZodType; output: z.ZodType }>

const eventSchemas = {
  'devices:health-changed': () => z.array(DeviceHealth),
  'session:reset-requested': () => z.object({ reason: z.enum(['idle', 'card-removed', 'remote']) }),
  /** A card was read on the reader (the decoded text; never the photo). */
  'card:present': () => z.object({ card: IdCard }),
  'card:removed': () => z.object({}),
  'applications:status-changed': () => UploadStatus,
  /** A device, the printer's paper, the outbox's backlog or a version changed. */
  'health:changed': () => HealthSnapshot,
  /**
   * The main process took a new catalog version from the centre: the renderer reads
   * `catalog:get` and `catalog:categories` again once no resident is mid-flow.
   */
  'catalog:changed': () => z.object({ version: z.string().min(1).max(40) }),
  /** A technician changed the local settings: the renderer applies them. */
  'settings:changed': () => LocalSettings,
} satisfies Record<EventChannel, () => z.ZodType>

/** A request channel's input and output schemas. */
export type RequestSpec<C extends RequestChannel> = ReturnType<(typeof requestSchemas)[C]>
/** An event channel's payload schema. */
export type EventSchema<E extends EventChannel> = ReturnType<(typeof eventSchemas)[E]>

const builtRequests = new Map<RequestChannel, unknown>()
const builtEvents = new Map<EventChannel, unknown>()

/** The schemas of a request channel, built on its first use. */
export function requestSpec<C extends RequestChannel>(channel: C): RequestSpec<C> {
  let spec = builtRequests.get(channel) as RequestSpec<C> | undefined
  if (!spec) builtRequests.set(channel, (spec = requestSchemas[channel]() as RequestSpec<C>))
  return spec
}

/** The payload schema of an event channel, built on its first use. */
export function eventSchema<E extends EventChannel>(event: E): EventSchema<E> {
  let schema = builtEvents.get(event) as EventSchema<E> | undefined
  if (!schema) builtEvents.set(event, (schema = eventSchemas[event]() as EventSchema<E>))
  return schema
}

// Compile-time check that channels.ts lists exactly the contract's keys.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never
const requestKeysMatch: Exact<keyof typeof requestSchemas, RequestChannel> = true
const eventKeysMatch: Exact<keyof typeof eventSchemas, EventChannel> = true
void requestKeysMatch
void eventKeysMatch

export type RequestInput<C extends RequestChannel> = z.input<RequestSpec<C>['input']>
export type RequestOutput<C extends RequestChannel> = z.output<RequestSpec<C>['output']>
export type EventPayload<E extends EventChannel> = z.output<EventSchema<E>>

/** What the renderer sees, whichever transport carries it. */
export interface KioskBridge {
  request<C extends RequestChannel>(channel: C, input: RequestInput<C>): Promise<RequestOutput<C>>
  subscribe<E extends EventChannel>(
    event: E,
    listener: (payload: EventPayload<E>) => void,
  ): () => void
}

/** The implementation behind the contract in the main process (or the device host). */
export type BridgeHandlers = {
  [C in RequestChannel]: (input: z.output<RequestSpec<C>['input']>) => Promise<RequestOutput<C>>
}
