import { randomBytes, randomUUID } from 'node:crypto'
import {
  Application,
  type MaterialSubmission,
  type UploadStatus,
} from '../../../../common/applications/schema'
import type { z } from 'zod'
import type { RequestOutput, RequestSpec, ReceiptView } from '../../../../common/bridge/contract'
import type { RequestChannel } from '../../../../common/bridge/channels'
import { BridgeError } from '../../../../common/bridge/errors'
import { formForCard } from '../../../../common/catalog/card-form'
import { checkEligibility, chinaToday } from '../../../../common/catalog/eligibility'
import {
  findEntry,
  type Catalog,
  type CatalogEntry,
  type ServiceForm,
} from '../../../../common/catalog/schema'
import type { PrinterState, ReceiptDataInput } from '../../../../common/devices/printer'
import { chinaDayPlus } from '../../../../common/domain/china-day'
import { maskIdNumber, maskName } from '../../../../common/privacy/mask'
import type { Logger } from '../../../../node-common/logger'
import type { ResidentSession } from './session'

/** The outbox as these handlers use it (electron/services/outbox/Outbox implements it). */
export interface OutboxLike {
  submit(app: Application): Promise<UploadStatus>
  status(id: string): UploadStatus | undefined
  onChange(listener: (s: UploadStatus) => void): () => void
}

/** The receipt printer as these handlers use it (ReceiptPrinterDriver implements it). */
export interface ReceiptPrinterLike {
  print(receipt: ReceiptDataInput): { printed: Promise<unknown> }
  status(): { state: PrinterState }
}

type In<C extends RequestChannel> = z.output<RequestSpec<C>['input']>

type Text = { 'zh-CN': string; en: string }
const text = (t: { 'zh-CN': string; en?: string | undefined }): Text => ({
  'zh-CN': t['zh-CN'],
  en: t.en ?? t['zh-CN'],
})

/** What the kiosk remembers of a submitted application for its receipt: nothing personal but masks. */
interface SubmittedInfo {
  entry: CatalogEntry
  maskedName: string
  maskedId: string
  submitted: Text[]
  deferred: { name: Text; dueDate: string }[]
  createdAt: string
  /** The QR key: the receipt links to the centre's page for it (docs/applications-api.md). */
  receiptToken: string
}

export interface ApplicationHandlerDeps {
  session: ResidentSession
  catalog: () => Catalog
  outbox: OutboxLike | undefined
  printer: () => ReceiptPrinterLike | undefined
  terminalId: () => Promise<string>
  /** The hall printed on receipts (a function: an enrolment on site changes it). */
  hallName: string | (() => string)
  /** The page a receipt token's QR code opens, on the centre's public address. */
  receiptUrl: (token: string) => string
  log: Logger
  /**
   * The whole form checked before it goes into the outbox (the screens check it step by step):
   * what the centre would refuse must not leave the resident with a receipt for an upload that
   * can only fail. Returns the paths that are wrong; none when absent.
   */
  checkForm?: (form: ServiceForm, data: unknown) => string[]
  now?: () => Date
  /** How long to wait for the printer to confirm a receipt came out. */
  printTimeoutMs?: number
}

/** ISO date-time with the kiosk's UTC offset, as printed on the receipt. */
export function localIso(now: Date): string {
  const off = -now.getTimezoneOffset()
  const sign = off >= 0 ? '+' : '-'
  const p = (n: number) => String(Math.floor(Math.abs(n))).padStart(2, '0')
  const local = new Date(now.getTime() + off * 60_000).toISOString().slice(0, 19)
  return `${local}${sign}${p(off / 60)}:${p(off % 60)}`
}

export function createApplicationHandlers(deps: ApplicationHandlerDeps) {
  const now = deps.now ?? (() => new Date())
  const submitted = new Map<string, SubmittedInfo>()

  function outbox(): OutboxLike {
    if (!deps.outbox) throw new BridgeError('DEVICE_UNAVAILABLE', 'the outbox is not available')
    return deps.outbox
  }

  async function submit(input: In<'applications:submit'>): Promise<UploadStatus> {
    const card = deps.session.card
    if (!card) throw new BridgeError('NO_CARD', 'no card read in this session')
    const found = findEntry(deps.catalog(), input.code)
    if (!found) throw new BridgeError('INVALID_INPUT', `unknown item ${input.code}`)
    const at = now()
    // The form screen is never reached then; refused here too, as the centre would.
    const eligibility = checkEligibility(found.entry.eligibility, card, chinaToday(at.getTime()))
    if (!eligibility.eligible) {
      const why = eligibility.reasons.map((r) => r.kind).join(', ')
      throw new BridgeError('INVALID_INPUT', `not eligible: ${why}`)
    }
    const form = formForCard(found.entry.form, card.cardType, deps.session.formFields)
    const wrong = deps.checkForm?.(form, input.formData)
    if (wrong?.length) {
      throw new BridgeError('INVALID_INPUT', `form incomplete: ${wrong.slice(0, 5).join(', ')}`)
    }
    const materials: MaterialSubmission[] = []
    const submittedNames: Text[] = []
    const deferred: SubmittedInfo['deferred'] = []
    for (const m of found.entry.materials) {
      const decision = input.materials.find((d) => d.materialId === m.id)
      if (m.capture === 'data-sharing') {
        materials.push({ kind: 'not-captured', materialId: m.id, reason: 'data-sharing' })
        continue
      }
      if (decision?.kind === 'photographed') {
        const pages = deps.session.pagesOf(m.id)
        if (pages.length === 0) throw new BridgeError('INVALID_INPUT', `no photo of ${m.id}`)
        materials.push({
          kind: 'photographed',
          materialId: m.id,
          pages: pages.map((p) => ({ kind: 'inline' as const, ...p })),
        })
        submittedNames.push(text(m.name))
      } else if (decision?.kind === 'deferred') {
        if (m.requirement.kind !== 'deferrable') {
          throw new BridgeError('INVALID_INPUT', `${m.id} cannot be supplied later`)
        }
        // The day in China time, as the centre dates its 补正 notices, whatever the OS's zone.
        const dueDate = chinaDayPlus(at.getTime(), m.requirement.deadlineDays)
        materials.push({
          kind: 'deferred',
          materialId: m.id,
          deadlineDays: m.requirement.deadlineDays,
          dueDate,
        })
        deferred.push({ name: text(m.name), dueDate })
      } else if (decision?.kind === 'not-captured' || m.requirement.kind === 'optional') {
        if (m.capture === 'photo' && m.requirement.kind === 'required') {
          throw new BridgeError('INVALID_INPUT', `${m.id} must be photographed`)
        }
        if (decision) materials.push({ kind: 'not-captured', materialId: m.id, reason: 'counter' })
      } else {
        throw new BridgeError('INVALID_INPUT', `no decision for ${m.id}`)
      }
    }
    const parsed = Application.safeParse({
      id: randomUUID(),
      terminalId: await deps.terminalId(),
      kind: found.kind,
      code: found.entry.code,
      catalogVersion: deps.catalog().version,
      locale: input.locale,
      // Checked by video: the check instead of a card's validity (the centre verifies it).
      applicant: deps.session.identityCheck
        ? { name: card.name, idNumber: card.idNumber, identityCheck: deps.session.identityCheck }
        : { name: card.name, idNumber: card.idNumber, validUntil: card.validUntil },
      formData: input.formData,
      materials,
      commitmentAccepted: found.entry.commitment.applies ? input.commitmentAccepted : false,
      ...(input.signature ? { signature: input.signature } : {}),
      ...(input.visitId ? { visitId: input.visitId } : {}),
      ...(input.coService?.length ? { coService: input.coService } : {}),
      createdAt: localIso(at),
      receiptToken: randomBytes(16).toString('base64url'),
    })
    if (!parsed.success) {
      // Issue paths only: the values are personal.
      throw new BridgeError(
        'INVALID_INPUT',
        `application incomplete: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`,
      )
    }
    if (found.entry.commitment.applies && !parsed.data.commitmentAccepted) {
      throw new BridgeError('INVALID_INPUT', 'the commitment must be signed')
    }
    const status = await outbox().submit(parsed.data)
    submitted.set(parsed.data.id, {
      entry: found,
      maskedName: maskName(card.name),
      maskedId: maskIdNumber(card.idNumber),
      submitted: submittedNames,
      deferred,
      createdAt: parsed.data.createdAt,
      receiptToken: parsed.data.receiptToken as string,
    })
    // The photos now live only in the encrypted outbox.
    deps.session.clearPhotos()
    deps.log.info(
      { applicationId: parsed.data.id, code: parsed.data.code },
      'application submitted',
    )
    return status
  }

  function status(id: string): UploadStatus {
    const s = outbox().status(id)
    if (!s) throw new BridgeError('INVALID_INPUT', 'unknown application')
    return s
  }

  async function waitForCase(id: string, ms: number): Promise<UploadStatus> {
    const current = status(id)
    if (current.state === 'confirmed' || current.state === 'failed' || ms === 0) return current
    return new Promise((resolve) => {
      const off = outbox().onChange((s) => {
        if (s.applicationId === id && (s.state === 'confirmed' || s.state === 'failed')) done()
      })
      const timer = setTimeout(done, ms)
      function done() {
        clearTimeout(timer)
        off()
        resolve(status(id))
      }
    })
  }

  /** A bundle's parts: each fanned-out item's name, with the case the centre opened for it. */
  function partsOf(found: CatalogEntry, cases: UploadStatus['cases']): ReceiptView['parts'] {
    if (found.kind !== 'bundle') return []
    return found.entry.fanOut.map((part) => {
      const item = findEntry(deps.catalog(), part.itemCode)?.entry
      return {
        name: item ? text(item.name) : { 'zh-CN': part.itemCode, en: part.itemCode },
        caseNumber: cases.find((c) => c.itemCode === part.itemCode)?.caseNumber ?? null,
      }
    })
  }

  async function printReceipt(input: In<'receipt:print'>): Promise<ReceiptView> {
    const info = submitted.get(input.applicationId)
    if (!info) throw new BridgeError('INVALID_INPUT', 'no receipt for this application here')
    const s = await waitForCase(input.applicationId, input.waitForCaseMs)
    const confirmed = s.state === 'confirmed' && s.caseNumber !== null
    // The centre refused it (4xx): the outbox will not retry, so the resident must be told.
    const rejected = s.state === 'failed'
    const day = info.createdAt.slice(0, 10).replaceAll('-', '')
    const caseNumber = confirmed
      ? (s.caseNumber as string)
      : `LS-${day}-${input.applicationId.slice(0, 8).toUpperCase()}`
    // The same link before and after the upload: the centre answers "not received yet" until
    // the outbox has delivered, then the case (every part's case for a bundle).
    const progressUrl =
      confirmed && s.progressUrl && /^https?:\/\/.+\/p\/[\w-]{22}$/.test(s.progressUrl)
        ? s.progressUrl
        : deps.receiptUrl(info.receiptToken)
    const view: ReceiptView = {
      applicationId: input.applicationId,
      caseNumber,
      provisional: !confirmed,
      itemName: text(info.entry.entry.name),
      parts: partsOf(info.entry, confirmed ? s.cases : []),
      submittedAt: info.createdAt,
      deferred: info.deferred,
      submitted: info.submitted,
      promisedDays: info.entry.entry.timeLimits.promisedWorkingDays,
      qrPayload: progressUrl,
      uploadState: s.state,
      printed: false,
    }
    const printer = deps.printer()
    if (!printer) return view
    const job = printer.print({
      hallName: typeof deps.hallName === 'function' ? deps.hallName() : deps.hallName,
      terminalId: await deps.terminalId(),
      itemName: info.entry.entry.name['zh-CN'],
      itemCode: info.entry.entry.code,
      caseNumber,
      parts: view.parts.map((p) => ({
        name: p.name['zh-CN'],
        ...(p.caseNumber ? { caseNumber: p.caseNumber } : {}),
      })),
      submittedAt: info.createdAt,
      applicant: { name: info.maskedName, idNumber: info.maskedId },
      submittedMaterials: info.submitted.map((m) => m['zh-CN']),
      deferredMaterials: info.deferred.map((d) => ({ name: d.name['zh-CN'], deadline: d.dueDate })),
      promisedDays: view.promisedDays,
      queryUrl: progressUrl,
      uploadStatus: confirmed ? 'uploaded' : rejected ? 'rejected' : 'queued',
      footer: confirmed
        ? ['扫码或凭受理编号查询办理进度']
        : rejected
          ? ['请将本回执交给工作人员，申请已保存在本机，由工作人员帮您处理']
          : ['网络恢复后自动上传，受理编号将通过进度查询告知', '扫码可查看是否已收到及办理进度'],
    })
    const printed = await Promise.race([
      job.printed.then(
        () => true,
        () => false,
      ),
      new Promise<false>((r) => setTimeout(() => r(false), deps.printTimeoutMs ?? 10_000)),
    ])
    return { ...view, printed, printerState: printer.status().state }
  }

  return {
    submit,
    status,
    printReceipt,
    /** The application ids submitted in this process, for ratings. */
    knows: (id: string) => submitted.has(id),
  } satisfies Record<string, unknown>
}

export type ApplicationHandlers = ReturnType<typeof createApplicationHandlers>
export type SubmitOutput = RequestOutput<'applications:submit'>
