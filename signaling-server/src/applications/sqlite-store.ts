import type { LocalizedText } from '../../../common/catalog/schema'
import type { ApplicationConfirmation, CaseStatus } from '../../../common/applications/schema'
import { openDurableSqlite } from '../../../node-common/sqlite'
import type {
  CaseChange,
  CaseRecord,
  InsertOutcome,
  NewCase,
  RecordsStore,
  StoredApplication,
  StoredPage,
  StoredRating,
} from './records'
import { settled } from '../store/settled'
import { migrations } from './sqlite-schema'
import { NO_DUE, sqliteCaseWork } from '../cases/sqlite-work'
import { sqliteSupervision } from '../supervision/sqlite'
import { sqliteCatalogVersions } from '../catalog/sqlite'

type Row = Record<string, unknown>

/** libsql hands BLOBs back as ArrayBuffer (or Buffer, depending on the version). */
function toBuffer(v: unknown): Buffer {
  if (v instanceof ArrayBuffer) return Buffer.from(v)
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength)
  throw new Error('expected a BLOB')
}
const blobOrNull = (v: unknown): Buffer | null =>
  v === null || v === undefined ? null : toBuffer(v)

function rowToApplication(r: Row): StoredApplication {
  return {
    id: String(r.id),
    terminalId: String(r.terminal_id),
    kind: r.kind === 'bundle' ? 'bundle' : 'item',
    code: String(r.code),
    catalogVersion: String(r.catalog_version),
    caseNumber: String(r.case_number),
    applicantKey: String(r.applicant_key),
    fingerprint: String(r.fingerprint),
    sealed: toBuffer(r.sealed),
    confirmation: JSON.parse(String(r.confirmation)) as ApplicationConfirmation,
    receivedAt: Number(r.received_at),
    receiptKey: (r.receipt_key ?? null) as string | null,
  }
}

/**
 * The applications database on SQLite (libsql), the embedded default. A write is committed
 * (synchronous=FULL) before its promise resolves: the kiosk purges its copy on the
 * confirmation. Multi-row writes are IMMEDIATE transactions, which take the write lock before
 * reading, so several processes can share the file.
 */
export function openSqliteRecordsStore(path: string): RecordsStore {
  const db = openDurableSqlite(path, migrations, { secureDelete: true })
  const q = <T extends unknown[]>(sql: string) => db.prepare<T>(sql)

  function rowToCase(r: Row): CaseRecord {
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
    return {
      caseNumber,
      applicationId: String(r.application_id),
      itemCode: String(r.item_code),
      itemName: JSON.parse(String(r.item_name)) as LocalizedText,
      status: r.status as CaseStatus,
      noteSealed: blobOrNull(r.note_sealed),
      resultSealed: blobOrNull(r.result_sealed),
      submittedAt: Number(r.submitted_at),
      updatedAt: Number(r.updated_at),
      missing,
    }
  }
  const caseRow = (caseNumber: string) =>
    q(`SELECT * FROM cases WHERE case_number = ?`).get(caseNumber) as Row | undefined

  const insertTx = db.transaction(
    (a: StoredApplication, pages: readonly StoredPage[], cases: readonly NewCase[]) => {
      if (q(`SELECT 1 FROM applications WHERE id = ?`).get(a.id) !== undefined)
        return 'id_exists' as const
      if (
        a.receiptKey &&
        q(`SELECT 1 FROM applications WHERE receipt_key = ?`).get(a.receiptKey) !== undefined
      )
        return 'receipt_key_exists' as const
      q(
        `INSERT INTO applications (id, terminal_id, kind, code, catalog_version, case_number,
           applicant_key, fingerprint, sealed, confirmation, received_at, receipt_key)
         VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
      ).run(
        a.id,
        a.terminalId,
        a.kind,
        a.code,
        a.catalogVersion,
        a.caseNumber,
        a.applicantKey,
        a.fingerprint,
        a.sealed,
        JSON.stringify(a.confirmation),
        a.receivedAt,
        a.receiptKey,
      )
      const insertPage = q(
        `INSERT INTO material_pages (application_id, material_id, page, media_type, sealed)
         VALUES (?,?,?,?,?)`,
      )
      for (const p of pages) insertPage.run(a.id, p.materialId, p.page, p.mediaType, p.sealed)
      const insertCase = q(
        `INSERT INTO cases (case_number, application_id, item_code, item_name, applicant_key,
           status, submitted_at, updated_at, category_id, hall, sort_due, deferred)
         VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
      )
      const insertMissing = q(
        `INSERT INTO case_missing (case_number, material_id, name, due_date) VALUES (?,?,?,?)`,
      )
      const insertEvent = q(
        `INSERT INTO case_events (case_number, at, status, by_user) VALUES (?,?,?,NULL)`,
      )
      for (const c of cases) {
        insertCase.run(
          c.caseNumber,
          a.id,
          c.itemCode,
          JSON.stringify(c.itemName),
          a.applicantKey,
          c.status,
          a.receivedAt,
          a.receivedAt,
          c.categoryId ?? '',
          c.hall ?? '',
          c.dueOn ?? NO_DUE,
          JSON.stringify(c.missing.map((m) => ({ materialId: m.materialId, dueDate: m.dueDate }))),
        )
        for (const m of c.missing)
          insertMissing.run(c.caseNumber, m.materialId, JSON.stringify(m.name), m.dueDate)
        insertEvent.run(c.caseNumber, a.receivedAt, c.status)
      }
      return 'inserted' as const
    },
  )

  const changeTx = db.transaction((caseNumber: string, from: CaseStatus, c: CaseChange) => {
    const changed = q(
      `UPDATE cases SET status = ?, updated_at = ?,
         note_sealed = ?, result_sealed = coalesce(?, result_sealed)
       WHERE case_number = ? AND status = ?`,
    ).run(c.status, c.at, c.noteSealed, c.resultSealed, caseNumber, from)
    if (changed.changes !== 1) return null
    for (const m of c.requestMaterials)
      q(
        `INSERT INTO case_missing (case_number, material_id, name, due_date) VALUES (?,?,?,?)
         ON CONFLICT(case_number, material_id)
         DO UPDATE SET due_date = excluded.due_date, received_at = NULL`,
      ).run(caseNumber, m.materialId, JSON.stringify(m.name), m.dueDate)
    for (const id of c.receivedMaterials)
      q(`UPDATE case_missing SET received_at = ? WHERE case_number = ? AND material_id = ?`).run(
        c.at,
        caseNumber,
        id,
      )
    q(
      `INSERT INTO case_events (case_number, at, status, by_user, note_sealed) VALUES (?,?,?,?,?)`,
    ).run(caseNumber, c.at, c.status, c.byUser, c.eventNoteSealed)
    return rowToCase(caseRow(caseNumber)!)
  })

  const insertRatingTx = db.transaction((r: StoredRating) => {
    if (q(`SELECT 1 FROM ratings WHERE id = ?`).get(r.id) !== undefined) return false
    q(
      `INSERT INTO ratings (id, terminal_id, subject_kind, subject_id, level, reasons,
         comment_sealed, fingerprint, created_at, received_at) VALUES (?,?,?,?,?,?,?,?,?,?)`,
    ).run(
      r.id,
      r.terminalId,
      r.subjectKind,
      r.subjectId,
      r.level,
      JSON.stringify(r.reasons),
      r.commentSealed,
      r.fingerprint,
      r.createdAt,
      r.receivedAt,
    )
    return true
  })

  return {
    ...sqliteCaseWork(db),
    ...sqliteSupervision(db),
    ...sqliteCatalogVersions(db),
    nextSequence: (name) =>
      settled(() => {
        const row = q(
          `INSERT INTO case_counters (day, n) VALUES (?, 1)
           ON CONFLICT(day) DO UPDATE SET n = n + 1 RETURNING n`,
        ).get(name) as Row
        return Number(row.n)
      }),
    insertApplication: (app, pages, cases) =>
      settled(() => insertTx.immediate(app, pages, cases) as InsertOutcome),
    findApplication: (id) =>
      settled(() => {
        const r = q(`SELECT * FROM applications WHERE id = ?`).get(id) as Row | undefined
        return r ? rowToApplication(r) : null
      }),
    findApplicationByReceiptKey: (receiptKey) =>
      settled(() => {
        const r = q(`SELECT * FROM applications WHERE receipt_key = ?`).get(receiptKey) as
          Row | undefined
        return r ? rowToApplication(r) : null
      }),
    pages: (applicationId) =>
      settled(() =>
        (
          q(
            `SELECT material_id, page, media_type, sealed FROM material_pages
             WHERE application_id = ? ORDER BY material_id, page`,
          ).all(applicationId) as Row[]
        ).map((p) => ({
          materialId: String(p.material_id),
          page: Number(p.page),
          mediaType: String(p.media_type),
          sealed: toBuffer(p.sealed),
        })),
      ),
    countApplications: () =>
      settled(() => Number((q(`SELECT count(*) AS n FROM applications`).get() as Row).n)),
    getCase: (caseNumber) =>
      settled(() => {
        const r = caseRow(caseNumber)
        return r ? rowToCase(r) : null
      }),
    casesForApplicant: (applicantKey) =>
      settled(() =>
        (
          q(
            `SELECT * FROM cases WHERE applicant_key = ? ORDER BY submitted_at DESC, case_number DESC`,
          ).all(applicantKey) as Row[]
        ).map(rowToCase),
      ),
    casesOfApplication: (applicationId) =>
      settled(() =>
        (
          q(`SELECT * FROM cases WHERE application_id = ? ORDER BY rowid`).all(
            applicationId,
          ) as Row[]
        ).map(rowToCase),
      ),
    changeCase: (caseNumber, from, change) =>
      settled(() => changeTx.immediate(caseNumber, from, change) as CaseRecord | null),
    insertRating: (r) => settled(() => insertRatingTx.immediate(r) as boolean),
    getRating: (id) =>
      settled(() => {
        const r = q(`SELECT * FROM ratings WHERE id = ?`).get(id) as Row | undefined
        if (!r) return null
        return {
          id: String(r.id),
          terminalId: String(r.terminal_id),
          subjectKind: r.subject_kind === 'call' ? 'call' : 'application',
          subjectId: String(r.subject_id),
          level: String(r.level),
          reasons: JSON.parse(String(r.reasons)) as string[],
          commentSealed: blobOrNull(r.comment_sealed),
          fingerprint: String(r.fingerprint),
          createdAt: String(r.created_at),
          receivedAt: Number(r.received_at),
        }
      }),
    countRatings: () =>
      settled(() => Number((q(`SELECT count(*) AS n FROM ratings`).get() as Row).n)),
    close: () =>
      settled(() => {
        db.close()
      }),
  }
}
