import type pg from 'pg'
import type { LocalizedText } from '../../../common/catalog/schema'
import type { ApplicationConfirmation, CaseStatus } from '../../../common/applications/schema'
import { postgresCaseWork } from '../cases/postgres-work'
import { postgresSupervision } from '../supervision/postgres'
import { postgresCatalogVersions } from '../catalog/postgres'
import { NO_DUE } from '../cases/sqlite-work'
import { openMigratedPool } from '../store/postgres/migrate'
import {
  bytesOrNull,
  closePool,
  firstRow,
  inTransaction,
  num,
  type PostgresConfig,
} from '../store/postgres/pool'
import type {
  CaseRecord,
  MissingMaterial,
  RecordsStore,
  StoredApplication,
  StoredRating,
} from './records'

type Row = Record<string, unknown>
type Db = Pick<pg.Pool, 'query'>

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
    sealed: r.sealed as Buffer,
    confirmation: JSON.parse(String(r.confirmation)) as ApplicationConfirmation,
    receivedAt: num(r.received_at),
    receiptKey: (r.receipt_key ?? null) as string | null,
  }
}

function rowToCase(r: Row): CaseRecord {
  return {
    caseNumber: String(r.case_number),
    applicationId: String(r.application_id),
    itemCode: String(r.item_code),
    itemName: JSON.parse(String(r.item_name)) as LocalizedText,
    status: r.status as CaseStatus,
    noteSealed: bytesOrNull(r.note_sealed),
    resultSealed: bytesOrNull(r.result_sealed),
    submittedAt: num(r.submitted_at),
    updatedAt: num(r.updated_at),
    missing: r.missing as MissingMaterial[],
  }
}

function rowToRating(r: Row): StoredRating {
  return {
    id: String(r.id),
    terminalId: String(r.terminal_id),
    subjectKind: r.subject_kind === 'call' ? 'call' : 'application',
    subjectId: String(r.subject_id),
    level: String(r.level),
    reasons: JSON.parse(String(r.reasons)) as string[],
    commentSealed: bytesOrNull(r.comment_sealed),
    fingerprint: String(r.fingerprint),
    createdAt: String(r.created_at),
    receivedAt: num(r.received_at),
  }
}

// A case with the materials still outstanding, in one query. COLLATE "C": byte order, as on
// SQLite, whatever the database's locale.
const selectCases = `SELECT c.*, coalesce((
    SELECT json_agg(json_build_object(
             'materialId', m.material_id, 'name', m.name::json, 'dueDate', m.due_date)
           ORDER BY m.due_date COLLATE "C", m.material_id COLLATE "C")
    FROM case_missing m WHERE m.case_number = c.case_number AND m.received_at IS NULL
  ), '[]'::json) AS missing
  FROM cases c`

async function caseByNumber(db: Db, caseNumber: string): Promise<CaseRecord | null> {
  const r = (await db.query(`${selectCases} WHERE c.case_number = $1`, [caseNumber])).rows[0] as
    Row | undefined
  return r ? rowToCase(r) : null
}

/**
 * The applications database on PostgreSQL, for several centre nodes on one database; its
 * migrations are applied at open. Every rule that must hold between nodes rests on the
 * database: case numbers come from a counter row incremented in one statement, an application
 * or rating id and a receipt key are unique constraints written with ON CONFLICT DO NOTHING (the
 * loser learns which one it lost on), and a status change is an UPDATE conditional on the
 * status it was decided on. Each write is committed before its promise resolves.
 */
export async function openPostgresRecordsStore(config: PostgresConfig): Promise<RecordsStore> {
  const pool = await openMigratedPool(config, 'records')
  const one = (sql: string, params: unknown[] = []) => firstRow(pool, sql, params)

  return {
    ...postgresCaseWork(pool),
    ...postgresSupervision(pool),
    ...postgresCatalogVersions(pool),
    async nextSequence(name) {
      const r = await one(
        `INSERT INTO case_counters (day, n) VALUES ($1, 1)
         ON CONFLICT (day) DO UPDATE SET n = case_counters.n + 1 RETURNING n`,
        [name],
      )
      return num(r!.n)
    },

    insertApplication: (a, pages, cases) =>
      inTransaction(pool, async (c) => {
        // Waits for a concurrent insert of the same key to commit, then does nothing.
        const inserted = await c.query(
          `INSERT INTO applications (id, terminal_id, kind, code, catalog_version, case_number,
             applicant_key, fingerprint, sealed, confirmation, received_at, receipt_key)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
           ON CONFLICT DO NOTHING RETURNING id`,
          [
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
          ],
        )
        if (inserted.rowCount === 1) {
          for (const p of pages)
            await c.query(
              `INSERT INTO material_pages (application_id, material_id, page, media_type, sealed)
               VALUES ($1, $2, $3, $4, $5)`,
              [a.id, p.materialId, p.page, p.mediaType, p.sealed],
            )
          for (const k of cases) {
            await c.query(
              `INSERT INTO cases (case_number, application_id, item_code, item_name, applicant_key,
                 status, submitted_at, updated_at, category_id, hall, sort_due, deferred)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $10, $11)`,
              [
                k.caseNumber,
                a.id,
                k.itemCode,
                JSON.stringify(k.itemName),
                a.applicantKey,
                k.status,
                a.receivedAt,
                k.categoryId ?? '',
                k.hall ?? '',
                k.dueOn ?? NO_DUE,
                JSON.stringify(
                  k.missing.map((m) => ({ materialId: m.materialId, dueDate: m.dueDate })),
                ),
              ],
            )
            for (const m of k.missing)
              await c.query(
                `INSERT INTO case_missing (case_number, material_id, name, due_date)
                 VALUES ($1, $2, $3, $4)`,
                [k.caseNumber, m.materialId, JSON.stringify(m.name), m.dueDate],
              )
            await c.query(
              `INSERT INTO case_events (case_number, at, status, by_user) VALUES ($1, $2, $3, NULL)`,
              [k.caseNumber, a.receivedAt, k.status],
            )
          }
          return 'inserted' as const
        }
        // Which key was taken (the other writer has committed: this statement sees it).
        if ((await c.query(`SELECT 1 FROM applications WHERE id = $1`, [a.id])).rowCount)
          return 'id_exists' as const
        if (
          a.receiptKey &&
          (await c.query(`SELECT 1 FROM applications WHERE receipt_key = $1`, [a.receiptKey]))
            .rowCount
        )
          return 'receipt_key_exists' as const
        // Only the case number is left: numbering is broken, which must not pass silently.
        throw new Error(`case number ${a.caseNumber} is already taken`)
      }),

    async findApplication(id) {
      const r = await one(`SELECT * FROM applications WHERE id = $1`, [id])
      return r ? rowToApplication(r) : null
    },
    async findApplicationByReceiptKey(receiptKey) {
      const r = await one(`SELECT * FROM applications WHERE receipt_key = $1`, [receiptKey])
      return r ? rowToApplication(r) : null
    },
    async pages(applicationId) {
      const rows = (
        await pool.query(
          `SELECT material_id, page, media_type, sealed FROM material_pages
           WHERE application_id = $1 ORDER BY material_id COLLATE "C", page`,
          [applicationId],
        )
      ).rows as Row[]
      return rows.map((p) => ({
        materialId: String(p.material_id),
        page: num(p.page),
        mediaType: String(p.media_type),
        sealed: p.sealed as Buffer,
      }))
    },
    countApplications: async () => num((await one(`SELECT count(*) AS n FROM applications`))!.n),
    getCase: (caseNumber) => caseByNumber(pool, caseNumber),
    async casesForApplicant(applicantKey) {
      const rows = await pool.query(
        `${selectCases} WHERE c.applicant_key = $1
         ORDER BY c.submitted_at DESC, c.case_number COLLATE "C" DESC`,
        [applicantKey],
      )
      return (rows.rows as Row[]).map(rowToCase)
    },
    async casesOfApplication(applicationId) {
      const rows = await pool.query(
        `${selectCases} WHERE c.application_id = $1 ORDER BY c.opened`,
        [applicationId],
      )
      return (rows.rows as Row[]).map(rowToCase)
    },

    changeCase: (caseNumber, from, ch) =>
      inTransaction(pool, async (c) => {
        // A concurrent change of the same case waits for this one's commit, then finds the
        // status moved on and updates nothing (READ COMMITTED re-checks the condition).
        const changed = await c.query(
          `UPDATE cases SET status = $1, updated_at = $2,
             note_sealed = $3::bytea, result_sealed = coalesce($4::bytea, result_sealed)
           WHERE case_number = $5 AND status = $6`,
          [ch.status, ch.at, ch.noteSealed, ch.resultSealed, caseNumber, from],
        )
        if (changed.rowCount !== 1) return null
        for (const m of ch.requestMaterials)
          await c.query(
            `INSERT INTO case_missing (case_number, material_id, name, due_date)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (case_number, material_id)
             DO UPDATE SET due_date = excluded.due_date, received_at = NULL`,
            [caseNumber, m.materialId, JSON.stringify(m.name), m.dueDate],
          )
        for (const id of ch.receivedMaterials)
          await c.query(
            `UPDATE case_missing SET received_at = $1 WHERE case_number = $2 AND material_id = $3`,
            [ch.at, caseNumber, id],
          )
        await c.query(
          `INSERT INTO case_events (case_number, at, status, by_user, note_sealed)
           VALUES ($1, $2, $3, $4, $5)`,
          [caseNumber, ch.at, ch.status, ch.byUser, ch.eventNoteSealed],
        )
        return caseByNumber(c, caseNumber)
      }),

    async insertRating(r) {
      const inserted = await pool.query(
        `INSERT INTO ratings (id, terminal_id, subject_kind, subject_id, level, reasons,
           comment_sealed, fingerprint, created_at, received_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (id) DO NOTHING`,
        [
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
        ],
      )
      return inserted.rowCount === 1
    },
    async getRating(id) {
      const r = await one(`SELECT * FROM ratings WHERE id = $1`, [id])
      return r ? rowToRating(r) : null
    },
    countRatings: async () => num((await one(`SELECT count(*) AS n FROM ratings`))!.n),
    async close() {
      await closePool(pool)
    },
  }
}
