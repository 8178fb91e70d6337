import type { LocalizedText } from '../../../common/catalog/schema'
import type {
  Application,
  ApplicationConfirmation,
  CaseProgress,
  CaseStatus,
  ImageData,
  Rating,
} from '../../../common/applications/schema'
import type { RatingReceipt } from '../../../common/applications/api'
import { openDurableSqlite } from '../../../node-common/sqlite'
import { open, openJson, seal, sealJson } from '../../../node-common/seal'
import { sameMac, type DataKeys } from './crypto'

type Row = Record<string, unknown>

/**
 * The centre's applications database: a libsql SQLite file of its own (not the signaling
 * store's), so personal data can live on a different volume with its own backup and retention,
 * and the two schemas migrate independently. `PRAGMA user_version` counts applied migrations.
 *
 * In clear: ids, codes, case numbers, statuses, dates, material ids and due dates, rating
 * levels and reasons. Sealed (AES-256-GCM, AAD = row identity): the application (name, ID
 * number, form data, signature), every image, clerks' notes and results, rating comments. The
 * applicant's ID number is also kept as an HMAC for progress lookup.
 */
const migrations: string[] = [
  `
  CREATE TABLE applications (
    id TEXT PRIMARY KEY,
    terminal_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    code TEXT NOT NULL,
    catalog_version TEXT NOT NULL,
    case_number TEXT NOT NULL UNIQUE,
    applicant_key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    sealed BLOB NOT NULL,
    confirmation TEXT NOT NULL,
    received_at INTEGER NOT NULL
  );
  CREATE TABLE material_pages (
    application_id TEXT NOT NULL REFERENCES applications(id),
    material_id TEXT NOT NULL,
    page INTEGER NOT NULL,
    media_type TEXT NOT NULL,
    sealed BLOB NOT NULL,
    PRIMARY KEY (application_id, material_id, page)
  );
  CREATE TABLE cases (
    case_number TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications(id),
    item_code TEXT NOT NULL,
    item_name TEXT NOT NULL,
    applicant_key TEXT NOT NULL,
    status TEXT NOT NULL,
    note_sealed BLOB,
    result_sealed BLOB,
    submitted_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX cases_applicant ON cases(applicant_key, submitted_at);
  CREATE TABLE case_missing (
    case_number TEXT NOT NULL REFERENCES cases(case_number),
    material_id TEXT NOT NULL,
    name TEXT NOT NULL,
    due_date TEXT NOT NULL,
    received_at INTEGER,
    PRIMARY KEY (case_number, material_id)
  );
  CREATE TABLE case_events (
    case_number TEXT NOT NULL REFERENCES cases(case_number),
    at INTEGER NOT NULL,
    status TEXT NOT NULL,
    by_user TEXT,
    note_sealed BLOB
  );
  CREATE TABLE case_counters (day TEXT PRIMARY KEY, n INTEGER NOT NULL);
  CREATE TABLE ratings (
    id TEXT PRIMARY KEY,
    terminal_id TEXT NOT NULL,
    subject_kind TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    level TEXT NOT NULL,
    reasons TEXT NOT NULL,
    comment_sealed BLOB,
    fingerprint TEXT NOT NULL,
    created_at TEXT NOT NULL,
    received_at INTEGER NOT NULL
  );
  CREATE INDEX ratings_subject ON ratings(subject_kind, subject_id);
  `,
  // The receipt's QR key (kept as an HMAC, so the file holds no live link), for /p/{token}.
  `
  ALTER TABLE applications ADD COLUMN receipt_key TEXT;
  CREATE UNIQUE INDEX applications_receipt ON applications(receipt_key);
  `,
]

/** One case to open for an application (a bundle opens one per part). */
export interface CasePlan {
  itemCode: string
  itemName: LocalizedText
  missing: { materialId: string; name: LocalizedText; dueDate: string }[]
}

export type InsertResult =
  | { kind: 'created'; confirmation: ApplicationConfirmation }
  | { kind: 'repeat'; confirmation: ApplicationConfirmation }
  | { kind: 'conflict' }

export type RatingInsertResult =
  | { kind: 'created'; receipt: RatingReceipt }
  | { kind: 'repeat'; receipt: RatingReceipt }
  | { kind: 'conflict' }

export interface StatusUpdate {
  status: CaseStatus
  note?: LocalizedText
  result?: LocalizedText
  requestMaterials: { materialId: string; name?: LocalizedText; dueDate: string }[]
  receivedMaterials: string[]
  byUser: string
}

/** A photographed page as stored: the image bytes live in `material_pages`, sealed. */
type StoredImage =
  | { kind: 'stored'; mediaType: string; width?: number; height?: number }
  | Extract<ImageData, { kind: 'ref' }>

const EVIDENCE = ':evidence'
const CHINA_OFFSET_MS = 8 * 3600_000
const FINAL: ReadonlySet<CaseStatus> = new Set(['closed', 'withdrawn'])

/** libsql hands BLOBs back as ArrayBuffer (or Buffer, depending on the version). */
function toBuffer(v: unknown): Buffer {
  if (v instanceof ArrayBuffer) return Buffer.from(v)
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength)
  throw new Error('expected a BLOB')
}

const iso = (ms: number) => new Date(ms).toISOString()

/** YYYYMMDD in China Standard Time (the date a clerk and the resident see). */
export function caseDay(ms: number): string {
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10).replace(/-/g, '')
}

export function formatCaseNumber(day: string, n: number): string {
  return `${day}-${String(n).padStart(6, '0')}`
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

export interface ApplicationsStore {
  /**
   * Stores the application and opens its cases in one IMMEDIATE transaction, or answers a repeat
   * of the same id with the stored confirmation (conflict when the payload differs).
   */
  insertApplication(input: {
    app: Application
    applicantKey: string
    fingerprint: string
    /** HMAC of the application's receipt token, when it has one. */
    receiptKey?: string | null
    plans: CasePlan[]
    progressUrl: (caseNumber: string) => string
    now: number
  }): InsertResult
  /** The full application, decrypted (images as base64 again), or null. */
  getApplication(id: string): Application | null
  countApplications(): number
  casesForApplicant(applicantKey: string): CaseProgress[]
  getCase(caseNumber: string): CaseProgress | null
  /** The application whose receipt key this is, with its cases; null when not received. */
  receiptCases(receiptKey: string): ReceiptCases | null
  /** Null when the case does not exist; 'final' when it is closed or withdrawn. */
  updateCase(caseNumber: string, update: StatusUpdate, now: number): CaseProgress | null | 'final'
  insertRating(rating: Rating, fingerprint: string, now: number): RatingInsertResult
  countRatings(): number
  close(): void
}

export function openApplicationsStore(path: string, keys: DataKeys): ApplicationsStore {
  // A confirmation is only sent after the commit reached the disk: the kiosk then purges its copy.
  const db = openDurableSqlite(path, migrations, { secureDelete: true })

  const q = <T extends unknown[]>(sql: string) => db.prepare<T>(sql)
  const k = keys.seal
  const sealText = (t: LocalizedText | undefined, ad: string) => (t ? sealJson(k, t, ad) : null)
  const openText = (b: unknown, ad: string) =>
    b === null || b === undefined ? undefined : openJson<LocalizedText>(k, toBuffer(b), ad)

  function nextCaseNumber(now: number): string {
    const day = caseDay(now)
    const row = q(
      `INSERT INTO case_counters (day, n) VALUES (?, 1)
       ON CONFLICT(day) DO UPDATE SET n = n + 1 RETURNING n`,
    ).get(day) as Row
    return formatCaseNumber(day, Number(row.n))
  }

  function rowToProgress(r: Row): CaseProgress {
    const caseNumber = String(r.case_number)
    const missing = (
      q(
        `SELECT material_id, name, due_date FROM case_missing
         WHERE case_number = ? AND received_at IS NULL ORDER BY due_date, material_id`,
      ).all(caseNumber) as Row[]
    ).map((m) => ({
      materialId: String(m.material_id),
      name: JSON.parse(String(m.name)) as LocalizedText,
      dueDate: String(m.due_date),
    }))
    const status = r.status as CaseStatus
    const note = openText(r.note_sealed, `case-note:${caseNumber}`)
    const result = openText(r.result_sealed, `case-result:${caseNumber}`)
    return {
      caseNumber,
      code: String(r.item_code),
      name: JSON.parse(String(r.item_name)) as LocalizedText,
      status,
      submittedAt: iso(Number(r.submitted_at)),
      updatedAt: iso(Number(r.updated_at)),
      missing,
      ...(note ? { note } : {}),
      ...(result ? { result } : {}),
      resultPrintable: result !== undefined && ['approved', 'rejected', 'closed'].includes(status),
    }
  }

  const insertTx = db.transaction(
    (input: Parameters<ApplicationsStore['insertApplication']>[0]): InsertResult => {
      const { app, now } = input
      const existing = q(
        `SELECT terminal_id, fingerprint, confirmation FROM applications WHERE id = ?`,
      ).get(app.id) as Row | undefined
      if (existing) {
        const same =
          String(existing.terminal_id) === app.terminalId &&
          sameMac(String(existing.fingerprint), input.fingerprint)
        if (!same) return { kind: 'conflict' }
        return {
          kind: 'repeat',
          confirmation: JSON.parse(String(existing.confirmation)) as ApplicationConfirmation,
        }
      }
      // A receipt key names one application; reused by another (never by an honest kiosk) is 409.
      if (
        input.receiptKey &&
        q(`SELECT 1 FROM applications WHERE receipt_key = ?`).get(input.receiptKey) !== undefined
      )
        return { kind: 'conflict' }
      const caseNumber = nextCaseNumber(now)
      const parts =
        app.kind === 'bundle'
          ? input.plans.map((p, i) => ({ ...p, caseNumber: `${caseNumber}-${i + 1}` }))
          : input.plans.slice(0, 1).map((p) => ({ ...p, caseNumber }))
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

      // Images go to their own sealed rows; the record keeps only their shape.
      const pages: { materialId: string; page: number; mediaType: string; bytes: Buffer }[] = []
      const strip = (img: ImageData, materialId: string, page: number): StoredImage => {
        if (img.kind === 'ref') return img
        pages.push({
          materialId,
          page,
          mediaType: img.mediaType,
          bytes: Buffer.from(img.base64, 'base64'),
        })
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

      q(
        `INSERT INTO applications (id, terminal_id, kind, code, catalog_version, case_number,
           applicant_key, fingerprint, sealed, confirmation, received_at, receipt_key)
         VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
      ).run(
        app.id,
        app.terminalId,
        app.kind,
        app.code,
        app.catalogVersion,
        caseNumber,
        input.applicantKey,
        input.fingerprint,
        sealJson(k, record, `application:${app.id}`),
        JSON.stringify(confirmation),
        now,
        input.receiptKey ?? null,
      )
      const insertPage = q(
        `INSERT INTO material_pages (application_id, material_id, page, media_type, sealed)
         VALUES (?,?,?,?,?)`,
      )
      for (const p of pages)
        insertPage.run(
          app.id,
          p.materialId,
          p.page,
          p.mediaType,
          seal(k, p.bytes, `page:${app.id}:${p.materialId}:${p.page}`),
        )
      const insertCase = q(
        `INSERT INTO cases (case_number, application_id, item_code, item_name, applicant_key,
           status, submitted_at, updated_at) VALUES (?,?,?,?,?,'received',?,?)`,
      )
      const insertMissing = q(
        `INSERT INTO case_missing (case_number, material_id, name, due_date) VALUES (?,?,?,?)`,
      )
      const insertEvent = q(
        `INSERT INTO case_events (case_number, at, status, by_user) VALUES (?,?,?,NULL)`,
      )
      for (const p of parts) {
        insertCase.run(
          p.caseNumber,
          app.id,
          p.itemCode,
          JSON.stringify(p.itemName),
          input.applicantKey,
          now,
          now,
        )
        for (const m of p.missing)
          insertMissing.run(p.caseNumber, m.materialId, JSON.stringify(m.name), m.dueDate)
        insertEvent.run(p.caseNumber, now, 'received')
      }
      return { kind: 'created', confirmation }
    },
  )

  const updateTx = db.transaction(
    (caseNumber: string, u: StatusUpdate, now: number): CaseProgress | null | 'final' => {
      const row = q(`SELECT status FROM cases WHERE case_number = ?`).get(caseNumber) as
        Row | undefined
      if (!row) return null
      if (FINAL.has(row.status as CaseStatus)) return 'final'
      q(
        `UPDATE cases SET status = ?, updated_at = ?,
           note_sealed = ?, result_sealed = coalesce(?, result_sealed)
         WHERE case_number = ?`,
      ).run(
        u.status,
        now,
        sealText(u.note, `case-note:${caseNumber}`),
        sealText(u.result, `case-result:${caseNumber}`),
        caseNumber,
      )
      for (const m of u.requestMaterials)
        q(
          `INSERT INTO case_missing (case_number, material_id, name, due_date) VALUES (?,?,?,?)
           ON CONFLICT(case_number, material_id)
           DO UPDATE SET due_date = excluded.due_date, received_at = NULL`,
        ).run(
          caseNumber,
          m.materialId,
          JSON.stringify(m.name ?? { 'zh-CN': m.materialId }),
          m.dueDate,
        )
      for (const id of u.receivedMaterials)
        q(`UPDATE case_missing SET received_at = ? WHERE case_number = ? AND material_id = ?`).run(
          now,
          caseNumber,
          id,
        )
      q(
        `INSERT INTO case_events (case_number, at, status, by_user, note_sealed) VALUES (?,?,?,?,?)`,
      ).run(
        caseNumber,
        now,
        u.status,
        u.byUser,
        sealText(u.note, `case-event:${caseNumber}:${now}`),
      )
      return rowToProgress(q(`SELECT * FROM cases WHERE case_number = ?`).get(caseNumber) as Row)
    },
  )

  const ratingTx = db.transaction(
    (r: Rating, fingerprint: string, now: number): RatingInsertResult => {
      const linked = (): string | null => {
        if (r.subject.kind !== 'application') return null
        const a = q(`SELECT case_number FROM applications WHERE id = ?`).get(
          r.subject.applicationId,
        ) as Row | undefined
        return a ? String(a.case_number) : null
      }
      const existing = q(`SELECT * FROM ratings WHERE id = ?`).get(r.id) as Row | undefined
      if (existing) {
        if (
          String(existing.terminal_id) !== r.terminalId ||
          !sameMac(String(existing.fingerprint), fingerprint)
        )
          return { kind: 'conflict' }
        return {
          kind: 'repeat',
          receipt: {
            ratingId: r.id,
            level: r.level,
            receivedAt: iso(Number(existing.received_at)),
            caseNumber: linked(),
          },
        }
      }
      const subjectId =
        r.subject.kind === 'application' ? r.subject.applicationId : r.subject.callId
      q(
        `INSERT INTO ratings (id, terminal_id, subject_kind, subject_id, level, reasons,
           comment_sealed, fingerprint, created_at, received_at) VALUES (?,?,?,?,?,?,?,?,?,?)`,
      ).run(
        r.id,
        r.terminalId,
        r.subject.kind,
        subjectId,
        r.level,
        JSON.stringify(r.reasons),
        r.comment ? sealJson(k, r.comment, `rating:${r.id}`) : null,
        fingerprint,
        r.createdAt,
        now,
      )
      return {
        kind: 'created',
        receipt: { ratingId: r.id, level: r.level, receivedAt: iso(now), caseNumber: linked() },
      }
    },
  )

  return {
    insertApplication(input) {
      // IMMEDIATE: takes the write lock before reading, so two processes cannot both miss.
      return insertTx.immediate(input)
    },
    getApplication(id) {
      const row = q(`SELECT sealed FROM applications WHERE id = ?`).get(id) as Row | undefined
      if (!row) return null
      const record = openJson<Application & { evidencePhoto?: StoredImage }>(
        k,
        toBuffer(row.sealed),
        `application:${id}`,
      )
      const image = (img: StoredImage, materialId: string, page: number): ImageData => {
        if (img.kind === 'ref') return img
        const p = q(
          `SELECT sealed FROM material_pages WHERE application_id = ? AND material_id = ? AND page = ?`,
        ).get(id, materialId, page) as Row
        const bytes = open(k, toBuffer(p.sealed), `page:${id}:${materialId}:${page}`)
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
    countApplications() {
      return Number((q(`SELECT count(*) AS n FROM applications`).get() as Row).n)
    },
    casesForApplicant(applicantKey) {
      return (
        q(
          `SELECT * FROM cases WHERE applicant_key = ? ORDER BY submitted_at DESC, case_number DESC`,
        ).all(applicantKey) as Row[]
      ).map(rowToProgress)
    },
    getCase(caseNumber) {
      const r = q(`SELECT * FROM cases WHERE case_number = ?`).get(caseNumber) as Row | undefined
      return r ? rowToProgress(r) : null
    },
    receiptCases(receiptKey) {
      const a = q(
        `SELECT id, kind, code, case_number, received_at FROM applications WHERE receipt_key = ?`,
      ).get(receiptKey) as Row | undefined
      if (!a) return null
      const cases = (
        q(`SELECT * FROM cases WHERE application_id = ? ORDER BY rowid`).all(String(a.id)) as Row[]
      ).map(rowToProgress)
      return {
        applicationId: String(a.id),
        kind: a.kind === 'bundle' ? 'bundle' : 'item',
        code: String(a.code),
        caseNumber: String(a.case_number),
        receivedAt: iso(Number(a.received_at)),
        cases,
      }
    },
    updateCase(caseNumber, update, now) {
      return updateTx.immediate(caseNumber, update, now)
    },
    insertRating(rating, fingerprint, now) {
      return ratingTx.immediate(rating, fingerprint, now)
    },
    countRatings() {
      return Number((q(`SELECT count(*) AS n FROM ratings`).get() as Row).n)
    },
    close() {
      db.close()
    },
  }
}
