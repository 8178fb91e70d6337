// The back office's part of the applications store contract (cases/store.ts), exercised
// through the service that holds the rules (cases/service.ts) as the centre uses it: the event
// log with compare-and-set, the inbox with cursor paging and filters, the queue counts, claims
// as leases, the audit, and no free-text reason readable at rest. Implementation-agnostic: it
// reaches the store only through a StoreFactory.
import { randomBytes } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Application } from '../../../common/applications/schema'
import { sampleCatalog } from '../../../common/catalog/sample'
import { createCases } from '../../../signaling-server/src/applications/cases'
import { canonicalJson, deriveKeys, hmac } from '../../../signaling-server/src/applications/crypto'
import { planCases } from '../../../signaling-server/src/applications/plans'
import type { RecordsStore } from '../../../signaling-server/src/applications/records'
import { chineseWorkCalendar } from '../../../signaling-server/src/cases/calendar'
import type { Actor } from '../../../signaling-server/src/cases/machine'
import { CLAIM_TTL_MS, createCaseWork } from '../../../signaling-server/src/cases/service'
import type { InboxCursor, Queue } from '../../../signaling-server/src/cases/store'
import { makeApplication, resident } from '../../support/applications'
import type { StoreFactory, StoreSite } from './factory'

const keys = deriveKeys(randomBytes(32))
const calendar = chineseWorkCalendar()
const NOW = Date.parse('2026-11-02T09:30:00+08:00') // a Monday
const MINUTE = 60_000
const DAY = 86_400_000
const wang = { id: 'u-wang', name: '王芳' }
const zhang = { id: 'u-zhang', name: '张伟' }
const clerk: Actor = { kind: 'staff', id: wang.id, name: wang.name, role: 'clerk' }
const terminal: Actor = { kind: 'terminal', id: 'kiosk-shiqiao-01' }
const ELDERLY = ['elderly-care']

export function caseWorkContract(factory: StoreFactory): void {
  describe(`case work store contract: ${factory.name}`, () => {
    let site: StoreSite
    let records: RecordsStore
    let cases: ReturnType<typeof createCases>
    let work: ReturnType<typeof createCaseWork>
    const use = (r: RecordsStore) => {
      records = r
      cases = createCases(r, keys)
      work = createCaseWork({ store: r, keys, calendar, catalog: () => sampleCatalog })
    }
    beforeEach(async () => {
      site = await factory.site()
      use(await site.records())
    })
    afterEach(async () => {
      await records.close()
      await site.dispose()
    })

    async function submit(app: Application, now = NOW, hall = 'shiqiao'): Promise<string> {
      const r = await cases.insertApplication({
        app,
        applicantKey: hmac(keys.idLookup, app.applicant.idNumber),
        fingerprint: hmac(keys.fingerprint, canonicalJson(app)),
        plans: planCases(sampleCatalog, app)!,
        progressUrl: (n) => `https://zwfw.example.cn/p/${n}`,
        now,
        hall,
        noticeDueOn: work.noticeDueOn(now),
      })
      if (r.kind !== 'created') throw new Error(r.kind)
      return r.confirmation.caseNumber
    }
    const allowance = () => makeApplication()
    const dibao = () => makeApplication({ code: 'CA-DIBAO-APPLY', materials: [] })
    const scope = (categories: string[] | null = ELDERLY, now = NOW, userId = wang.id) => ({
      categories,
      userId,
      now,
    })
    async function all(queue: Queue, s = scope(), limit = 2): Promise<string[]> {
      const seen: string[] = []
      let after: InboxCursor | undefined
      for (;;) {
        const page = await work.inbox(s, queue, limit, after)
        seen.push(...page.rows.map((r) => r.caseNumber))
        if (!page.next) return seen
        after = page.next
      }
    }

    it('lists a new case in 待受理 for its category only, with its 补正 notice day', async () => {
      const n = await submit(allowance())
      await submit(dibao())
      const page = await work.inbox(scope(), 'to-accept', 50)
      expect(page.rows).toEqual([
        expect.objectContaining({
          caseNumber: n,
          categoryId: 'elderly-care',
          hall: 'shiqiao',
          status: 'received',
          dueOn: '2026-11-09',
          claim: null,
        }),
      ])
      expect((await work.inbox(scope([]), 'to-accept', 50)).rows).toEqual([])
      expect((await work.counts(scope(null)))['to-accept']).toBe(2)
    })

    it('stores a 补交’s pages with its event, sealed, once per supplyId', async () => {
      const n = await submit(allowance())
      const page = Buffer.from('a page of the bank card')
      const supplied = { supplyId: 'supply-1', pages: [{ mediaType: 'image/jpeg', bytes: page }] }
      const action = { type: 'supply' as const, materialId: 'bank-card' }
      const first = await work.act(n, action, terminal, NOW + MINUTE, supplied)
      expect(first).toMatchObject({ ok: true })
      expect(first.ok && first.repeat).toBeFalsy()
      const again = await work.act(n, action, terminal, NOW + 2 * MINUTE, supplied)
      expect(again).toMatchObject({ ok: true, repeat: true })
      await records.close()
      use(await site.records())
      const pages = await work.suppliedPages(n)
      expect(pages.map((p) => [p.materialId, p.page, p.bytes.toString()])).toEqual([
        ['bank-card', 0, 'a page of the bank card'],
      ])
      const view = (await work.view(n, NOW + 3 * MINUTE))!
      expect(view.events.filter((e) => e.action.type === 'supply')).toHaveLength(1)
      expect(view.state.materials.every((m) => m.suppliedAt !== null)).toBe(true)
      // Sealed at rest: the page's bytes are not in the store's rows.
      const rows = await records.pages((await records.getCase(n))!.applicationId)
      expect(rows.some((r) => r.sealed.includes(page))).toBe(false)
    })

    it('keeps every event with who, when and why, and survives a reopen', async () => {
      const n = await submit(allowance())
      const r = await work.act(n, { type: 'accept' }, clerk, NOW + MINUTE)
      expect(r.ok).toBe(true)
      await records.close()
      use(await site.records())
      const view = (await work.view(n, NOW + 2 * MINUTE))!
      expect(view.state.status).toBe('accepted')
      expect(view.events.map((e) => [e.action.type, e.from, e.to])).toEqual([
        ['submit', null, 'received'],
        ['accept', 'received', 'accepted'],
      ])
      expect(view.events[1]).toMatchObject({ at: NOW + MINUTE, actor: clerk })
      expect(view.clocks.acceptance).toEqual({ on: '2026-11-02', how: 'explicit' })
      // 20 working days from Mon 2 Nov: the inbox sorts by that day now.
      expect(view.file.dueOn).toBe('2026-11-30')
      expect((await cases.getCase(n))!.status).toBe('accepted')
    })

    it('appends only on the event it was decided on (compare and set)', async () => {
      const n = await submit(allowance())
      const file = (await records.caseFile(n))!
      const event = {
        seq: 1,
        at: NOW,
        from: 'received' as const,
        // An event that keeps the status: only the event number tells the two apart.
        to: 'received' as const,
        actorKind: 'terminal' as const,
        actorId: 'kiosk-shiqiao-01',
        actorName: null,
        type: 'supply',
        sealed: Buffer.from('x'),
      }
      const none = { requested: [], received: [] }
      const results = await Promise.all([
        records.appendCaseEvent(n, file.seq, event, null, none),
        records.appendCaseEvent(n, file.seq, event, null, none),
      ])
      expect(results.sort()).toEqual(['appended', 'conflict'])
      expect(await records.appendCaseEvent('20991231-000001', 0, event, null, none)).toBe('missing')
      // Two clerks acting at once: both decided on the case as it then was.
      const m = await submit(allowance())
      const both = await Promise.all([
        work.act(m, { type: 'accept' }, clerk, NOW),
        work.act(m, { type: 'accept' }, clerk, NOW),
      ])
      expect(both.map((b) => b.ok).sort()).toEqual([false, true])
      expect((await work.view(m, NOW))!.events).toHaveLength(2)
    })

    it('decides nothing on a case the older status endpoint moved', async () => {
      const n = await submit(allowance())
      const moved = await cases.updateCase(
        n,
        { status: 'closed', requestMaterials: [], receivedMaterials: [], byUser: 'u-old' },
        NOW,
      )
      expect(moved).not.toBeNull()
      expect(await work.act(n, { type: 'accept' }, clerk, NOW + MINUTE)).toEqual({
        ok: false,
        refusal: { code: 'wrong-status', status: 'closed' },
      })
    })

    it('tells the kiosk what a 补正 asks for, and clears it when supplied', async () => {
      const n = await submit(allowance())
      const asked = await work.act(
        n,
        {
          type: 'request-supplement',
          reason: { codes: ['material-unclear'], text: '户口簿照片反光，请重拍' },
          materials: [{ materialId: 'hukou-book', dueDate: '2026-11-16' }],
        },
        clerk,
        NOW + MINUTE,
      )
      expect(asked.ok).toBe(true)
      const c = (await cases.getCase(n))!
      expect(c.status).toBe('awaiting-materials')
      expect(c.missing.map((m) => [m.materialId, m.dueDate, m.name['zh-CN']])).toEqual([
        ['bank-card', '2025-06-25', expect.any(String)],
        ['hukou-book', '2026-11-16', '居民户口簿'],
      ])
      expect((await work.counts(scope())).supplement).toBe(1)
      const back = await work.act(
        n,
        { type: 'supply', materialId: 'hukou-book' },
        terminal,
        NOW + DAY,
      )
      expect(back.ok && back.view.state.status).toBe('received')
      expect((await cases.getCase(n))!.missing.map((m) => m.materialId)).toEqual(['bank-card'])
      // Reason codes come from the item's master data.
      const other = await submit(allowance())
      expect(
        await work.act(
          other,
          { type: 'not-accept', reason: { codes: ['no-such-code'] } },
          clerk,
          NOW,
        ),
      ).toEqual({ ok: false, refusal: { code: 'unknown-reason', codes: ['no-such-code'] } })
    })

    it('pages a queue by the earliest clock with a cursor, without gaps or repeats, and filters', async () => {
      const numbers: string[] = []
      // Received on five different days: their notice clocks end on five different days.
      for (let i = 0; i < 5; i++)
        numbers.push(await submit(allowance(), NOW + i * DAY, i % 2 ? 'a' : 'b'))
      // An accepted case is no longer in 待受理.
      const later = await submit(allowance(), NOW - DAY)
      await work.act(later, { type: 'accept' }, clerk, NOW - DAY)
      expect(await all('to-accept', scope(ELDERLY, NOW + 5 * DAY))).toEqual(numbers)
      expect((await work.inbox(scope(), 'to-accept', 50, undefined)).rows).toHaveLength(5)
      const hallA = await work.inbox({ ...scope(), hall: 'a' }, 'to-accept', 50)
      expect(hallA.rows.map((r) => r.caseNumber)).toEqual([numbers[1], numbers[3]])
      const dated = await work.inbox(
        { ...scope(), submittedFrom: NOW + DAY, submittedBefore: NOW + 3 * DAY },
        'to-accept',
        50,
      )
      expect(dated.rows.map((r) => r.caseNumber)).toEqual([numbers[1], numbers[2]])
      expect(
        (await work.inbox({ ...scope(null), itemCode: 'CA-DIBAO-APPLY' }, 'to-accept', 50)).rows,
      ).toEqual([])
    })

    it('counts 临期 and 已超期 against today, in working days', async () => {
      const n = await submit(allowance()) // notice clock ends Mon 9 Nov
      const at = (date: string) => Date.parse(`${date}T10:00:00+08:00`)
      expect((await work.counts(scope(ELDERLY, at('2026-11-04'))))['due-soon']).toBe(0)
      // Fri 6 Nov: two working days left (Mon 9 is within today + 2 working days).
      const friday = await work.counts(scope(ELDERLY, at('2026-11-06')))
      expect([friday['due-soon'], friday.overdue]).toEqual([1, 0])
      const late = await work.counts(scope(ELDERLY, at('2026-11-10')))
      expect([late['due-soon'], late.overdue]).toEqual([0, 1])
      expect(await all('overdue', scope(ELDERLY, at('2026-11-10')))).toEqual([n])
    })

    it('holds a claim as a lease that others see, renews it, lets it lapse, and lets a supervisor reassign', async () => {
      const n = await submit(allowance())
      expect(await work.claim(n, wang, NOW)).toEqual({
        ok: true,
        claim: { userId: wang.id, name: '王芳', until: NOW + CLAIM_TTL_MS },
      })
      const refused = await work.claim(n, zhang, NOW + MINUTE)
      expect(refused).toEqual({
        ok: false,
        heldBy: { userId: wang.id, name: '王芳', until: NOW + CLAIM_TTL_MS },
      })
      const row = (await work.inbox(scope(ELDERLY, NOW + MINUTE, zhang.id), 'to-accept', 5))
        .rows[0]!
      expect(row.claim?.name).toBe('王芳')
      expect((await work.counts(scope(ELDERLY, NOW + MINUTE))).mine).toBe(1)
      expect((await work.counts(scope(ELDERLY, NOW + MINUTE, zhang.id))).mine).toBe(0)
      // Renewed while open; lapses when not.
      expect((await work.claim(n, wang, NOW + 4 * MINUTE)).ok).toBe(true)
      expect((await work.claim(n, zhang, NOW + 6 * MINUTE)).ok).toBe(false)
      const lapsed = NOW + 4 * MINUTE + CLAIM_TTL_MS
      expect((await work.counts(scope(ELDERLY, lapsed))).mine).toBe(0)
      expect((await work.claim(n, zhang, lapsed)).ok).toBe(true)
      // A supervisor reassigns a held case; the holder can release only their own.
      expect((await work.claim(n, wang, lapsed + MINUTE, true)).ok).toBe(true)
      expect(await work.release(n, zhang)).toBe(false)
      expect(await work.release(n, wang)).toBe(true)
      expect((await work.inbox(scope(), 'to-accept', 5)).rows[0]!.claim).toBeNull()
    })

    it('finds cases by ID number within the user’s categories and audits the search', async () => {
      const n = await submit(allowance())
      await submit(dibao())
      expect(await work.searchByIdNumber(resident.idNumber, wang, ELDERLY, NOW)).toEqual([
        { caseNumber: n, status: 'received' },
      ])
      expect(await work.searchByIdNumber(resident.idNumber, wang, null, NOW)).toHaveLength(2)
      await work.audited(wang, 'reveal', n, NOW + 1)
      const first = await work.auditLog(2)
      expect(first.rows.map((r) => [r.action, r.caseNumber, r.detail])).toEqual([
        ['reveal', n, ''],
        ['search-id', null, 'found 2'],
      ])
      const rest = await work.auditLog(2, first.next!)
      expect(rest.rows.map((r) => r.detail)).toEqual(['found 1'])
      expect(rest.next).toBeNull()
      // The audit never holds the number searched for.
      expect(JSON.stringify([first, rest])).not.toContain(resident.idNumber)
    })

    it('keeps no free-text reason readable at rest', async () => {
      const n = await submit(allowance())
      const text = '申请人所在村委会证明材料缺失公章'
      await work.act(
        n,
        { type: 'not-accept', reason: { codes: ['not-eligible-applicant'], text } },
        clerk,
        NOW,
      )
      await records.close()
      const bytes = await site.bytesAtRest()
      use(await site.records())
      expect(bytes.includes(Buffer.from(text))).toBe(false)
      const view = (await work.view(n, NOW))!
      expect(view.events[1]!.action).toMatchObject({ reason: { text } })
    })
  })
}
