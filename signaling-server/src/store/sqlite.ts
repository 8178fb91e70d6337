import { openDurableSqlite } from '../../../node-common/sqlite'
import {
  migrations,
  num,
  numOrNull,
  rowToCall,
  rowToTerminal,
  rowToUser,
  type Row,
} from './sqlite-schema'
import { createGroupCommit } from './sqlite-writer'
import {
  rolloutColumns,
  rolloutTerminalColumns,
  rolloutTerminalToRow,
  rolloutToRow,
  rowToRollout,
  rowToRolloutTerminal,
  upsertSql,
} from './rollout-rows'
import { healthRows, type HealthParseCache } from './health-rows'
import { sqliteCommandStore } from './sqlite-commands'
import { sqliteFleetStore } from './sqlite-fleet'
import { callRatingColumns, callRatingToRow, ratedCallSelect, rowToRatedCall } from './call-ratings'
import { settled } from './settled'
import type {
  EnrolCodeRecord,
  HealthRecord,
  QueueEntryRecord,
  SessionRecord,
  Store,
  TerminalRecord,
} from './types'

/**
 * The signaling store on SQLite (libsql), the embedded default: WAL for concurrent readers;
 * synchronous=FULL because call records and identities must survive a power cut (NORMAL may
 * roll back the last commits). Call and queue writes are group-committed by a writer thread
 * (sqlite-writer.ts); everything else is written before its promise resolves. libsql is
 * synchronous, so each method does its work when called and hands back a settled promise: calls
 * keep their order with no interleaving.
 */
export function openSqliteStore(path: string, { groupCommitMs = 20 } = {}): Store {
  const db = openDurableSqlite(path, migrations)
  const q = <T extends unknown[]>(sql: string) => db.prepare<T>(sql)
  const writes = createGroupCommit(db, path, groupCommitMs)
  const parsedLatest: HealthParseCache = new Map()

  const claimTx = db.transaction((codeHash: string, usedAt: number, t: TerminalRecord) => {
    const used = q(
      `UPDATE enrol_codes SET used_at = ?, terminal_id = ? WHERE code_hash = ? AND used_at IS NULL`,
    ).run(usedAt, t.id, codeHash)
    if (used.changes !== 1) return false
    q(
      `INSERT INTO terminals (id, name, hall, credential_hash, created_at, revoked_at) VALUES (?,?,?,?,?,?)`,
    ).run(t.id, t.name, t.hall, t.credentialHash, t.createdAt, t.revokedAt)
    return true
  })

  const fleet = sqliteFleetStore(db, parsedLatest)
  const insertSample = `INSERT INTO terminal_health_samples (terminal_id, received_at, report) VALUES (?,?,?)
    ON CONFLICT DO NOTHING`
  // One commit (one fsync) for a whole batch: at 10,000 terminals one per report was the
  // centre's bottleneck (docs/benchmarks.md, "fleet").
  const healthTx = db.transaction((latest: HealthRecord[], samples: HealthRecord[]) => {
    for (const h of latest) fleet.upsertLatest(h)
    const ins = q(insertSample)
    for (const h of samples) ins.run(h.terminalId, h.receivedAt, JSON.stringify(h.report))
  })

  const rowToEntry = (r: Row): QueueEntryRecord => ({
    callId: String(r.call_id),
    maskedName: (r.masked_name ?? null) as string | null,
    front: num(r.front) === 1,
  })

  return {
    ...sqliteCommandStore(db),
    createEnrolCode: (r: EnrolCodeRecord) =>
      settled(() => {
        q(
          `INSERT INTO enrol_codes (code_hash, hall, created_at, expires_at, used_at, terminal_id) VALUES (?,?,?,?,?,?)`,
        ).run(r.codeHash, r.hall, r.createdAt, r.expiresAt, r.usedAt, r.terminalId)
      }),
    getEnrolCode: (codeHash) =>
      settled(() => {
        const r = q(`SELECT * FROM enrol_codes WHERE code_hash = ?`).get(codeHash) as
          Row | undefined
        if (!r) return null
        return {
          codeHash: String(r.code_hash),
          hall: String(r.hall),
          createdAt: num(r.created_at),
          expiresAt: num(r.expires_at),
          usedAt: numOrNull(r.used_at),
          terminalId: (r.terminal_id ?? null) as string | null,
        }
      }),
    claimEnrolCode: (codeHash, usedAt, terminal) =>
      settled(() => claimTx.immediate(codeHash, usedAt, terminal) as boolean),
    getTerminal: (id) =>
      settled(() => {
        const r = q(`SELECT * FROM terminals WHERE id = ?`).get(id) as Row | undefined
        return r ? rowToTerminal(r) : null
      }),
    listTerminals: () =>
      settled(() =>
        (q(`SELECT * FROM terminals ORDER BY hall, name, id`).all() as Row[]).map(rowToTerminal),
      ),
    revokeTerminal: (id, at) =>
      settled(
        () =>
          q(`UPDATE terminals SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?`).run(at, id)
            .changes === 1,
      ),
    markTerminalSeen: (id, at) =>
      settled(() => {
        q(`UPDATE terminals SET last_seen_at = ? WHERE id = ?`).run(at, id)
      }),
    insertUser: (u) =>
      settled(() => {
        q(
          `INSERT INTO users (id, username, display_name, role, categories, password_hash, created_at, disabled_at)
           VALUES (?,?,?,?,?,?,?,?)`,
        ).run(
          u.id,
          u.username,
          u.displayName,
          u.role,
          JSON.stringify(u.categories),
          u.passwordHash,
          u.createdAt,
          u.disabledAt,
        )
      }),
    listUsers: () =>
      settled(() => (q(`SELECT * FROM users ORDER BY username`).all() as Row[]).map(rowToUser)),
    updateUser: (u) =>
      settled(
        () =>
          q(
            `UPDATE users SET display_name = ?, role = ?, categories = ?, password_hash = ?, disabled_at = ?
             WHERE id = ?`,
          ).run(
            u.displayName,
            u.role,
            JSON.stringify(u.categories),
            u.passwordHash,
            u.disabledAt,
            u.id,
          ).changes === 1,
      ),
    getUserByUsername: (username) =>
      settled(() => {
        const r = q(`SELECT * FROM users WHERE username = ?`).get(username) as Row | undefined
        return r ? rowToUser(r) : null
      }),
    getUser: (id) =>
      settled(() => {
        const r = q(`SELECT * FROM users WHERE id = ?`).get(id) as Row | undefined
        return r ? rowToUser(r) : null
      }),
    countUsers: () => settled(() => num((q(`SELECT count(*) AS n FROM users`).get() as Row).n)),
    insertSession: (s: SessionRecord) =>
      settled(() => {
        q(
          `INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?,?,?,?)`,
        ).run(s.tokenHash, s.userId, s.createdAt, s.expiresAt)
      }),
    getSession: (tokenHash) =>
      settled(() => {
        const r = q(`SELECT * FROM sessions WHERE token_hash = ?`).get(tokenHash) as Row | undefined
        if (!r) return null
        return {
          tokenHash: String(r.token_hash),
          userId: String(r.user_id),
          createdAt: num(r.created_at),
          expiresAt: num(r.expires_at),
        }
      }),
    deleteExpiredSessions: (now) =>
      settled(() => {
        q(`DELETE FROM sessions WHERE expires_at <= ?`).run(now)
      }),
    deleteSessionsOfUser: (userId) =>
      settled(() => {
        q(`DELETE FROM sessions WHERE user_id = ?`).run(userId)
      }),
    saveCall: (call) => settled(() => writes.writeCall(call)),
    saveQueueEntry: (e) => settled(() => writes.writeEntry(e.callId, e)),
    deleteQueueEntry: (callId) => settled(() => writes.writeEntry(callId, null)),
    getCall: (id) =>
      settled(() => {
        writes.sync()
        const r = q(`SELECT * FROM calls WHERE id = ?`).get(id) as Row | undefined
        return r ? rowToCall(r) : null
      }),
    listOpenCalls: () =>
      settled(() => {
        writes.sync()
        return (
          q(`SELECT * FROM calls WHERE state <> 'ended' ORDER BY queued_at`).all() as Row[]
        ).map(rowToCall)
      }),
    listQueueEntries: () =>
      settled(() => {
        writes.sync()
        return (q(`SELECT * FROM queue_entries`).all() as Row[]).map(rowToEntry)
      }),
    endedCallsSince: (category, since) =>
      settled(() => {
        writes.sync()
        return (
          q(
            `SELECT * FROM calls WHERE category = ? AND ended_at >= ? AND state = 'ended'
             ORDER BY ended_at, id`,
          ).all(category, since) as Row[]
        ).map(rowToCall)
      }),
    recentTalks: (category, n) =>
      settled(() => {
        writes.sync()
        return (
          q(
            `SELECT id, connected_at, ended_at FROM calls
             WHERE category = ? AND connected_at IS NOT NULL AND ended_at IS NOT NULL
             ORDER BY ended_at DESC LIMIT ?`,
          ).all(category, n) as Row[]
        ).map((r) => ({
          callId: String(r.id),
          connectedAt: num(r.connected_at),
          endedAt: num(r.ended_at),
        }))
      }),
    putLatestHealth: (h) => settled(() => fleet.upsertLatest(h)),
    getLatestHealth: fleet.getLatestHealth,
    listFleet: fleet.listFleet,
    countMatching: fleet.countMatching,
    countFleet: fleet.countFleet,
    listHalls: fleet.listHalls,
    writeHealth: ({ latest, samples }) =>
      settled(() => {
        if (latest.length + samples.length > 0) healthTx.immediate(latest, samples)
      }),
    listLatestHealth: () =>
      settled(() => healthRows(q(`SELECT * FROM terminal_health`).all() as Row[], parsedLatest)),
    addHealthSample: (h) =>
      settled(() => {
        q(insertSample).run(h.terminalId, h.receivedAt, JSON.stringify(h.report))
      }),
    listHealthSamples: (terminalId, since) =>
      settled(() =>
        healthRows(
          q(
            `SELECT * FROM terminal_health_samples WHERE terminal_id = ? AND received_at >= ?
             ORDER BY received_at`,
          ).all(terminalId, since) as Row[],
        ),
      ),
    pruneHealthSamples: (before) =>
      settled(() => {
        q(`DELETE FROM terminal_health_samples WHERE received_at < ?`).run(before)
      }),
    callsOfVisit: (terminalId, visitId) =>
      settled(() => {
        writes.sync()
        return (
          q(
            `SELECT * FROM calls WHERE terminal_id = ? AND visit_id = ? ORDER BY queued_at, id`,
          ).all(terminalId, visitId) as Row[]
        ).map(rowToCall)
      }),
    saveRollout: (r) =>
      settled(() => {
        q(upsertSql('rollouts', rolloutColumns, ['id'], () => '?')).run(...rolloutToRow(r))
      }),
    getRollout: (id) =>
      settled(() => {
        const r = q(`SELECT * FROM rollouts WHERE id = ?`).get(id) as Row | undefined
        return r ? rowToRollout(r) : null
      }),
    listRollouts: () =>
      settled(() =>
        (q(`SELECT * FROM rollouts ORDER BY created_at DESC, id DESC`).all() as Row[]).map(
          rowToRollout,
        ),
      ),
    saveRolloutTerminal: (p) =>
      settled(() => {
        q(
          upsertSql(
            'rollout_terminals',
            rolloutTerminalColumns,
            ['rollout_id', 'terminal_id'],
            () => '?',
          ),
        ).run(...rolloutTerminalToRow(p))
      }),
    listRolloutTerminals: (rolloutId) =>
      settled(() =>
        (
          q(`SELECT * FROM rollout_terminals WHERE rollout_id = ? ORDER BY terminal_id`).all(
            rolloutId,
          ) as Row[]
        ).map(rowToRolloutTerminal),
      ),
    insertCallRating: (r) =>
      settled(() => {
        // The call row it references may still sit in the group commit.
        writes.sync()
        return (
          q(
            `INSERT INTO call_ratings (${callRatingColumns.join(', ')})
             VALUES (${callRatingColumns.map(() => '?').join(',')}) ON CONFLICT DO NOTHING`,
          ).run(...callRatingToRow(r)).changes === 1
        )
      }),
    ratedCalls: (callIds) =>
      settled(() => {
        if (callIds.length === 0) return []
        writes.sync()
        return (
          q(
            `${ratedCallSelect} WHERE r.call_id IN (${callIds.map(() => '?').join(',')})
             ORDER BY c.queued_at, c.id`,
          ).all(...callIds) as Row[]
        ).map(rowToRatedCall)
      }),
    recentRatedCalls: (since, limit) =>
      settled(() => {
        writes.sync()
        return (
          q(
            `${ratedCallSelect} WHERE r.received_at >= ? ORDER BY r.received_at DESC, r.call_id LIMIT ?`,
          ).all(since, limit) as Row[]
        ).map(rowToRatedCall)
      }),
    async close() {
      const exited = writes.close()
      db.close()
      await exited
    },
  }
}
