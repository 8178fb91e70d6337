import type pg from 'pg'
import { commandColumns, commandRows, commandToRow } from '../command-rows'
import type { CommandStore } from '../types'

type Row = Record<string, unknown>

/** The remote commands on PostgreSQL (signaling-store.ts mixes them in); same rows as SQLite. */
export function postgresCommandStore(pool: pg.Pool): CommandStore {
  const all = async (sql: string, params: unknown[] = []): Promise<Row[]> =>
    (await pool.query(sql, params)).rows as Row[]
  const insert = `INSERT INTO terminal_commands (${commandColumns.join(', ')})
    VALUES (${commandColumns.map((_, i) => `$${i + 1}`).join(', ')})`
  return {
    async insertCommand(c) {
      await pool.query(insert, commandToRow(c))
    },
    getCommand: async (id) =>
      commandRows(await all(`SELECT * FROM terminal_commands WHERE id = $1`, [id]))[0] ?? null,
    openCommandsOf: async (terminalId, now) =>
      commandRows(
        await all(
          `SELECT * FROM terminal_commands
           WHERE terminal_id = $1 AND state IN ('pending', 'delivered') AND expires_at > $2
           ORDER BY issued_at, id COLLATE "C"`,
          [terminalId, now],
        ),
      ),
    async markCommandDelivered(id, at) {
      const r = await pool.query(
        `UPDATE terminal_commands SET state = 'delivered', delivered_at = $1
         WHERE id = $2 AND state = 'pending'`,
        [at, id],
      )
      return r.rowCount === 1
    },
    async finishCommand(id, f) {
      const r = await pool.query(
        `UPDATE terminal_commands SET state = $1, finished_at = $2, output = $3, error = $4,
           delivered_at = COALESCE(delivered_at, $2)
         WHERE id = $5 AND state IN ('pending', 'delivered') AND expires_at > $2`,
        [f.state, f.at, f.output ? JSON.stringify(f.output) : null, f.error, id],
      )
      return r.rowCount === 1
    },
    async expireCommands(now) {
      await pool.query(
        `UPDATE terminal_commands SET state = 'expired', finished_at = expires_at
         WHERE state IN ('pending', 'delivered') AND expires_at <= $1`,
        [now],
      )
    },
    listCommands: async ({ terminalId, limit }) =>
      commandRows(
        terminalId === undefined
          ? await all(
              `SELECT * FROM terminal_commands ORDER BY issued_at DESC, id COLLATE "C" DESC LIMIT $1`,
              [limit],
            )
          : await all(
              `SELECT * FROM terminal_commands WHERE terminal_id = $1
               ORDER BY issued_at DESC, id COLLATE "C" DESC LIMIT $2`,
              [terminalId, limit],
            ),
      ),
  }
}
