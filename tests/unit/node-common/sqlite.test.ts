import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDurableSqlite, sqliteScalar } from '../../../node-common/sqlite'

describe('durable SQLite opening', () => {
  const dir = mkdtempSync(join(tmpdir(), 'durable-sqlite-'))
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('uses WAL, synchronous=FULL and secure_delete, and applies each migration once', () => {
    const path = join(dir, 'data', 'x.db')
    const v1 = ['CREATE TABLE a (id TEXT PRIMARY KEY)']
    const db = openDurableSqlite(path, v1, { secureDelete: true })
    expect(sqliteScalar(db, 'PRAGMA journal_mode')).toBe('wal')
    expect(Number(sqliteScalar(db, 'PRAGMA synchronous'))).toBe(2)
    expect(Number(sqliteScalar(db, 'PRAGMA secure_delete'))).toBe(1)
    expect(Number(sqliteScalar(db, 'PRAGMA busy_timeout'))).toBe(5000)
    // The folder of a file of sealed personal data is the owner's only (kiosk and centre alike).
    expect(statSync(join(dir, 'data')).mode & 0o777).toBe(0o700)
    db.prepare('INSERT INTO a VALUES (?)').run('kept')
    db.close()
    // Reopening with one more migration runs only the new one; the row survives.
    const again = openDurableSqlite(path, [...v1, 'CREATE TABLE b (id TEXT)'])
    expect(Number(sqliteScalar(again, 'PRAGMA user_version'))).toBe(2)
    expect(sqliteScalar(again, 'SELECT id FROM a')).toBe('kept')
    expect(Number(sqliteScalar(again, 'PRAGMA secure_delete'))).toBe(0)
    again.close()
  })
})
