// The remote commands part of the signaling store contract (store/types.ts, CommandStore):
// transitions only from the states they name, expiry, lists newest first, after a reopen.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CommandRecord, Store } from '../../../signaling-server/src/store/types'
import type { StoreFactory, StoreSite } from './factory'

const T0 = Date.UTC(2026, 5, 1, 8, 0)
const TTL = 10 * 60_000

function command(id: string, over: Partial<CommandRecord> = {}): CommandRecord {
  return {
    id,
    terminalId: 't_a',
    kind: 'print-test-page',
    issuedBy: 'u_tech',
    issuedByName: '周强',
    issuedAt: T0,
    expiresAt: T0 + TTL,
    state: 'pending',
    deliveredAt: null,
    finishedAt: null,
    output: null,
    error: null,
    ...over,
  }
}

export function commandStoreContract(factory: StoreFactory): void {
  describe(`command store contract: ${factory.name}`, () => {
    let site: StoreSite
    let store: Store
    beforeEach(async () => {
      site = await factory.site()
      store = await site.signaling()
    })
    afterEach(async () => {
      await store.close()
      await site.dispose()
    })

    it('keeps a command through delivery and its result, after a reopen', async () => {
      await store.insertCommand(command('cmd_aaaaaaaaaa'))
      expect(await store.markCommandDelivered('cmd_aaaaaaaaaa', T0 + 1_000)).toBe(true)
      // Only pending → delivered.
      expect(await store.markCommandDelivered('cmd_aaaaaaaaaa', T0 + 2_000)).toBe(false)
      const logs = {
        kind: 'upload-logs' as const,
        text: '行一\nline 2',
        lines: 2,
        truncated: false,
      }
      expect(
        await store.finishCommand('cmd_aaaaaaaaaa', {
          state: 'done',
          at: T0 + 5_000,
          output: logs,
          error: null,
        }),
      ).toBe(true)
      // A finished command stays as it was.
      expect(
        await store.finishCommand('cmd_aaaaaaaaaa', {
          state: 'failed',
          at: T0 + 6_000,
          output: null,
          error: 'late',
        }),
      ).toBe(false)
      await store.close()
      store = await site.signaling()
      expect(await store.getCommand('cmd_aaaaaaaaaa')).toEqual(
        command('cmd_aaaaaaaaaa', {
          state: 'done',
          deliveredAt: T0 + 1_000,
          finishedAt: T0 + 5_000,
          output: logs,
        }),
      )
      expect(await store.getCommand('cmd_nonexistent')).toBeNull()
      expect(await store.openCommandsOf('t_a', T0)).toEqual([])
    })

    it('lists a terminal’s open commands oldest first, and expires what ran out of time', async () => {
      await store.insertCommand(
        command('cmd_bbbbbbbbb2', { issuedAt: T0 + 1, expiresAt: T0 + 1 + TTL }),
      )
      await store.insertCommand(command('cmd_bbbbbbbbb1'))
      await store.insertCommand(command('cmd_otherterm', { terminalId: 't_b' }))
      await store.markCommandDelivered('cmd_bbbbbbbbb1', T0 + 10)
      expect((await store.openCommandsOf('t_a', T0 + 100)).map((c) => c.id)).toEqual([
        'cmd_bbbbbbbbb1',
        'cmd_bbbbbbbbb2',
      ])
      // Not open once expired, even before the sweep marks it.
      expect((await store.openCommandsOf('t_a', T0 + TTL)).map((c) => c.id)).toEqual([
        'cmd_bbbbbbbbb2',
      ])
      // A result at or after the expiry is not taken.
      expect(
        await store.finishCommand('cmd_bbbbbbbbb1', {
          state: 'done',
          at: T0 + TTL,
          output: { kind: 'print-test-page' },
          error: null,
        }),
      ).toBe(false)
      await store.expireCommands(T0 + TTL)
      const one = await store.getCommand('cmd_bbbbbbbbb1')
      expect(one).toMatchObject({ state: 'expired', finishedAt: T0 + TTL, deliveredAt: T0 + 10 })
      expect((await store.getCommand('cmd_bbbbbbbbb2'))?.state).toBe('pending')
      expect((await store.getCommand('cmd_otherterm'))?.state).toBe('expired')
    })

    it('lists newest first, of one terminal or of all, up to the limit', async () => {
      for (let i = 0; i < 5; i++)
        await store.insertCommand(
          command(`cmd_list00000${i}`, {
            terminalId: i % 2 ? 't_b' : 't_a',
            issuedAt: T0 + i * 1_000,
            kind: 'reload',
          }),
        )
      expect((await store.listCommands({ limit: 3 })).map((c) => c.id)).toEqual([
        'cmd_list000004',
        'cmd_list000003',
        'cmd_list000002',
      ])
      expect((await store.listCommands({ terminalId: 't_b', limit: 10 })).map((c) => c.id)).toEqual(
        ['cmd_list000003', 'cmd_list000001'],
      )
      const failed = await store.finishCommand('cmd_list000001', {
        state: 'failed',
        at: T0 + 9_000,
        output: null,
        error: 'not_supported',
      })
      expect(failed).toBe(true)
      expect(await store.getCommand('cmd_list000001')).toMatchObject({
        state: 'failed',
        error: 'not_supported',
        output: null,
        // Finished without a receipt ack first: delivered then too.
        deliveredAt: T0 + 9_000,
      })
    })
  })
}
