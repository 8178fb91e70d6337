import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { openDurableSqlite, type Db } from '../../../../node-common/sqlite'
import { migrations } from '../../../../signaling-server/src/store/sqlite-schema'
import { createGroupCommit } from '../../../../signaling-server/src/store/sqlite-writer'
import { call } from '../../../integration/stores/signaling-contract'

const dirs: string[] = []
const dbs: Db[] = []
afterEach(() => {
  vi.restoreAllMocks()
  for (const db of dbs.splice(0)) db.close()
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function openFile(): { db: Db; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sig-writer-'))
  dirs.push(dir)
  const path = join(dir, 'centre.db')
  const db = openDurableSqlite(path, migrations)
  dbs.push(db)
  return { db, path }
}

const callIds = (db: Db) =>
  (db.prepare('SELECT id FROM calls ORDER BY id').all() as { id: string }[]).map((r) => r.id)

describe('the call store’s writer thread', () => {
  it('commits group writes from its thread', async () => {
    const { db, path } = openFile()
    const writes = createGroupCommit(db, path, 5)
    writes.writeCall(call('c1'))
    writes.writeCall(call('c2'))
    writes.sync()
    expect(callIds(db)).toEqual(['c1', 'c2'])
    await writes.close()
  })

  it('when the thread cannot open the file, writes in-thread and loses nothing', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined)
    const { db, path } = openFile()
    // The thread fails as it starts (here: its SQLite module cannot be loaded).
    const writes = createGroupCommit(db, path, 5, { libsqlModule: join(path, 'no-such-module') })
    writes.writeCall(call('c1'))
    writes.sync()
    writes.writeCall(call('c2'))
    writes.writeEntry('c2', { callId: 'c2', maskedName: '王*', front: false })
    writes.sync()
    expect(callIds(db)).toEqual(['c1', 'c2'])
    expect(db.prepare('SELECT masked_name FROM queue_entries').all()).toEqual([
      { masked_name: '王*' },
    ])
    await writes.close()
    await vi.waitFor(() =>
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('writing in-thread')),
    )
  })
})
