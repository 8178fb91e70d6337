// The contract for stores that several centre nodes share (the scale-out deployment): two
// stores opened on one site at once, each with its own connections, stand for two nodes. What
// must stay unique holds however their writes interleave: case numbers, an application id
// sent to both, an enrolment code, a status change decided on by both, a case's next event and
// its claim.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createCases } from '../../../signaling-server/src/applications/cases'
import { hmac } from '../../../signaling-server/src/applications/crypto'
import type { CaseChange, RecordsStore } from '../../../signaling-server/src/applications/records'
import { createEnrolCode, redeemEnrolCode } from '../../../signaling-server/src/auth'
import type { Store } from '../../../signaling-server/src/store/types'
import { makeApplication, resident } from '../../support/applications'
import type { StoreFactory, StoreSite } from './factory'
import { NOW, keys, submission } from './records-contract'

const APPLICATIONS = 200

export function multiNodeContract(factory: StoreFactory): void {
  describe.runIf(factory.concurrentWriters)(
    `two centre nodes on one store: ${factory.name}`,
    () => {
      let site: StoreSite
      const opened: { close(): Promise<void> }[] = []
      const open = async <T extends Store | RecordsStore>(s: Promise<T>): Promise<T> => {
        const store = await s
        opened.push(store)
        return store
      }
      beforeEach(async () => {
        site = await factory.site()
      })
      afterEach(async () => {
        await Promise.all(opened.splice(0).map((s) => s.close()))
        await site.dispose()
      })

      it(`gives ${APPLICATIONS} applications, each sent to both nodes at once, one unique case number`, async () => {
        const [a, b] = [await open(site.records()), await open(site.records())]
        const nodes = [createCases(a, keys), createCases(b, keys)] as const
        const apps = Array.from({ length: APPLICATIONS }, () => makeApplication())
        // Every application reaches both nodes in the same instant (a kiosk retrying through the
        // load balancer while its first attempt is still in flight).
        const answers = await Promise.all(
          apps.map((app) => Promise.all(nodes.map((n) => n.insertApplication(submission(app))))),
        )
        const numbers: string[] = []
        for (const pair of answers) {
          expect(pair.map((r) => r.kind).sort()).toEqual(['created', 'repeat'])
          const [x, y] = pair.map((r) => (r.kind === 'conflict' ? null : r.confirmation))
          expect(y).toEqual(x)
          numbers.push(x!.caseNumber)
        }
        // Unique across the nodes; gaps are allowed (a repeat may have drawn a number it never used).
        expect(new Set(numbers).size).toBe(APPLICATIONS)
        for (const n of numbers) {
          expect(n).toMatch(/^20250610-\d{6}$/)
          expect(Number(n.slice(-6))).toBeLessThanOrEqual(2 * APPLICATIONS)
        }
        expect(await a.countApplications()).toBe(APPLICATIONS)
        const applicant = hmac(keys.idLookup, resident.idNumber)
        const cases = await b.casesForApplicant(applicant)
        expect(cases.map((c) => c.caseNumber).sort()).toEqual([...numbers].sort())
      }, 90_000) // 400 submissions on a machine that may be busy

      it('applies a status change that both nodes decided on at once only once', async () => {
        const [a, b] = [await open(site.records()), await open(site.records())]
        const r = await createCases(a, keys).insertApplication(submission(makeApplication()))
        if (r.kind !== 'created') throw new Error(r.kind)
        const change = (byUser: string, at: number): CaseChange => ({
          status: 'accepted',
          at,
          byUser,
          noteSealed: null,
          resultSealed: null,
          eventNoteSealed: null,
          requestMaterials: [
            { materialId: `m-${byUser}`, name: { 'zh-CN': byUser }, dueDate: '2025-07-01' },
          ],
          receivedMaterials: [],
        })
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            (i % 2 ? a : b).changeCase(
              r.confirmation.caseNumber,
              'received',
              change(`u_${i}`, NOW + i),
            ),
          ),
        )
        expect(results.filter((x) => x !== null)).toHaveLength(1)
        // Only the winner's change is there: its one material asked for, no other node's.
        const winner = results.findIndex((x) => x !== null)
        const now = await a.getCase(r.confirmation.caseNumber)
        const asked = now?.missing.map((m) => m.materialId).filter((id) => id.startsWith('m-u_'))
        expect(asked).toEqual([`m-u_${winner}`])
      })

      it('keeps one event N of a case that ten clerks on both nodes act on at once', async () => {
        const [a, b] = [await open(site.records()), await open(site.records())]
        const r = await createCases(a, keys).insertApplication(submission(makeApplication()))
        if (r.kind !== 'created') throw new Error(r.kind)
        const n = r.confirmation.caseNumber
        const { seq } = (await b.caseFile(n))!
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            (i % 2 ? a : b).appendCaseEvent(
              n,
              seq,
              {
                seq: seq + 1,
                at: NOW + i,
                from: 'received',
                to: 'accepted',
                actorKind: 'staff',
                actorId: `u_${i}`,
                actorName: null,
                type: 'accept',
                sealed: Buffer.from([i]),
              },
              '2025-07-08',
              {
                requested: [
                  { materialId: `m-u_${i}`, name: { 'zh-CN': `u_${i}` }, dueDate: '2025-07-01' },
                ],
                received: [],
              },
            ),
          ),
        )
        expect(results.filter((x) => x === 'appended')).toHaveLength(1)
        expect(results.filter((x) => x === 'conflict')).toHaveLength(9)
        // Only the winner's event and change are kept.
        const winner = results.indexOf('appended')
        const file = (await a.caseFile(n))!
        expect([file.seq, file.status, file.dueOn]).toEqual([seq + 1, 'accepted', '2025-07-08'])
        expect(file.events.map((e) => e.actorId)).toEqual([`u_${winner}`])
        const asked = (await b.getCase(n))!.missing
          .map((m) => m.materialId)
          .filter((id) => id.startsWith('m-u_'))
        expect(asked).toEqual([`m-u_${winner}`])
      })

      it('gives a free case to one of ten clerks on both nodes claiming it at once', async () => {
        const [a, b] = [await open(site.records()), await open(site.records())]
        const r = await createCases(a, keys).insertApplication(submission(makeApplication()))
        if (r.kind !== 'created') throw new Error(r.kind)
        const n = r.confirmation.caseNumber
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            (i % 2 ? a : b).claimCase(
              n,
              { userId: `u_${i}`, name: `${i}号`, until: NOW + 600_000 },
              NOW,
              false,
            ),
          ),
        )
        const won = results.flatMap((x) => (x.ok ? [x.claim] : []))
        expect(won).toHaveLength(1)
        // Every loser is told who holds it.
        for (const x of results) if (!x.ok) expect(x.heldBy).toEqual(won[0])
        const row = (
          await b.inbox({
            categories: null,
            userId: 'u_other',
            now: NOW + 1,
            today: '2025-06-10',
            soonUntil: '2025-06-12',
            queue: 'to-accept',
            limit: 5,
          })
        ).rows.find((x) => x.caseNumber === n)
        expect(row?.claim).toEqual(won[0])
      })

      it('lets one terminal enrol with a code that both nodes are asked to redeem at once', async () => {
        const [a, b] = [await open(site.signaling()), await open(site.signaling())]
        const { code } = await createEnrolCode(a, '石桥村便民服务站', 3600_000, NOW)
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            redeemEnrolCode(i % 2 ? a : b, code, `${i}号机`, NOW + 1000),
          ),
        )
        const won = results.filter((t) => t !== null)
        expect(won).toHaveLength(1)
        expect(await b.getTerminal(won[0]!.terminalId)).toMatchObject({ hall: '石桥村便民服务站' })
        const losers = results.flatMap((t, i) => (t === null ? [i] : []))
        expect(losers).toHaveLength(9)
      })
    },
  )
}
