import type { Db } from '../../../node-common/sqlite'
import { commandColumns, commandRows, commandToRow } from './command-rows'
import { settled } from './settled'
import type { CommandStore } from './types'

type Row = Record<string, unknown>

/** The remote commands on the signaling store's SQLite file (store/sqlite.ts mixes them in). */
export function sqliteCommandStore(db: Db): CommandStore {
  const q = <T extends unknown[]>(sql: string) => db.prepare<T>(sql)
  const insert = `INSERT INTO terminal_commands (${commandColumns.join(', ')})
    VALUES (${commandColumns.map(() => '?').join(', ')})`
  return {
    insertCommand: (c) =>
      settled(() => {
        q(insert).run(...commandToRow(c))
      }),
    getCommand: (id) =>
      settled(
        () =>
          commandRows(
            [q(`SELECT * FROM terminal_commands WHERE id = ?`).get(id) as Row].filter(Boolean),
          )[0] ?? null,
      ),
    openCommandsOf: (terminalId, now) =>
      settled(() =>
        commandRows(
          q(
            `SELECT * FROM terminal_commands
             WHERE terminal_id = ? AND state IN ('pending', 'delivered') AND expires_at > ?
             ORDER BY issued_at, id`,
          ).all(terminalId, now) as Row[],
        ),
      ),
    markCommandDelivered: (id, at) =>
      settled(
        () =>
          q(
            `UPDATE terminal_commands SET state = 'delivered', delivered_at = ?
             WHERE id = ? AND state = 'pending'`,
          ).run(at, id).changes === 1,
      ),
    finishCommand: (id, f) =>
      settled(
        () =>
          q(
            `UPDATE terminal_commands SET state = ?, finished_at = ?, output = ?, error = ?,
               delivered_at = COALESCE(delivered_at, ?)
             WHERE id = ? AND state IN ('pending', 'delivered') AND expires_at > ?`,
          ).run(f.state, f.at, f.output ? JSON.stringify(f.output) : null, f.error, f.at, id, f.at)
            .changes === 1,
      ),
    expireCommands: (now) =>
      settled(() => {
        q(
          `UPDATE terminal_commands SET state = 'expired', finished_at = expires_at
           WHERE state IN ('pending', 'delivered') AND expires_at <= ?`,
        ).run(now)
      }),
    listCommands: ({ terminalId, limit }) =>
      settled(() =>
        commandRows(
          (terminalId === undefined
            ? q(`SELECT * FROM terminal_commands ORDER BY issued_at DESC, id DESC LIMIT ?`).all(
                limit,
              )
            : q(
                `SELECT * FROM terminal_commands WHERE terminal_id = ?
                 ORDER BY issued_at DESC, id DESC LIMIT ?`,
              ).all(terminalId, limit)) as Row[],
        ),
      ),
  }
}
