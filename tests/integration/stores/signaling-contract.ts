// The contract every signaling store implementation passes (store/types.ts): terminals and
// staff, call records, call ratings, the queue snapshot; each also after the store is closed and
// reopened.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  createEnrolCode,
  createUser,
  normaliseEnrolCode,
  redeemEnrolCode,
  sha256,
  userForToken,
} from '../../../signaling-server/src/auth'
import type { CallRecord, Store } from '../../../signaling-server/src/store/types'
import type {
  RolloutRecord,
  RolloutTerminalRecord,
} from '../../../signaling-server/src/fleet/rollout-machine'
import type { CallRatingRecord } from '../../../signaling-server/src/store/call-ratings'
import { healthReport } from '../../support/health'
import type { StoreFactory, StoreSite } from './factory'

const T0 = Date.UTC(2025, 5, 10, 1, 30)

export function call(id: string, over: Partial<CallRecord> = {}): CallRecord {
  return {
    id,
    terminalId: 't_1',
    hall: '石桥村便民服务站',
    terminalName: '一号机',
    category: 'social-security',
    itemId: 'pension-cert',
    itemTitle: '养老保险待遇资格认证',
    stepId: 'upload',
    stepLabel: '上传材料',
    mode: 'video',
    priority: 0,
    priorityReasons: [],
    state: 'queued',
    endReason: null,
    clerkId: null,
    generation: 0,
    requeueCount: 0,
    queuedAt: T0,
    offeredAt: null,
    acceptedAt: null,
    connectedAt: null,
    endedAt: null,
    outcome: null,
    notes: null,
    qualityTerminal: null,
    qualityClerk: null,
    visitId: null,
    coService: [],
    ...over,
  }
}

export function signalingStoreContract(factory: StoreFactory): void {
  describe(`signaling store contract: ${factory.name}`, () => {
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
    /** Closes the store and opens it again on the same site. */
    async function reopen(): Promise<Store> {
      await store.close()
      store = await site.signaling()
      return store
    }

    describe('terminals', () => {
      it('enrols with a code once, into the code’s hall, and finds the terminal after a reopen', async () => {
        const { code } = await createEnrolCode(store, '石桥村便民服务站', 3600_000, T0)
        const t = await redeemEnrolCode(store, code, '一号机', T0 + 1000)
        expect(t).toMatchObject({ hall: '石桥村便民服务站' })
        expect(await redeemEnrolCode(store, code, '二号机', T0 + 2000)).toBeNull()
        await reopen()
        expect(await store.getTerminal(t!.terminalId)).toEqual({
          id: t!.terminalId,
          name: '一号机',
          hall: '石桥村便民服务站',
          credentialHash: sha256(t!.credential),
          createdAt: T0 + 1000,
          revokedAt: null,
          lastSeenAt: null,
        })
        expect(await store.getEnrolCode(sha256(normaliseEnrolCode(code)))).toMatchObject({
          usedAt: T0 + 1000,
          terminalId: t!.terminalId,
        })
        expect(await store.getTerminal('t_unknown')).toBeNull()
      })

      it('refuses an expired or unknown code', async () => {
        const { code } = await createEnrolCode(store, '石桥村便民服务站', 1000, T0)
        expect(await redeemEnrolCode(store, code, '一号机', T0 + 1000)).toBeNull()
        expect(await redeemEnrolCode(store, 'ABCD-EFGH', '一号机', T0)).toBeNull()
      })

      it('lets exactly one of two racing claims of a code win', async () => {
        const { code } = await createEnrolCode(store, 'hall', 3600_000, T0)
        const results = await Promise.all(
          ['一号机', '二号机', '三号机'].map((n) => redeemEnrolCode(store, code, n, T0)),
        )
        expect(results.filter(Boolean)).toHaveLength(1)
      })

      it('answers many lookups at once each with its own terminal, and sees a revocation at the next one', async () => {
        const ids: string[] = []
        for (const name of ['一号机', '二号机', '三号机']) {
          const { code } = await createEnrolCode(store, 'hall', 3600_000, T0)
          ids.push((await redeemEnrolCode(store, code, name, T0))!.terminalId)
        }
        // As kiosks' handshakes after a restart: all in one tick, an unknown one among them.
        const asked = [ids[2]!, 't_unknown', ids[0]!, ids[1]!, ids[0]!]
        const found = await Promise.all(asked.map((id) => store.getTerminal(id)))
        expect(found.map((t) => t?.name ?? null)).toEqual([
          '三号机',
          null,
          '一号机',
          '二号机',
          '一号机',
        ])
        await store.revokeTerminal(ids[0]!, T0 + 5)
        expect((await store.getTerminal(ids[0]!))?.revokedAt).toBe(T0 + 5)
      })

      it('lists terminals by hall and name with when each was last seen, and revokes one once, across a reopen', async () => {
        const enrol = async (hall: string, name: string) => {
          const { code } = await createEnrolCode(store, hall, 3600_000, T0)
          return (await redeemEnrolCode(store, code, name, T0))!.terminalId
        }
        const b2 = await enrol('石桥村便民服务站', '二号机')
        const a1 = await enrol('东山村便民服务站', '一号机')
        const b1 = await enrol('石桥村便民服务站', '一号机')
        expect(await store.revokeTerminal(b2, T0 + 10)).toBe(true)
        // A second revoke keeps the first time.
        expect(await store.revokeTerminal(b2, T0 + 20)).toBe(true)
        expect(await store.revokeTerminal('t_unknown', T0)).toBe(false)
        await store.markTerminalSeen(a1, T0 + 30)
        await store.markTerminalSeen(a1, T0 + 40)
        await reopen()
        const list = await store.listTerminals()
        expect(list.map((t) => [t.id, t.revokedAt, t.lastSeenAt])).toEqual([
          [a1, null, T0 + 40],
          [b1, null, null],
          [b2, T0 + 10, null],
        ])
      })
    })

    describe('terminal health', () => {
      it('keeps the latest report per terminal and a history it can prune, after a reopen', async () => {
        const out = healthReport({ printer: { state: 'error', paper: 'out', detail: 'paper-out' } })
        await store.putLatestHealth({ terminalId: 't_a', receivedAt: T0, report: healthReport() })
        await store.putLatestHealth({ terminalId: 't_a', receivedAt: T0 + 60_000, report: out })
        await store.putLatestHealth({ terminalId: 't_b', receivedAt: T0, report: healthReport() })
        for (const at of [T0, T0 + 600_000, T0 + 1_200_000])
          await store.addHealthSample({ terminalId: 't_a', receivedAt: at, report: out })
        // The same instant twice keeps one sample.
        await store.addHealthSample({ terminalId: 't_a', receivedAt: T0, report: healthReport() })
        await store.addHealthSample({ terminalId: 't_b', receivedAt: T0, report: healthReport() })
        await reopen()
        const latest = (await store.listLatestHealth()).sort((x, y) =>
          x.terminalId.localeCompare(y.terminalId),
        )
        expect(latest.map((h) => [h.terminalId, h.receivedAt, h.report.printer?.paper])).toEqual([
          ['t_a', T0 + 60_000, 'out'],
          ['t_b', T0, 'ok'],
        ])
        expect(latest[0]?.report).toEqual(out)
        const since = await store.listHealthSamples('t_a', T0 + 1)
        expect(since.map((h) => h.receivedAt)).toEqual([T0 + 600_000, T0 + 1_200_000])
        await store.pruneHealthSamples(T0 + 600_000)
        expect((await store.listHealthSamples('t_a', 0)).map((h) => h.receivedAt)).toEqual([
          T0 + 600_000,
          T0 + 1_200_000,
        ])
        expect(await store.listHealthSamples('t_b', 0)).toEqual([])
      })

      it('writes many terminals’ latest reports and samples as one batch', async () => {
        const out = healthReport({ printer: { state: 'error', paper: 'out', detail: 'paper-out' } })
        await store.putLatestHealth({ terminalId: 't_a', receivedAt: T0, report: healthReport() })
        await store.writeHealth({ latest: [], samples: [] })
        await store.writeHealth({
          latest: [
            { terminalId: 't_a', receivedAt: T0 + 1_000, report: out },
            { terminalId: 't_b', receivedAt: T0 + 2_000, report: healthReport() },
          ],
          samples: [
            { terminalId: 't_a', receivedAt: T0 + 1_000, report: out },
            // Already there: ignored, as addHealthSample does.
            { terminalId: 't_a', receivedAt: T0 + 1_000, report: healthReport() },
            { terminalId: 't_b', receivedAt: T0 + 2_000, report: healthReport() },
          ],
        })
        await reopen()
        const latest = (await store.listLatestHealth()).sort((x, y) =>
          x.terminalId.localeCompare(y.terminalId),
        )
        expect(latest.map((h) => [h.terminalId, h.receivedAt, h.report.printer?.paper])).toEqual([
          ['t_a', T0 + 1_000, 'out'],
          ['t_b', T0 + 2_000, 'ok'],
        ])
        expect((await store.listHealthSamples('t_a', 0)).map((h) => h.report)).toEqual([out])
        expect(await store.listHealthSamples('t_b', 0)).toHaveLength(1)
      })
    })

    describe('the fleet list', () => {
      const NOW = T0 + 3_600_000
      /** Six terminals in two halls, each with one thing wrong (or nothing), one revoked. */
      async function fleet() {
        const ids: Record<string, string> = {}
        for (const [hall, name] of [
          ['东山村便民服务站', '一号机'],
          ['东山村便民服务站', '二号机'],
          ['东山村便民服务站', 'Kiosk-Three'],
          ['石桥村便民服务站', '一号机'],
          ['石桥村便民服务站', '二号机'],
          ['石桥村便民服务站', '三号机'],
        ] as const) {
          const { code } = await createEnrolCode(store, hall, 3600_000, T0)
          ids[`${hall.slice(0, 2)}${name}`] = (await redeemEnrolCode(
            store,
            code,
            name,
            T0,
          ))!.terminalId
        }
        const at = NOW - 60_000
        const put = (key: string, over: Parameters<typeof healthReport>[0], receivedAt = at) => ({
          terminalId: ids[key]!,
          receivedAt,
          report: healthReport(over),
        })
        await store.writeHealth({
          latest: [
            put('东山一号机', { appVersion: '0.2.0' }),
            // Out of paper, and an older version.
            put('东山二号机', { printer: { state: 'error', paper: 'out', detail: 'paper-out' } }),
            // An entry waiting 20 minutes by now (19 when reported).
            put('东山Kiosk-Three', {
              appVersion: '0.10.0',
              outbox: { waiting: 2, oldestAgeSeconds: 19 * 60 },
            }),
            // Last reported 30 minutes ago, never disconnected here: offline.
            put('石桥一号机', { appVersion: '0.10.0' }, NOW - 30 * 60_000),
            // Waiting 5 minutes only; paper near its end (a printer problem, not an alert).
            put('石桥二号机', {
              appVersion: '0.10.0',
              outbox: { waiting: 1, oldestAgeSeconds: 240 },
              printer: { state: 'ready', paper: 'near-end' },
            }),
          ],
          samples: [],
        })
        // Disconnected 20 minutes ago, never reported; then revoked.
        await store.markTerminalSeen(ids['石桥三号机']!, NOW - 20 * 60_000)
        await store.revokeTerminal(ids['石桥三号机']!, NOW - 10 * 60_000)
        return ids
      }
      const scope = { now: NOW, online: [] as string[] }
      const names = (rows: { terminal: { hall: string; name: string } }[]) =>
        rows.map((r) => `${r.terminal.hall.slice(0, 2)}${r.terminal.name}`)

      it('pages the terminals by hall and name, with each one’s latest report', async () => {
        await fleet()
        await reopen()
        const first = await store.listFleet({ ...scope, conditions: [], offset: 0, limit: 4 })
        expect(await store.countMatching({ ...scope, conditions: [] })).toBe(6)
        expect(names(first)).toEqual(['东山Kiosk-Three', '东山一号机', '东山二号机', '石桥一号机'])
        expect(first[2]!.health?.report.printer?.paper).toBe('out')
        const second = await store.listFleet({ ...scope, conditions: [], offset: 4, limit: 4 })
        expect(names(second)).toEqual(['石桥三号机', '石桥二号机'].sort())
        expect(second.find((r) => r.terminal.name === '三号机')?.health).toBeNull()
        expect(await store.listHalls()).toEqual(['东山村便民服务站', '石桥村便民服务站'])
      })

      it('filters in the store: each filter, several at once, a hall, a name, and counts each alone', async () => {
        const ids = await fleet()
        await reopen()
        const list = async (
          conditions: Parameters<Store['listFleet']>[0]['conditions'],
          more = {},
        ) => names(await store.listFleet({ ...scope, conditions, offset: 0, limit: 50, ...more }))
        expect(await list(['offline'])).toEqual(['石桥一号机'])
        // Online now: not offline, whatever it last reported.
        expect(await list(['offline'], { online: [ids['石桥一号机']] })).toEqual([])
        expect(await list(['printer'])).toEqual(['东山二号机', '石桥二号机'])
        expect(await list(['paper-out'])).toEqual(['东山二号机'])
        expect(await list(['backlog'])).toEqual(['东山Kiosk-Three'])
        // 0.10.0 is the newest (numerically, not as text): 0.1.0 and 0.2.0 are old.
        expect(await list(['old-version'])).toEqual(['东山一号机', '东山二号机'])
        expect(await list(['old-version', 'printer'])).toEqual(['东山二号机'])
        expect(await list([], { hall: '石桥村便民服务站' })).toEqual([
          '石桥一号机',
          '石桥三号机',
          '石桥二号机',
        ])
        expect(await list([], { search: 'kiosk' })).toEqual(['东山Kiosk-Three'])
        expect(await list(['printer'], { search: '二号' })).toEqual(['东山二号机', '石桥二号机'])
        const page = await store.listFleet({
          ...scope,
          conditions: ['printer'],
          offset: 1,
          limit: 1,
        })
        expect(names(page)).toEqual(['石桥二号机'])
        expect(
          await store.countMatching({ ...scope, conditions: ['printer', 'old-version'] }),
        ).toBe(1)
        expect(
          await store.countMatching({ ...scope, conditions: ['printer'], search: '石桥' }),
        ).toBe(0)

        expect(await store.countFleet(scope)).toEqual({
          all: 6,
          offline: 1,
          printer: 2,
          'paper-out': 1,
          backlog: 1,
          'old-version': 2,
        })
        expect(await store.countFleet({ ...scope, hall: '石桥村便民服务站' })).toEqual({
          all: 3,
          offline: 1,
          printer: 1,
          'paper-out': 0,
          backlog: 0,
          'old-version': 0,
        })
        expect(await store.getLatestHealth(ids['东山二号机']!)).toMatchObject({
          report: { printer: { paper: 'out' } },
        })
        expect(await store.getLatestHealth(ids['石桥三号机']!)).toBeNull()
      })

      it('follows a report that changes: the paper put back is no longer a problem', async () => {
        const ids = await fleet()
        await store.putLatestHealth({
          terminalId: ids['东山二号机']!,
          receivedAt: NOW,
          report: healthReport({ appVersion: '0.10.0' }),
        })
        const counts = await store.countFleet(scope)
        expect([counts.printer, counts['paper-out'], counts['old-version']]).toEqual([1, 0, 1])
      })
    })

    describe('rollouts', () => {
      it('keeps rollouts newest first and each terminal’s way through one, replaced by id, after a reopen', async () => {
        const first: RolloutRecord = {
          id: 'ro_first1',
          version: '1.2.0',
          previousVersion: '1.1.0',
          pilotHalls: ['石桥村便民服务站'],
          steps: [10, 100],
          stopShare: 0.05,
          state: 'completed',
          ringsPassed: 3,
          createdAt: T0,
          createdBy: 'u_admin',
          haltedAt: null,
          haltReason: null,
          resumedAt: null,
          completedAt: T0 + 3_600_000,
        }
        const second: RolloutRecord = {
          ...first,
          id: 'ro_second',
          version: '1.3.0',
          previousVersion: '1.2.0',
          state: 'running',
          ringsPassed: 0,
          createdAt: T0 + 7_200_000,
          completedAt: null,
        }
        await store.saveRollout(first)
        await store.saveRollout(second)
        await store.saveRollout({
          ...second,
          state: 'halted',
          haltedAt: T0 + 7_300_000,
          haltReason: 'stop-rule',
        })
        const offered: RolloutTerminalRecord = {
          rolloutId: second.id,
          terminalId: 't_b',
          ring: 0,
          state: 'offered',
          reason: null,
          offeredAt: T0 + 7_200_000,
          baselineSelfTestAt: 1_700_000_000_000,
          startedAt: null,
          healthySince: null,
          lastReportAt: null,
          decidedAt: null,
        }
        await store.saveRolloutTerminal(offered)
        await store.saveRolloutTerminal({ ...offered, terminalId: 't_a', ring: 2 })
        await store.saveRolloutTerminal({
          ...offered,
          state: 'failed',
          reason: 'self-test-failed',
          startedAt: T0 + 7_260_000,
          lastReportAt: T0 + 7_260_000,
          decidedAt: T0 + 7_260_000,
        })
        await store.saveRolloutTerminal({ ...offered, rolloutId: first.id, state: 'succeeded' })
        await reopen()
        const all = await store.listRollouts()
        expect(all.map((r) => [r.id, r.state])).toEqual([
          ['ro_second', 'halted'],
          ['ro_first1', 'completed'],
        ])
        expect(all[1]).toEqual(first)
        expect(await store.getRollout('ro_second')).toMatchObject({
          pilotHalls: ['石桥村便民服务站'],
          steps: [10, 100],
          stopShare: 0.05,
          haltReason: 'stop-rule',
        })
        expect(await store.getRollout('ro_none')).toBeNull()
        const terminals = await store.listRolloutTerminals(second.id)
        expect(terminals.map((p) => [p.terminalId, p.ring, p.state, p.reason])).toEqual([
          ['t_a', 2, 'offered', null],
          ['t_b', 0, 'failed', 'self-test-failed'],
        ])
        expect(terminals[1]?.baselineSelfTestAt).toBe(1_700_000_000_000)
        expect((await store.listRolloutTerminals(first.id)).map((p) => p.state)).toEqual([
          'succeeded',
        ])
      })
    })

    describe('staff', () => {
      it('finds a user by name and id after a reopen, and counts them', async () => {
        expect(await store.countUsers()).toBe(0)
        const user = await createUser(
          store,
          {
            username: 'wangfang',
            displayName: '王芳',
            role: 'clerk',
            categories: ['social-security', 'family'],
            password: 'pw-123456789',
          },
          T0,
        )
        await reopen()
        expect(await store.getUserByUsername('wangfang')).toEqual(user)
        expect(await store.getUser(user.id)).toEqual(user)
        expect(await store.getUserByUsername('nobody')).toBeNull()
        expect(await store.countUsers()).toBe(1)
      })

      it('refuses a second account with the same username', async () => {
        const input = {
          username: 'li',
          displayName: '李强',
          role: 'clerk' as const,
          categories: [],
          password: 'pw-123456789',
        }
        await createUser(store, input, T0)
        await expect(createUser(store, input, T0)).rejects.toThrow()
        expect(await store.countUsers()).toBe(1)
      })

      it('lists accounts by username and replaces an account’s fields, across a reopen', async () => {
        const input = (username: string) => ({
          username,
          displayName: username,
          role: 'clerk' as const,
          categories: ['family'],
          password: 'pw-123456789',
        })
        const zhang = await createUser(store, input('zhang'), T0)
        const an = await createUser(store, input('an'), T0)
        const tech = await createUser(
          store,
          { ...input('tech'), role: 'technician', categories: [] },
          T0,
        )
        const changed = {
          ...zhang,
          displayName: '张伟',
          role: 'supervisor' as const,
          categories: [],
          passwordHash: 'scrypt$changed',
          disabledAt: T0 + 5,
          // Neither the username nor the creation time is changed by an update.
          username: 'renamed',
          createdAt: 1,
        }
        expect(await store.updateUser(changed)).toBe(true)
        expect(await store.updateUser({ ...changed, id: 'u_unknown' })).toBe(false)
        await reopen()
        expect(await store.listUsers()).toEqual([
          an,
          tech,
          { ...changed, username: 'zhang', createdAt: T0 },
        ])
      })

      it('ends every session of one account, and only those', async () => {
        const a = await createUser(
          store,
          { username: 'a1', displayName: 'A', role: 'clerk', categories: [], password: 'pw-1' },
          T0,
        )
        const b = await createUser(
          store,
          { username: 'b1', displayName: 'B', role: 'clerk', categories: [], password: 'pw-1' },
          T0,
        )
        for (const [tok, user] of [
          ['a-1', a],
          ['a-2', a],
          ['b-1', b],
        ] as const)
          await store.insertSession({
            tokenHash: sha256(tok),
            userId: user.id,
            createdAt: T0,
            expiresAt: T0 + 1000,
          })
        await store.deleteSessionsOfUser(a.id)
        expect(await store.getSession(sha256('a-1'))).toBeNull()
        expect(await store.getSession(sha256('a-2'))).toBeNull()
        expect(await store.getSession(sha256('b-1'))).toMatchObject({ userId: b.id })
      })

      it('keeps sessions until they expire', async () => {
        const user = await createUser(
          store,
          {
            username: 'zhao',
            displayName: '赵敏',
            role: 'supervisor',
            categories: [],
            password: 'pw-123456789',
          },
          T0,
        )
        await store.insertSession({
          tokenHash: sha256('tok-1'),
          userId: user.id,
          createdAt: T0,
          expiresAt: T0 + 100,
        })
        await store.insertSession({
          tokenHash: sha256('tok-2'),
          userId: user.id,
          createdAt: T0,
          expiresAt: T0 + 900,
        })
        await reopen()
        expect(await userForToken(store, 'tok-1', T0 + 50)).toEqual(user)
        expect(await userForToken(store, 'tok-1', T0 + 100)).toBeNull()
        await store.deleteExpiredSessions(T0 + 100)
        expect(await store.getSession(sha256('tok-1'))).toBeNull()
        expect(await store.getSession(sha256('tok-2'))).toMatchObject({ userId: user.id })
      })
    })

    describe('call records', () => {
      it('keeps the last of several writes not awaited one by one, in call order', async () => {
        const writes = [
          store.saveCall(call('c1')),
          store.saveCall(call('c1', { state: 'offered', clerkId: 'u_1', offeredAt: T0 + 5 })),
          store.saveCall(call('c1', { state: 'connecting', clerkId: 'u_1', acceptedAt: T0 + 9 })),
        ]
        await Promise.all(writes)
        expect(await store.getCall('c1')).toEqual(
          call('c1', { state: 'connecting', clerkId: 'u_1', acceptedAt: T0 + 9 }),
        )
        expect(await store.getCall('c_unknown')).toBeNull()
      })

      it('applies many writes in call order while reads are in flight (a busy centre)', async () => {
        // Reads first, so that an implementation with several connections has them open.
        await Promise.all(Array.from({ length: 8 }, () => store.listOpenCalls()))
        const pending: Promise<unknown>[] = []
        for (let g = 0; g < 100; g++) {
          // A new call and its queue entry right behind it (the entry names the call), and
          // another change of one long call.
          pending.push(store.saveCall(call(`n${g}`, { queuedAt: T0 + 1 + g })))
          pending.push(
            store.saveQueueEntry({ callId: `n${g}`, maskedName: `张${g}`, front: false }),
          )
          pending.push(store.saveCall(call('c9', { generation: g, requeueCount: g })))
          if (g % 10 === 0) pending.push(store.listOpenCalls())
        }
        await Promise.all(pending)
        expect(await store.getCall('c9')).toMatchObject({ generation: 99, requeueCount: 99 })
        expect((await store.listQueueEntries()).length).toBe(100)
        expect((await store.listOpenCalls()).map((c) => c.id).slice(0, 3)).toEqual([
          'c9',
          'n0',
          'n1',
        ])
      })

      it('lists the open calls oldest first and keeps every field across a reopen', async () => {
        const full = call('c2', {
          queuedAt: T0 + 20,
          priority: 2,
          priorityReasons: ['age70'],
          state: 'connected',
          clerkId: 'u_1',
          generation: 3,
          connectedAt: T0 + 40,
          qualityClerk: { rttMsAvg: 80, packetLossPct: 0.5, relayed: true, iceRestarts: 1 },
          // Co-service steps, a clerk action and its refusal among them (by kind, no values).
          coService: [
            { at: T0 + 41, kind: 'granted', clerkId: 'u_1' },
            {
              at: T0 + 42,
              kind: 'action',
              clerkId: 'u_1',
              actionId: 'a_x0000001',
              action: 'photo',
            },
            {
              at: T0 + 43,
              kind: 'outcome',
              clerkId: 'u_1',
              actionId: 'a_x0000001',
              outcome: 'refused',
              reason: 'wrong_material',
            },
          ],
        })
        await store.saveCall(full)
        await store.saveCall(call('c1', { queuedAt: T0 + 10 }))
        await store.saveCall(
          call('c0', { queuedAt: T0, state: 'ended', endReason: 'cancelled', endedAt: T0 + 30 }),
        )
        await reopen()
        expect((await store.listOpenCalls()).map((c) => c.id)).toEqual(['c1', 'c2'])
        expect(await store.getCall('c2')).toEqual(full)
        expect(await store.getCall('c0')).toMatchObject({ state: 'ended', endReason: 'cancelled' })
      })

      it('answers the calls of a category that ended since a time, earliest end first', async () => {
        const ended = (id: string, category: string, endedAt: number) =>
          call(id, { category, state: 'ended', endReason: 'hangup_clerk', endedAt })
        await store.saveCall(ended('late', 'social-security', T0 + 90_000))
        await store.saveCall(ended('early', 'social-security', T0 + 60_000))
        await store.saveCall(ended('before', 'social-security', T0 - 1))
        await store.saveCall(ended('other', 'family', T0 + 70_000))
        await store.saveCall(call('open', { category: 'social-security' }))
        await reopen()
        const found = await store.endedCallsSince('social-security', T0)
        expect(found.map((c) => c.id)).toEqual(['early', 'late'])
        expect(found[0]).toEqual(ended('early', 'social-security', T0 + 60_000))
        expect(await store.endedCallsSince('housing', 0)).toEqual([])
      })

      it('answers the last connected calls of a category, latest first', async () => {
        const talk = (id: string, category: string, connectedAt: number | null, endedAt: number) =>
          store.saveCall(call(id, { category, state: 'ended', connectedAt, endedAt }))
        await talk('a', 'social-security', T0, T0 + 60_000)
        await talk('b', 'social-security', T0, T0 + 180_000)
        await talk('c', 'social-security', null, T0 + 200_000) // never connected
        await talk('d', 'family', T0, T0 + 90_000)
        await talk('e', 'social-security', T0 + 100_000, T0 + 130_000)
        expect(await store.recentTalks('social-security', 2)).toEqual([
          { callId: 'b', connectedAt: T0, endedAt: T0 + 180_000 },
          { callId: 'e', connectedAt: T0 + 100_000, endedAt: T0 + 130_000 },
        ])
        expect(await store.recentTalks('housing', 20)).toEqual([])
      })

      it('finds the calls of one resident visit at one terminal, oldest first, across a reopen', async () => {
        const visit = '0b7e9c52-4d1a-4f57-9a36-2f0e8d1c6a11'
        await store.saveCall(call('v2', { visitId: visit, queuedAt: T0 + 50 }))
        await store.saveCall(call('v1', { visitId: visit, queuedAt: T0 + 10 }))
        await store.saveCall(
          call('other-visit', { visitId: '1c8f0d63-5e2b-4a68-8b47-3a1f9e2d7b22' }),
        )
        await store.saveCall(call('no-visit'))
        // The same visit id from another terminal is not this visit.
        await store.saveCall(call('other-kiosk', { visitId: visit, terminalId: 't_2' }))
        await reopen()
        const found = await store.callsOfVisit('t_1', visit)
        expect(found.map((c) => c.id)).toEqual(['v1', 'v2'])
        expect(found[0]).toEqual(call('v1', { visitId: visit, queuedAt: T0 + 10 }))
        expect(await store.callsOfVisit('t_9', visit)).toEqual([])
      })
    })

    describe('call ratings', () => {
      const rating = (callId: string, over: Partial<CallRatingRecord> = {}): CallRatingRecord => ({
        callId,
        ratingId: `r-${callId}`,
        terminalId: 't_1',
        level: 'dissatisfied',
        reasons: ['bad-connection', 'call-dropped'],
        fingerprint: `fp-${callId}`,
        createdAt: '2025-06-10T09:40:00+08:00',
        receivedAt: T0 + 60_000,
        ...over,
      })
      const ended = (id: string, over: Partial<CallRecord> = {}) =>
        call(id, {
          state: 'ended',
          endReason: 'hangup_terminal',
          clerkId: 'u_1',
          acceptedAt: T0 + 5_000,
          connectedAt: T0 + 6_000,
          endedAt: T0 + 50_000,
          qualityTerminal: { rttMsMedian: 180, packetLossPctMedian: 2, voiceOnlySwitches: 1 },
          qualityClerk: { iceRestarts: 2 },
          ...over,
        })

      it('keeps one rating per call, joined with the call’s record, across a reopen', async () => {
        // The call's last write is not awaited: the rating still finds its row.
        void store.saveCall(ended('r1'))
        expect(await store.insertCallRating(rating('r1'))).toBe(true)
        // A second rating of the same call is not stored; the first stays.
        expect(
          await store.insertCallRating(rating('r1', { ratingId: 'other', level: 'satisfied' })),
        ).toBe(false)
        await reopen()
        const [found, ...rest] = await store.ratedCalls(['r1', 'unrated'])
        expect(rest).toEqual([])
        expect(found!.rating).toEqual(rating('r1'))
        expect(found!.call).toEqual(ended('r1'))
      })

      it('lists the ratings of given calls oldest call first, and the recent ones latest first', async () => {
        for (const [id, at] of [
          ['a', 1],
          ['b', 2],
          ['c', 3],
        ] as const) {
          await store.saveCall(ended(id, { queuedAt: T0 + at }))
          await store.insertCallRating(rating(id, { receivedAt: T0 + 100_000 * at }))
        }
        await store.saveCall(ended('d'))
        expect((await store.ratedCalls(['c', 'a', 'd'])).map((r) => r.call.id)).toEqual(['a', 'c'])
        expect(await store.ratedCalls([])).toEqual([])
        const recent = await store.recentRatedCalls(T0 + 200_000, 10)
        expect(recent.map((r) => r.rating.callId)).toEqual(['c', 'b'])
        expect((await store.recentRatedCalls(0, 1)).map((r) => r.rating.callId)).toEqual(['c'])
      })
    })

    describe('queue snapshot', () => {
      it('saves, replaces and deletes entries, and restores them after a reopen', async () => {
        for (const id of ['c1', 'c2', 'c3']) await store.saveCall(call(id))
        await Promise.all([
          store.saveQueueEntry({ callId: 'c1', maskedName: '张*丰', front: false }),
          store.saveQueueEntry({ callId: 'c2', maskedName: null, front: false }),
          store.saveQueueEntry({ callId: 'c3', maskedName: '李*', front: false }),
          store.saveQueueEntry({ callId: 'c2', maskedName: null, front: true }),
          store.deleteQueueEntry('c3'),
        ])
        await reopen()
        const entries = await store.listQueueEntries()
        expect([...entries].sort((a, b) => a.callId.localeCompare(b.callId))).toEqual([
          { callId: 'c1', maskedName: '张*丰', front: false },
          { callId: 'c2', maskedName: null, front: true },
        ])
        await store.deleteQueueEntry('c1')
        expect((await store.listQueueEntries()).map((e) => e.callId)).toEqual(['c2'])
      })
    })
  })
}
