import DataLoader from 'dataloader'
import { callColumns, callToRow, rowToCall, rowToUser, type Row } from '../sqlite-schema'
import {
  rolloutColumns,
  rolloutTerminalColumns,
  rolloutTerminalToRow,
  rolloutToRow,
  rowToRollout,
  rowToRolloutTerminal,
  upsertSql,
} from '../rollout-rows'
import { healthRows, type HealthParseCache } from '../health-rows'
import { postgresCommandStore } from './command-store'
import { postgresFleetStore } from './fleet-store'
import {
  callRatingColumns,
  callRatingToRow,
  ratedCallSelect,
  rowToRatedCall,
} from '../call-ratings'
import type { QueueEntryRecord, Store, TerminalRecord } from '../types'
import { openMigratedPool } from './migrate'
import { createOrderedWrites } from './ordered-writes'
import { closePool, firstRow, inTransaction, num, numOrNull, type PostgresConfig } from './pool'

// The call record's columns and mapping are the SQLite store's (store/sqlite-schema.ts): the
// same names and the same TEXT encoding of its JSON fields.
const upsertCallSql = `INSERT INTO calls (${callColumns.join(', ')})
  VALUES (${callColumns.map((_, i) => `$${i + 1}`).join(', ')})
  ON CONFLICT (id) DO UPDATE SET ${callColumns
    .slice(1)
    .map((c) => `${c} = excluded.${c}`)
    .join(', ')}`

const rowToEntry = (r: Row): QueueEntryRecord => ({
  callId: String(r.call_id),
  maskedName: (r.masked_name ?? null) as string | null,
  front: r.front === true,
})

const rowToTerminal = (r: Row): TerminalRecord => ({
  id: String(r.id),
  name: String(r.name),
  hall: String(r.hall),
  credentialHash: String(r.credential_hash),
  createdAt: num(r.created_at),
  revokedAt: numOrNull(r.revoked_at),
  lastSeenAt: numOrNull(r.last_seen_at),
})

/**
 * The signaling store on PostgreSQL, for several centre nodes on one database. Its migrations
 * are applied at open. What must stay unique under concurrent writers is the database's: an
 * enrolment code is consumed by the one `UPDATE … WHERE used_at IS NULL` that wins, usernames
 * are a unique constraint. Call and queue writes keep their order through one queue per store
 * (ordered-writes.ts); call and queue reads wait for the writes queued before them, as on
 * SQLite. In a cluster only the node serving the counter writes calls and queue entries, and
 * those writes are fenced: a node that lost the counter cannot overwrite what the next one does.
 */
export async function openPostgresStore(config: PostgresConfig): Promise<Store> {
  const pool = await openMigratedPool(config, 'signaling')
  // Set once this process serves a cluster's counter (fenceCounterWrites).
  let fence: number | null = null
  let retries = 0
  const writes = createOrderedWrites(
    pool,
    () =>
      fence === null
        ? null
        : {
            sql: `SELECT 1 FROM counter_fence WHERE id = 1 AND fence = $1 FOR SHARE`,
            params: [fence],
          },
    {
      // Reported like a lost connection, once per ten tries (they come every 2 s at most).
      onRetry: (err) => {
        if (retries++ % 10 === 0)
          config.onError?.(new Error(`call writes waiting for the database: ${String(err)}`))
      },
    },
  )
  const parsedLatest: HealthParseCache = new Map()
  const fleet = await postgresFleetStore(pool, parsedLatest)
  const one = (sql: string, params: unknown[] = []) => firstRow(pool, sql, params)
  const all = async (sql: string, params: unknown[] = []): Promise<Row[]> =>
    (await pool.query(sql, params)).rows as Row[]
  // Every kiosk handshake looks its terminal up; after a restart thousands come at once, and
  // one query per tick for all of them (not a pool connection each) leaves the pool to the
  // counter's rebuild and writes. No cache: a revocation counts from the next handshake.
  const terminals = new DataLoader<string, TerminalRecord | null>(
    async (ids) => {
      const rows = await all(`SELECT * FROM terminals WHERE id = ANY($1::text[])`, [[...ids]])
      const byId = new Map(rows.map((r) => [String(r.id), rowToTerminal(r)]))
      return ids.map((id) => byId.get(id) ?? null)
    },
    { cache: false, maxBatchSize: 500 },
  )

  return {
    ...postgresCommandStore(pool),
    async createEnrolCode(r) {
      await pool.query(
        `INSERT INTO enrol_codes (code_hash, hall, created_at, expires_at, used_at, terminal_id)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [r.codeHash, r.hall, r.createdAt, r.expiresAt, r.usedAt, r.terminalId],
      )
    },
    async getEnrolCode(codeHash) {
      const r = await one(`SELECT * FROM enrol_codes WHERE code_hash = $1`, [codeHash])
      if (!r) return null
      return {
        codeHash: String(r.code_hash),
        hall: String(r.hall),
        createdAt: num(r.created_at),
        expiresAt: num(r.expires_at),
        usedAt: numOrNull(r.used_at),
        terminalId: (r.terminal_id ?? null) as string | null,
      }
    },
    claimEnrolCode: (codeHash, usedAt, t) =>
      inTransaction(pool, async (c) => {
        // Concurrent claimers queue on the row lock; after the winner commits the others'
        // condition no longer holds, so they update nothing.
        const used = await c.query(
          `UPDATE enrol_codes SET used_at = $1, terminal_id = $2
           WHERE code_hash = $3 AND used_at IS NULL RETURNING code_hash`,
          [usedAt, t.id, codeHash],
        )
        if (used.rowCount !== 1) return false
        await c.query(
          `INSERT INTO terminals (id, name, hall, credential_hash, created_at, revoked_at)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [t.id, t.name, t.hall, t.credentialHash, t.createdAt, t.revokedAt],
        )
        return true
      }),
    getTerminal: (id) => terminals.load(id),
    async listTerminals() {
      const r = await pool.query(
        `SELECT * FROM terminals ORDER BY hall COLLATE "C", name COLLATE "C", id`,
      )
      return r.rows.map(rowToTerminal)
    },
    async revokeTerminal(id, at) {
      const r = await pool.query(
        `UPDATE terminals SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2`,
        [at, id],
      )
      return r.rowCount === 1
    },
    async markTerminalSeen(id, at) {
      await pool.query(`UPDATE terminals SET last_seen_at = $1 WHERE id = $2`, [at, id])
    },
    async insertUser(u) {
      await pool.query(
        `INSERT INTO users (id, username, display_name, role, categories, password_hash, created_at, disabled_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          u.id,
          u.username,
          u.displayName,
          u.role,
          JSON.stringify(u.categories),
          u.passwordHash,
          u.createdAt,
          u.disabledAt,
        ],
      )
    },
    listUsers: async () =>
      (await all(`SELECT * FROM users ORDER BY username COLLATE "C"`)).map(rowToUser),
    async updateUser(u) {
      const r = await pool.query(
        `UPDATE users SET display_name = $1, role = $2, categories = $3, password_hash = $4,
           disabled_at = $5 WHERE id = $6`,
        [u.displayName, u.role, JSON.stringify(u.categories), u.passwordHash, u.disabledAt, u.id],
      )
      return r.rowCount === 1
    },
    async getUserByUsername(username) {
      const r = await one(`SELECT * FROM users WHERE username = $1`, [username])
      return r ? rowToUser(r) : null
    },
    async getUser(id) {
      const r = await one(`SELECT * FROM users WHERE id = $1`, [id])
      return r ? rowToUser(r) : null
    },
    countUsers: async () => num((await one(`SELECT count(*) AS n FROM users`, []))!.n),
    async insertSession(s) {
      await pool.query(
        `INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
        [s.tokenHash, s.userId, s.createdAt, s.expiresAt],
      )
    },
    async getSession(tokenHash) {
      const r = await one(`SELECT * FROM sessions WHERE token_hash = $1`, [tokenHash])
      if (!r) return null
      return {
        tokenHash: String(r.token_hash),
        userId: String(r.user_id),
        createdAt: num(r.created_at),
        expiresAt: num(r.expires_at),
      }
    },
    async deleteExpiredSessions(now) {
      await pool.query(`DELETE FROM sessions WHERE expires_at <= $1`, [now])
    },
    async deleteSessionsOfUser(userId) {
      await pool.query(`DELETE FROM sessions WHERE user_id = $1`, [userId])
    },
    async fenceCounterWrites() {
      // After every write this store queued under an older token has been tried.
      await writes.barrier()
      const r = await one(`UPDATE counter_fence SET fence = fence + 1 WHERE id = 1 RETURNING fence`)
      fence = num(r!.fence)
      return fence
    },
    saveCall: (call) => writes.write(upsertCallSql, callToRow(call)),
    saveQueueEntry: (e) =>
      writes.write(
        `INSERT INTO queue_entries (call_id, masked_name, front) VALUES ($1, $2, $3)
         ON CONFLICT (call_id) DO UPDATE SET masked_name = excluded.masked_name, front = excluded.front`,
        [e.callId, e.maskedName, e.front],
      ),
    deleteQueueEntry: (callId) =>
      writes.write(`DELETE FROM queue_entries WHERE call_id = $1`, [callId]),
    async getCall(id) {
      await writes.barrier()
      const r = await one(`SELECT * FROM calls WHERE id = $1`, [id])
      return r ? rowToCall(r) : null
    },
    async listOpenCalls() {
      await writes.barrier()
      return (
        await all(`SELECT * FROM calls WHERE state <> 'ended' ORDER BY queued_at, id COLLATE "C"`)
      ).map(rowToCall)
    },
    async listQueueEntries() {
      await writes.barrier()
      return (await all(`SELECT * FROM queue_entries`)).map(rowToEntry)
    },
    async endedCallsSince(category, since) {
      await writes.barrier()
      return (
        await all(
          `SELECT * FROM calls WHERE category = $1 AND ended_at >= $2 AND state = 'ended'
           ORDER BY ended_at, id COLLATE "C"`,
          [category, since],
        )
      ).map(rowToCall)
    },
    async recentTalks(category, n) {
      await writes.barrier()
      const rows = await all(
        `SELECT id, connected_at, ended_at FROM calls
         WHERE category = $1 AND connected_at IS NOT NULL AND ended_at IS NOT NULL
         ORDER BY ended_at DESC LIMIT $2`,
        [category, n],
      )
      return rows.map((r) => ({
        callId: String(r.id),
        connectedAt: num(r.connected_at),
        endedAt: num(r.ended_at),
      }))
    },
    async putLatestHealth(h) {
      await fleet.upsertLatest(pool, [h])
    },
    getLatestHealth: fleet.getLatestHealth,
    listFleet: fleet.listFleet,
    countMatching: fleet.countMatching,
    countFleet: fleet.countFleet,
    listHalls: fleet.listHalls,
    listLatestHealth: async () =>
      healthRows(await all(`SELECT * FROM terminal_health`), parsedLatest),
    async writeHealth({ latest, samples }) {
      if (latest.length + samples.length === 0) return
      // One statement each, the rows as arrays: one round trip per batch, not per terminal.
      const cols = (rs: typeof latest) => [
        rs.map((h) => h.terminalId),
        rs.map((h) => h.receivedAt),
        rs.map((h) => JSON.stringify(h.report)),
      ]
      await inTransaction(pool, async (c) => {
        await fleet.upsertLatest(c, latest)
        if (samples.length)
          await c.query(
            `INSERT INTO terminal_health_samples (terminal_id, received_at, report)
             SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[])
             ON CONFLICT DO NOTHING`,
            cols(samples),
          )
      })
    },
    async addHealthSample(h) {
      await pool.query(
        `INSERT INTO terminal_health_samples (terminal_id, received_at, report) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING`,
        [h.terminalId, h.receivedAt, JSON.stringify(h.report)],
      )
    },
    listHealthSamples: async (terminalId, since) =>
      healthRows(
        await all(
          `SELECT * FROM terminal_health_samples WHERE terminal_id = $1 AND received_at >= $2
           ORDER BY received_at`,
          [terminalId, since],
        ),
      ),
    async pruneHealthSamples(before) {
      await pool.query(`DELETE FROM terminal_health_samples WHERE received_at < $1`, [before])
    },
    async callsOfVisit(terminalId, visitId) {
      await writes.barrier()
      return (
        await all(
          `SELECT * FROM calls WHERE terminal_id = $1 AND visit_id = $2
           ORDER BY queued_at, id COLLATE "C"`,
          [terminalId, visitId],
        )
      ).map(rowToCall)
    },
    async saveRollout(r) {
      await pool.query(
        upsertSql('rollouts', rolloutColumns, ['id'], (i) => `$${i}`),
        rolloutToRow(r),
      )
    },
    async getRollout(id) {
      const r = await one(`SELECT * FROM rollouts WHERE id = $1`, [id])
      return r ? rowToRollout(r) : null
    },
    listRollouts: async () =>
      (await all(`SELECT * FROM rollouts ORDER BY created_at DESC, id COLLATE "C" DESC`)).map(
        rowToRollout,
      ),
    async saveRolloutTerminal(p) {
      await pool.query(
        upsertSql(
          'rollout_terminals',
          rolloutTerminalColumns,
          ['rollout_id', 'terminal_id'],
          (i) => `$${i}`,
        ),
        rolloutTerminalToRow(p),
      )
    },
    listRolloutTerminals: async (rolloutId) =>
      (
        await all(
          `SELECT * FROM rollout_terminals WHERE rollout_id = $1 ORDER BY terminal_id COLLATE "C"`,
          [rolloutId],
        )
      ).map(rowToRolloutTerminal),
    async insertCallRating(r) {
      // The call row it references may still be queued behind earlier writes.
      await writes.barrier()
      const res = await pool.query(
        `INSERT INTO call_ratings (${callRatingColumns.join(', ')})
         VALUES (${callRatingColumns.map((_, i) => `$${i + 1}`).join(', ')})
         ON CONFLICT DO NOTHING`,
        callRatingToRow(r),
      )
      return res.rowCount === 1
    },
    async ratedCalls(callIds) {
      if (callIds.length === 0) return []
      await writes.barrier()
      return (
        await all(`${ratedCallSelect} WHERE r.call_id = ANY($1) ORDER BY c.queued_at, c.id`, [
          [...callIds],
        ])
      ).map(rowToRatedCall)
    },
    async recentRatedCalls(since, limit) {
      await writes.barrier()
      return (
        await all(
          `${ratedCallSelect} WHERE r.received_at >= $1 ORDER BY r.received_at DESC, r.call_id LIMIT $2`,
          [since, limit],
        )
      ).map(rowToRatedCall)
    },
    async close() {
      await writes.barrier()
      await closePool(pool)
    },
  }
}
