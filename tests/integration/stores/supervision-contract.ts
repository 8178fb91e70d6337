// The supervision part of the applications store contract (supervision/store.ts), through the
// services that hold the rules (supervision/service.ts, cases/service.ts): a bad rating opens
// one follow-up with its 15-working-day clock, worked to closed with compare-and-set appends,
// no comment or note readable at rest; and the statistics by item, hall and clerk on a small
// data set whose every figure is worked out by hand below. Implementation-agnostic.
import { randomBytes, randomUUID } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Application, Rating } from '../../../common/applications/schema'
import { sampleCatalog } from '../../../common/catalog/sample'
import { createCases } from '../../../signaling-server/src/applications/cases'
import { canonicalJson, deriveKeys, hmac } from '../../../signaling-server/src/applications/crypto'
import { planCases } from '../../../signaling-server/src/applications/plans'
import { createRatings } from '../../../signaling-server/src/applications/ratings'
import type { RecordsStore } from '../../../signaling-server/src/applications/records'
import { chineseWorkCalendar } from '../../../signaling-server/src/cases/calendar'
import type { Actor } from '../../../signaling-server/src/cases/machine'
import { createCaseWork } from '../../../signaling-server/src/cases/service'
import { createSupervision, withFollowUps } from '../../../signaling-server/src/supervision/service'
import { makeApplication } from '../../support/applications'
import type { StoreFactory, StoreSite } from './factory'

const keys = deriveKeys(randomBytes(32))
const calendar = chineseWorkCalendar()
/** 09:30 China Standard Time on a date. */
const at = (date: string) => Date.parse(`${date}T09:30:00+08:00`)
const NOW = at('2026-11-02') // a Monday
const wang: Actor = { kind: 'staff', id: 'u-wang', name: '王芳', role: 'clerk' }
const zhang: Actor = { kind: 'staff', id: 'u-zhang', name: '张伟', role: 'clerk' }
const li: Actor = { kind: 'staff', id: 'u-li', name: '李强', role: 'supervisor' }
const terminal: Actor = { kind: 'terminal', id: 'kiosk-shiqiao-01' }

export function supervisionContract(factory: StoreFactory): void {
  describe(`supervision store contract: ${factory.name}`, () => {
    let site: StoreSite
    let records: RecordsStore
    let cases: ReturnType<typeof createCases>
    let work: ReturnType<typeof createCaseWork>
    let supervision: ReturnType<typeof createSupervision>
    let ratings: ReturnType<typeof createRatings>
    const use = (r: RecordsStore) => {
      records = r
      cases = createCases(r, keys)
      work = createCaseWork({ store: r, keys, calendar, catalog: () => sampleCatalog })
      supervision = createSupervision({ store: r, keys, calendar })
      ratings = withFollowUps(createRatings(r, keys), supervision)
    }
    beforeEach(async () => {
      site = await factory.site()
      use(await site.records())
    })
    afterEach(async () => {
      await records.close()
      await site.dispose()
    })

    async function submit(app: Application, now = NOW, hall = 'a'): Promise<string> {
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
    function rating(app: Application, level: Rating['level'], comment?: string): Rating {
      return {
        id: randomUUID(),
        terminalId: app.terminalId,
        subject: { kind: 'application', applicationId: app.id },
        level,
        reasons: ['too-slow'],
        ...(comment ? { comment } : {}),
        createdAt: new Date(NOW).toISOString(),
      }
    }
    const rate = (r: Rating, now = NOW) =>
      ratings.insertRating(r, hmac(keys.fingerprint, canonicalJson(r)), now)
    async function act(n: string, steps: [string, Actor, Parameters<typeof work.act>[1]][]) {
      for (const [day, actor, action] of steps) {
        const r = await work.act(n, action, actor, at(day))
        if (!r.ok) throw new Error(`${action.type}: ${JSON.stringify(r.refusal)}`)
      }
    }
    const allowanceDecided = (n: string, by: Actor, on: string) =>
      act(n, [
        ['2026-11-02', by, { type: 'accept' }],
        ['2026-11-02', by, { type: 'start-review' }],
        ['2026-11-02', terminal, { type: 'supply', materialId: 'bank-card' }],
        [on, by, { type: 'approve' }],
      ])

    it('opens one follow-up for a bad rating, none for a good one, due in 15 working days', async () => {
      const app = makeApplication()
      const n = await submit(app)
      const bad = rating(app, 'very-dissatisfied', '窗口让我跑了三趟，电话13800138000')
      expect((await rate(bad)).kind).toBe('created')
      // The kiosk's retry after a lost answer: the same rating again, still one task.
      expect((await rate(bad)).kind).toBe('repeat')
      await rate(rating(app, 'satisfied'))
      const page = await supervision.list(true, 10)
      expect(page.rows).toHaveLength(1)
      expect(page.rows[0]).toMatchObject({
        ratingId: bad.id,
        caseNumber: n,
        hall: 'a',
        itemCode: 'CA-ELDERLY-ALLOWANCE',
        level: 'very-dissatisfied',
        reasons: ['too-slow'],
        status: 'verifying',
        // Mon 2 Nov + 15 working days.
        dueOn: '2026-11-23',
      })
      const v = (await supervision.view(bad.id, NOW))!
      expect(v.comment).toBe('窗口让我跑了三趟，电话13800138000')
      expect(v.clock).toEqual({
        state: 'running',
        startsOn: '2026-11-02',
        dueOn: '2026-11-23',
        workingDaysLeft: 15,
      })
    })

    it('links a bad rating that arrived before its application to the case once it is in', async () => {
      const app = makeApplication()
      const early = rating(app, 'dissatisfied')
      expect((await rate(early)).kind).toBe('created')
      expect((await supervision.list(true, 10)).rows[0]).toMatchObject({ caseNumber: null })
      const n = await submit(app, NOW, 'b')
      expect((await supervision.view(early.id, NOW))!.row).toMatchObject({
        caseNumber: n,
        hall: 'b',
      })
    })

    it('works a follow-up to closed, keeps who did what, refuses a stale append, survives a reopen', async () => {
      const app = makeApplication()
      await submit(app)
      const bad = rating(app, 'dissatisfied')
      await rate(bad)
      const steps = [
        { type: 'verify', upheld: true, note: '调取录像，情况属实' },
        { type: 'rectify', note: '已组织窗口人员培训' },
        { type: 'close', outcome: 'resolved', note: '电话回访，群众表示满意' },
      ] as const
      for (const [i, a] of steps.entries()) {
        const r = await supervision.act(bad.id, a, li, at('2026-11-0' + (3 + i)))
        expect(r.ok, JSON.stringify(r)).toBe(true)
      }
      // An append decided on event 1 loses to the events that came first.
      const found = (await records.followUp(bad.id))!
      expect(
        await records.appendFollowUpEvent(
          bad.id,
          1,
          { ...found.events[1]!, seq: 2 },
          { upheld: true, outcome: null, closedAt: null },
        ),
      ).toBe('conflict')
      await records.close()
      use(await site.records())
      const v = (await supervision.view(bad.id, at('2026-11-30')))!
      expect(v.row).toMatchObject({ status: 'closed', upheld: true, outcome: 'resolved' })
      expect(v.clock).toMatchObject({ state: 'met', dueOn: '2026-11-23' })
      expect(v.history.map((e) => [e.action.type, e.from, e.to, e.by.name])).toEqual([
        ['verify', 'verifying', 'rectifying', '李强'],
        ['rectify', 'rectifying', 'revisiting', '李强'],
        ['close', 'revisiting', 'closed', '李强'],
      ])
      expect((await supervision.list(true, 10)).rows).toEqual([])
      expect((await supervision.list(false, 10)).rows.map((r) => r.ratingId)).toEqual([bad.id])
      // A clerk may not act on it, and a closed task takes no more steps.
      expect(
        await supervision.act(bad.id, { type: 'rectify', note: 'x' }, wang, NOW),
      ).toMatchObject({ ok: false, refusal: { code: 'actor' } })
      expect(await supervision.act(bad.id, { type: 'rectify', note: 'x' }, li, NOW)).toMatchObject({
        ok: false,
        refusal: { code: 'wrong-status' },
      })
    })

    it('keeps no comment or note readable at rest', async () => {
      const app = makeApplication()
      await submit(app)
      const comment = '办事员态度差，住址石桥村三组十七号'
      const note = '已联系申请人家属张某某核实'
      const bad = rating(app, 'very-dissatisfied', comment)
      await rate(bad)
      await supervision.act(bad.id, { type: 'verify', upheld: false, note }, li, NOW)
      await records.close()
      const bytes = await site.bytesAtRest()
      use(await site.records())
      expect(bytes.includes(Buffer.from(comment))).toBe(false)
      expect(bytes.includes(Buffer.from(note))).toBe(false)
      const v = (await supervision.view(bad.id, NOW))!
      expect([v.comment, v.history[0]!.action]).toEqual([
        comment,
        { type: 'verify', upheld: false, note },
      ])
    })

    it('computes the statistics by item, hall and clerk, and within a date range', async () => {
      // A: allowance, hall a, decided by 王芳 after 5 working days (promised 20: met).
      // B: allowance, hall b, decided by 王芳 after 21 working days (missed).
      // C: allowance, hall a, received 13 Oct and never accepted: overdue, claimed by 张伟.
      // D: 低保 (promised 25, statutory 30), hall b, decided by 张伟 after 21 (both met).
      const [a, b, c, d] = [
        makeApplication(),
        makeApplication(),
        makeApplication(),
        makeApplication({ code: 'CA-DIBAO-APPLY', materials: [] }),
      ]
      const A = await submit(a, NOW, 'a')
      const B = await submit(b, NOW, 'b')
      const C = await submit(c, at('2026-10-13'), 'a')
      const D = await submit(d, NOW, 'b')
      await allowanceDecided(A, wang, '2026-11-09')
      await allowanceDecided(B, wang, '2026-12-01')
      await act(D, [
        ['2026-11-02', zhang, { type: 'accept' }],
        ['2026-11-02', zhang, { type: 'start-review' }],
        ['2026-12-01', zhang, { type: 'approve' }],
      ])
      expect((await work.claim(C, { id: 'u-zhang', name: '张伟' }, at('2026-11-02'))).ok).toBe(true)
      await rate(rating(a, 'satisfied'))
      await rate(rating(b, 'very-dissatisfied'))
      await rate(rating(c, 'dissatisfied'))
      await rate(rating(d, 'basically-satisfied'), at('2026-12-02'))
      const today = at('2026-12-02')
      const zero = {
        name: null,
        ratings: 0,
        satisfied: 0,
        decided: 0,
        promisedMet: 0,
        statutoryApplicable: 0,
        statutoryMet: 0,
        medianWorkingDays: null,
        overdue: 0,
      }
      expect(await supervision.stats('item', today)).toEqual([
        {
          ...zero,
          key: 'CA-DIBAO-APPLY',
          ratings: 1,
          satisfied: 1,
          decided: 1,
          promisedMet: 1,
          statutoryApplicable: 1,
          statutoryMet: 1,
          medianWorkingDays: 21,
        },
        {
          ...zero,
          key: 'CA-ELDERLY-ALLOWANCE',
          ratings: 3,
          satisfied: 1,
          decided: 2,
          promisedMet: 1,
          medianWorkingDays: 13,
          overdue: 1,
        },
      ])
      expect(await supervision.stats('hall', today)).toEqual([
        {
          ...zero,
          key: 'a',
          ratings: 2,
          satisfied: 1,
          decided: 1,
          promisedMet: 1,
          medianWorkingDays: 5,
          overdue: 1,
        },
        {
          ...zero,
          key: 'b',
          ratings: 2,
          satisfied: 1,
          decided: 2,
          promisedMet: 1,
          statutoryApplicable: 1,
          statutoryMet: 1,
          medianWorkingDays: 21,
        },
      ])
      expect(await supervision.stats('clerk', today)).toEqual([
        {
          ...zero,
          key: 'u-wang',
          name: '王芳',
          ratings: 2,
          satisfied: 1,
          decided: 2,
          promisedMet: 1,
          medianWorkingDays: 13,
        },
        {
          ...zero,
          key: 'u-zhang',
          name: '张伟',
          ratings: 1,
          satisfied: 1,
          decided: 1,
          promisedMet: 1,
          statutoryApplicable: 1,
          statutoryMet: 1,
          medianWorkingDays: 21,
          overdue: 1,
        },
      ])
      // From 1 Dec: B's and D's decisions, D's rating; C was submitted before.
      expect(await supervision.stats('item', today, at('2026-12-01') - 9.5 * 3600_000)).toEqual([
        expect.objectContaining({ key: 'CA-DIBAO-APPLY', ratings: 1, decided: 1 }),
        {
          ...zero,
          key: 'CA-ELDERLY-ALLOWANCE',
          decided: 1,
          medianWorkingDays: 21,
        },
      ])
      // The bad ratings opened their follow-ups.
      expect((await supervision.list(true, 10)).rows.map((r) => r.caseNumber).sort()).toEqual(
        [B, C].sort(),
      )
    })
  })
}
