import type { LocalizedText } from '../../../common/catalog/schema'
import type {
  Application,
  ApplicationConfirmation,
  CaseProgress,
  CaseStatus,
  ImageData,
} from '../../../common/applications/schema'
import { open, openJson, seal, sealJson } from '../../../node-common/seal'
import { sameMac, type DataKeys } from './crypto'
import type {
  ApplicationStore,
  CaseRecord,
  NewCase,
  StoredApplication,
  StoredPage,
} from './records'

/*
 * The rules of applications and cases, over an `ApplicationStore` (any implementation): a
 * repeated submission is answered with the first confirmation (a different payload under the
 * same id is a conflict), case numbers are allocated per day in China Standard Time, a bundle
 * opens one case per part, a closed or withdrawn case never changes again, and every personal
 * field is sealed before it reaches the store.
 */

/** One case to open for an application (a bundle opens one per part). */
export interface CasePlan {
  itemCode: string
  /** The item's catalog category: which clerks see the case. */
  categoryId?: string
  itemName: LocalizedText
  missing: { materialId: string; name: LocalizedText; dueDate: string }[]
}

export type InsertResult =
  | { kind: 'created'; confirmation: ApplicationConfirmation }
  | { kind: 'repeat'; confirmation: ApplicationConfirmation }
  | { kind: 'conflict' }

export interface StatusUpdate {
  status: CaseStatus
  note?: LocalizedText
  result?: LocalizedText
  requestMaterials: { materialId: string; name?: LocalizedText; dueDate: string }[]
  receivedMaterials: string[]
  byUser: string
}

/** An application as its receipt's QR key finds it: the case number and every case opened. */
export interface ReceiptCases {
  applicationId: string
  kind: 'item' | 'bundle'
  code: string
  caseNumber: string
  receivedAt: string
  cases: CaseProgress[]
}

export interface SubmitInput {
  app: Application
  applicantKey: string
  fingerprint: string
  /** HMAC of the application's receipt token, when it has one. */
  receiptKey?: string | null
  plans: CasePlan[]
  progressUrl: (caseNumber: string) => string
  now: number
  /** The submitting terminal's hall (the inbox filters by it). */
  hall?: string
  /** The 补正 notice clock's last day (cases/clocks.ts): the new case's place in the inbox. */
  noticeDueOn?: string
}

/** A photographed page as recorded in the sealed application: its bytes are a page row. */
type StoredImage =
  | { kind: 'stored'; mediaType: string; width?: number; height?: number }
  | Extract<ImageData, { kind: 'ref' }>

const EVIDENCE = ':evidence'
const CHINA_OFFSET_MS = 8 * 3600_000
const FINAL: ReadonlySet<CaseStatus> = new Set(['closed', 'withdrawn'])
const PRINTABLE: ReadonlySet<CaseStatus> = new Set(['approved', 'rejected', 'closed'])

const iso = (ms: number) => new Date(ms).toISOString()

/** YYYYMMDD in China Standard Time (the date a clerk and the resident see). */
export function caseDay(ms: number): string {
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10).replace(/-/g, '')
}

export function formatCaseNumber(day: string, n: number): string {
  return `${day}-${String(n).padStart(6, '0')}`
}

/** A bundle's parts are numbered after the application's case: `…-000042-1`, `-2`, … */
export function fanOut(app: Pick<Application, 'kind'>, caseNumber: string, plans: CasePlan[]) {
  return app.kind === 'bundle'
    ? plans.map((p, i) => ({ ...p, caseNumber: `${caseNumber}-${i + 1}` }))
    : plans.slice(0, 1).map((p) => ({ ...p, caseNumber }))
}

export function createCases(store: ApplicationStore, keys: DataKeys) {
  const k = keys.seal
  const sealText = (t: LocalizedText | undefined, ad: string) => (t ? sealJson(k, t, ad) : null)
  const openText = (b: Buffer | null, ad: string) =>
    b === null ? undefined : openJson<LocalizedText>(k, b, ad)

  function progress(c: CaseRecord): CaseProgress {
    const note = openText(c.noteSealed, `case-note:${c.caseNumber}`)
    const result = openText(c.resultSealed, `case-result:${c.caseNumber}`)
    return {
      caseNumber: c.caseNumber,
      code: c.itemCode,
      name: c.itemName,
      status: c.status,
      submittedAt: iso(c.submittedAt),
      updatedAt: iso(c.updatedAt),
      missing: c.missing,
      ...(note ? { note } : {}),
      ...(result ? { result } : {}),
      resultPrintable: result !== undefined && PRINTABLE.has(c.status),
    }
  }

  /** A stored application answering a repeat: the same terminal and payload, or a conflict. */
  function repeatOf(found: StoredApplication, input: SubmitInput): InsertResult {
    const same =
      found.terminalId === input.app.terminalId && sameMac(found.fingerprint, input.fingerprint)
    return same ? { kind: 'repeat', confirmation: found.confirmation } : { kind: 'conflict' }
  }

  /** Images go to their own sealed rows; the record keeps only their shape. */
  function sealApplication(app: Application): { sealed: Buffer; pages: StoredPage[] } {
    const pages: StoredPage[] = []
    const strip = (img: ImageData, materialId: string, page: number): StoredImage => {
      if (img.kind === 'ref') return img
      const bytes = Buffer.from(img.base64, 'base64')
      const sealed = seal(k, bytes, `page:${app.id}:${materialId}:${page}`)
      pages.push({ materialId, page, mediaType: img.mediaType, sealed })
      return { kind: 'stored', mediaType: img.mediaType, width: img.width, height: img.height }
    }
    const record = {
      ...app,
      materials: app.materials.map((m) =>
        m.kind === 'photographed'
          ? { ...m, pages: m.pages.map((p, i) => strip(p, m.materialId, i)) }
          : m,
      ),
      evidencePhoto: app.evidencePhoto ? strip(app.evidencePhoto, EVIDENCE, 0) : undefined,
    }
    return { sealed: sealJson(k, record, `application:${app.id}`), pages }
  }

  return {
    /**
     * Stores the application and opens its cases, or answers a repeat of the same id with the
     * stored confirmation (conflict when the payload differs or the receipt key is taken).
     */
    async insertApplication(input: SubmitInput): Promise<InsertResult> {
      const { app, now } = input
      const found = await store.findApplication(app.id)
      if (found) return repeatOf(found, input)
      // A receipt key names one application; reused by another (never by an honest kiosk) is 409.
      if (input.receiptKey && (await store.findApplicationByReceiptKey(input.receiptKey)))
        return { kind: 'conflict' }
      const day = caseDay(now)
      const caseNumber = formatCaseNumber(day, await store.nextSequence(day))
      const parts = fanOut(app, caseNumber, input.plans)
      const confirmation: ApplicationConfirmation = {
        applicationId: app.id,
        caseNumber,
        status: 'received',
        receivedAt: iso(now),
        cases:
          app.kind === 'bundle'
            ? parts.map((p) => ({ itemCode: p.itemCode, caseNumber: p.caseNumber }))
            : [],
        progressUrl: input.progressUrl(caseNumber),
      }
      const { sealed, pages } = sealApplication(app)
      const cases: NewCase[] = parts.map((p) => ({
        caseNumber: p.caseNumber,
        itemCode: p.itemCode,
        itemName: p.itemName,
        status: 'received',
        missing: p.missing,
        categoryId: p.categoryId ?? '',
        hall: input.hall ?? '',
        dueOn: input.noticeDueOn ?? null,
      }))
      const outcome = await store.insertApplication(
        {
          id: app.id,
          terminalId: app.terminalId,
          kind: app.kind,
          code: app.code,
          catalogVersion: app.catalogVersion,
          caseNumber,
          applicantKey: input.applicantKey,
          fingerprint: input.fingerprint,
          sealed,
          confirmation,
          receivedAt: now,
          receiptKey: input.receiptKey ?? null,
        },
        pages,
        cases,
      )
      if (outcome === 'inserted') return { kind: 'created', confirmation }
      if (outcome === 'receipt_key_exists') return { kind: 'conflict' }
      // Another process stored the same id in between: answer as for any repeat.
      const winner = await store.findApplication(app.id)
      return winner ? repeatOf(winner, input) : { kind: 'conflict' }
    },

    /** The full application, decrypted (images as base64 again), or null. */
    async getApplication(id: string): Promise<Application | null> {
      const found = await store.findApplication(id)
      if (!found) return null
      const record = openJson<Application & { evidencePhoto?: StoredImage }>(
        k,
        found.sealed,
        `application:${id}`,
      )
      const pages = new Map((await store.pages(id)).map((p) => [`${p.materialId}\n${p.page}`, p]))
      const image = (img: StoredImage, materialId: string, page: number): ImageData => {
        if (img.kind === 'ref') return img
        const p = pages.get(`${materialId}\n${page}`)
        if (!p) throw new Error(`page ${materialId}/${page} of ${id} is missing`)
        const bytes = open(k, p.sealed, `page:${id}:${materialId}:${page}`)
        return {
          kind: 'inline',
          mediaType: img.mediaType as 'image/jpeg',
          base64: bytes.toString('base64'),
          ...(img.width !== undefined ? { width: img.width } : {}),
          ...(img.height !== undefined ? { height: img.height } : {}),
        }
      }
      const app: Application = {
        ...record,
        materials: record.materials.map((m) =>
          m.kind === 'photographed'
            ? {
                ...m,
                pages: (m.pages as StoredImage[]).map((p, i) => image(p, m.materialId, i)),
              }
            : m,
        ),
      }
      if (record.evidencePhoto) app.evidencePhoto = image(record.evidencePhoto, EVIDENCE, 0)
      else delete app.evidencePhoto
      return app
    },

    countApplications: (): Promise<number> => store.countApplications(),

    /** Who applied for a case (from the sealed record, without opening its pages), or null. */
    async applicantOfCase(caseNumber: string): Promise<Application['applicant'] | null> {
      const c = await store.getCase(caseNumber)
      const found = c ? await store.findApplication(c.applicationId) : null
      if (!found) return null
      return openJson<Application>(k, found.sealed, `application:${found.id}`).applicant
    },

    async casesForApplicant(applicantKey: string): Promise<CaseProgress[]> {
      return (await store.casesForApplicant(applicantKey)).map(progress)
    },

    async getCase(caseNumber: string): Promise<CaseProgress | null> {
      const found = await store.getCase(caseNumber)
      return found ? progress(found) : null
    },

    /** The application whose receipt key this is, with its cases; null when not received. */
    async receiptCases(receiptKey: string): Promise<ReceiptCases | null> {
      const a = await store.findApplicationByReceiptKey(receiptKey)
      if (!a) return null
      return {
        applicationId: a.id,
        kind: a.kind,
        code: a.code,
        caseNumber: a.caseNumber,
        receivedAt: iso(a.receivedAt),
        cases: (await store.casesOfApplication(a.id)).map(progress),
      }
    },

    /** Null when the case does not exist; 'final' when it is closed or withdrawn. */
    async updateCase(
      caseNumber: string,
      u: StatusUpdate,
      now: number,
    ): Promise<CaseProgress | null | 'final'> {
      const change = {
        status: u.status,
        at: now,
        byUser: u.byUser,
        noteSealed: sealText(u.note, `case-note:${caseNumber}`),
        resultSealed: sealText(u.result, `case-result:${caseNumber}`),
        eventNoteSealed: sealText(u.note, `case-event:${caseNumber}:${now}`),
        requestMaterials: u.requestMaterials.map((m) => ({
          materialId: m.materialId,
          name: m.name ?? { 'zh-CN': m.materialId },
          dueDate: m.dueDate,
        })),
        receivedMaterials: u.receivedMaterials,
      }
      // Compare and set: when another clerk changed the status in between, decide again.
      for (;;) {
        const current = await store.getCase(caseNumber)
        if (!current) return null
        if (FINAL.has(current.status)) return 'final'
        const changed = await store.changeCase(caseNumber, current.status, change)
        if (changed) return progress(changed)
      }
    },
  }
}

export type CaseService = ReturnType<typeof createCases>
