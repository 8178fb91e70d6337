// Upgrading a centre's SQLite file: the migration that adds the technician role rebuilds the
// users and sessions tables, and nobody loses their account or their session.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createUser, sha256, userForToken } from '../../../signaling-server/src/auth'
import { openSqliteStore } from '../../../signaling-server/src/store/sqlite'
import { migrations } from '../../../signaling-server/src/store/sqlite-schema'
import { openDurableSqlite, sqliteScalar } from '../../../node-common/sqlite'

describe('signaling SQLite migrations', () => {
  it('adds the technician role to a file of the previous release, keeping accounts and sessions', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sig-migrate-')), 'server.db')
    const old = openDurableSqlite(path, migrations.slice(0, 2))
    old
      .prepare(
        `INSERT INTO users (id, username, display_name, role, categories, password_hash,
           created_at, disabled_at) VALUES ('u_1', 'wangfang', '王芳', 'clerk',
           '["social-security"]', 'scrypt$x', 1, NULL)`,
      )
      .run()
    old
      .prepare(`INSERT INTO sessions VALUES (?, 'u_1', 1, ?)`)
      .run(sha256('session-token'), Date.now() + 3600_000)
    expect(() =>
      old
        .prepare(
          `INSERT INTO users (id, username, display_name, role, categories, password_hash,
             created_at) VALUES ('u_2', 'li', '李', 'technician', '[]', 'scrypt$x', 1)`,
        )
        .run(),
    ).toThrow(/CHECK/)
    old.close()

    const store = openSqliteStore(path)
    try {
      expect(await userForToken(store, 'session-token', Date.now())).toMatchObject({
        username: 'wangfang',
        role: 'clerk',
        categories: ['social-security'],
      })
      const tech = await createUser(
        store,
        {
          username: 'li',
          displayName: '李',
          role: 'technician',
          categories: [],
          password: 'pw-li',
        },
        Date.now(),
      )
      expect((await store.getUser(tech.id))?.role).toBe('technician')
    } finally {
      await store.close()
    }
    const after = openDurableSqlite(path, migrations)
    // Sessions still belong to users: the foreign key followed the rebuilt table.
    expect(
      String(sqliteScalar(after, `SELECT sql FROM sqlite_master WHERE name = 'sessions'`)),
    ).toMatch(/REFERENCES "?users"?\s*\(id\)/)
    expect(() =>
      after.prepare(`INSERT INTO sessions VALUES ('x', 'u_nobody', 1, 2)`).run(),
    ).toThrow(/FOREIGN KEY/)
    after.close()
  })
})
