// The contract every applications store implementation passes (applications/records.ts),
// exercised through the services that hold the rules (cases.ts, ratings.ts), as the centre
// uses them: idempotent submission, case numbers, bundle fan-out, status changes, ratings,
// durability across a reopen, and no personal field readable at rest.
import { randomBytes, randomUUID } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Rating, type Application } from '../../../common/applications/schema'
import { sampleCatalog } from '../../../common/catalog/sample'
import {
  caseDay,
  createCases,
  type SubmitInput,
} from '../../../signaling-server/src/applications/cases'
import { canonicalJson, deriveKeys, hmac } from '../../../signaling-server/src/applications/crypto'
import { planCases } from '../../../signaling-server/src/applications/plans'
import { createRatings } from '../../../signaling-server/src/applications/ratings'
import type { RecordsStore } from '../../../signaling-server/src/applications/records'
import { fakeJpeg, makeApplication, resident } from '../../support/applications'
import type { StoreFactory, StoreSite } from './factory'

export const keys = deriveKeys(randomBytes(32))
export const NOW = Date.UTC(2025, 5, 10, 1, 30) // 09:30 in China: case day 20250610
const DAY = 86_400_000

export function submission(app: Application, now = NOW): SubmitInput {
  return {
    app,
    applicantKey: hmac(keys.idLookup, app.applicant.idNumber),
    fingerprint: hmac(keys.fingerprint, canonicalJson(app)),
    receiptKey: app.receiptToken ? hmac(keys.progressToken, `receipt:${app.receiptToken}`) : null,
    plans: planCases(sampleCatalog, app)!,
    progressUrl: (n) => `https://zwfw.example.cn/api/v1/progress/${n}`,
    now,
  }
}

const bundle = () =>
  makeApplication({
    kind: 'bundle',
    code: 'OT-NEWBORN',
    materials: [
      { kind: 'deferred', materialId: 'child-photo', deadlineDays: 30, dueDate: '2025-07-10' },
    ],
  })

function rating(over: Partial<Rating> = {}): Rating {
  return Rating.parse({
    id: randomUUID(),
    terminalId: 'kiosk-shiqiao-01',
    subject: { kind: 'call', callId: 'c_1' },
    level: 'satisfied',
    reasons: [],
    createdAt: '2025-06-10T09:40:00+08:00',
    ...over,
  })
}

export function recordsStoreContract(factory: StoreFactory): void {
  describe(`applications store contract: ${factory.name}`, () => {
    let site: StoreSite
    let records: RecordsStore
    let cases: ReturnType<typeof createCases>
    let ratings: ReturnType<typeof createRatings>
    const use = (r: RecordsStore) => {
      records = r
      cases = createCases(r, keys)
      ratings = createRatings(r, keys)
    }
    beforeEach(async () => {
      site = await factory.site()
      use(await site.records())
    })
    afterEach(async () => {
      await records.close()
      await site.dispose()
    })
    async function reopen(): Promise<void> {
      await records.close()
      use(await site.records())
    }

    describe('submission', () => {
      it('answers a repeat with the same case, also after a reopen, and stores it once', async () => {
        const app = makeApplication()
        const first = await cases.insertApplication(submission(app))
        if (first.kind !== 'created') throw new Error(first.kind)
        const again = await cases.insertApplication(submission(app, NOW + 60_000))
        expect(again).toEqual({ kind: 'repeat', confirmation: first.confirmation })
        await reopen()
        expect(await cases.insertApplication(submission(app, NOW + DAY))).toEqual(again)
        expect(await cases.countApplications()).toBe(1)
      })

      it('answers the same case to repeats that race each other', async () => {
        const app = makeApplication()
        const results = await Promise.all(
          [1, 2, 3].map(() => cases.insertApplication(submission(app))),
        )
        expect(results.map((r) => r.kind).sort()).toEqual(['created', 'repeat', 'repeat'])
        const numbers = results.map((r) =>
          r.kind === 'conflict' ? null : r.confirmation.caseNumber,
        )
        expect(new Set(numbers).size).toBe(1)
        expect(await cases.countApplications()).toBe(1)
      })

      it('is a conflict when the id comes back with another payload or from another terminal', async () => {
        const app = makeApplication()
        await cases.insertApplication(submission(app))
        expect(
          await cases.insertApplication(submission({ ...app, formData: { other: true } })),
        ).toEqual({ kind: 'conflict' })
        expect(
          await cases.insertApplication(submission({ ...app, terminalId: 'kiosk-other-02' })),
        ).toEqual({ kind: 'conflict' })
        expect(await cases.countApplications()).toBe(1)
      })

      it('is a conflict when another application brings a receipt token already used', async () => {
        const receiptToken = 'r'.repeat(22)
        const one = makeApplication({ receiptToken })
        expect((await cases.insertApplication(submission(one))).kind).toBe('created')
        expect(
          await cases.insertApplication(submission(makeApplication({ receiptToken }))),
        ).toEqual({
          kind: 'conflict',
        })
        const key = submission(one).receiptKey!
        expect(await cases.receiptCases(key)).toMatchObject({ applicationId: one.id })
      })

      it('gives unique case numbers in the day’s format, numbered from 1 each day', async () => {
        const day1 = await Promise.all(
          Array.from({ length: 6 }, () => cases.insertApplication(submission(makeApplication()))),
        )
        await reopen()
        const day2 = await cases.insertApplication(submission(makeApplication(), NOW + DAY))
        const numbers = day1.map((r) => (r.kind === 'created' ? r.confirmation.caseNumber : ''))
        expect(numbers.sort()).toEqual([1, 2, 3, 4, 5, 6].map((n) => `20250610-00000${n}`))
        expect(day2.kind === 'created' && day2.confirmation.caseNumber).toBe('20250611-000001')
        expect(caseDay(NOW)).toBe('20250610')
      })

      it('opens one case per part of a bundle, each with its own missing materials', async () => {
        const app = bundle()
        const r = await cases.insertApplication(submission(app))
        if (r.kind !== 'created') throw new Error(r.kind)
        const { caseNumber } = r.confirmation
        expect(r.confirmation.cases).toEqual([
          { itemCode: 'PS-BIRTH-HUKOU', caseNumber: `${caseNumber}-1` },
          { itemCode: 'MI-RESIDENT-ENROL', caseNumber: `${caseNumber}-2` },
          { itemCode: 'SI-CARD-APPLY', caseNumber: `${caseNumber}-3` },
        ])
        await reopen()
        const parts = await Promise.all(
          r.confirmation.cases.map((c) => cases.getCase(c.caseNumber)),
        )
        expect(parts.map((p) => [p?.code, p?.status])).toEqual([
          ['PS-BIRTH-HUKOU', 'received'],
          ['MI-RESIDENT-ENROL', 'received'],
          ['SI-CARD-APPLY', 'received'],
        ])
        expect(parts.map((p) => p?.missing.map((m) => m.materialId))).toEqual([
          [],
          [],
          ['child-photo'],
        ])
        // An item opens exactly one case, under the application's number.
        const item = await cases.insertApplication(submission(makeApplication()))
        expect(item.kind === 'created' && item.confirmation.cases).toEqual([])
        const applicant = hmac(keys.idLookup, resident.idNumber)
        expect((await cases.casesForApplicant(applicant)).map((c) => c.code).sort()).toEqual([
          'CA-ELDERLY-ALLOWANCE',
          'MI-RESIDENT-ENROL',
          'PS-BIRTH-HUKOU',
          'SI-CARD-APPLY',
        ])
      })

      it('gives the application back whole, images included, after a reopen', async () => {
        const app = makeApplication({
          evidencePhoto: {
            kind: 'inline',
            mediaType: 'image/jpeg',
            base64: fakeJpeg().toString('base64'),
          },
        })
        await cases.insertApplication(submission(app))
        await reopen()
        expect(await cases.getApplication(app.id)).toEqual(app)
        expect(await cases.getApplication(randomUUID())).toBeNull()
      })
    })

    describe('case status', () => {
      it('changes a case, keeps its history facts, and never changes a closed one', async () => {
        const r = await cases.insertApplication(submission(makeApplication()))
        if (r.kind !== 'created') throw new Error(r.kind)
        const n = r.confirmation.caseNumber
        const changed = await cases.updateCase(
          n,
          {
            status: 'awaiting-materials',
            note: { 'zh-CN': '请补交户口本首页' },
            requestMaterials: [{ materialId: 'hukou-front', dueDate: '2025-06-20' }],
            receivedMaterials: ['bank-card'],
            byUser: 'u_1',
          },
          NOW + 1000,
        )
        expect(changed).toMatchObject({
          status: 'awaiting-materials',
          note: { 'zh-CN': '请补交户口本首页' },
          missing: [
            { materialId: 'hukou-front', name: { 'zh-CN': 'hukou-front' }, dueDate: '2025-06-20' },
          ],
          resultPrintable: false,
        })
        await cases.updateCase(
          n,
          {
            status: 'closed',
            result: { 'zh-CN': '已办结' },
            requestMaterials: [],
            receivedMaterials: [],
            byUser: 'u_1',
          },
          NOW + 2000,
        )
        await reopen()
        expect(await cases.getCase(n)).toMatchObject({
          status: 'closed',
          result: { 'zh-CN': '已办结' },
          resultPrintable: true,
        })
        expect(
          await cases.updateCase(
            n,
            { status: 'accepted', requestMaterials: [], receivedMaterials: [], byUser: 'u_2' },
            NOW + 3000,
          ),
        ).toBe('final')
        expect(
          await cases.updateCase(
            '20250610-999999',
            { status: 'accepted', requestMaterials: [], receivedMaterials: [], byUser: 'u_2' },
            NOW,
          ),
        ).toBeNull()
      })

      it('applies a change only while the case still has the status it was decided on', async () => {
        const r = await cases.insertApplication(submission(makeApplication()))
        if (r.kind !== 'created') throw new Error(r.kind)
        const n = r.confirmation.caseNumber
        const change = {
          status: 'accepted' as const,
          at: NOW + 1,
          byUser: 'u_1',
          noteSealed: null,
          resultSealed: null,
          eventNoteSealed: null,
          requestMaterials: [],
          receivedMaterials: [],
        }
        expect(await records.changeCase(n, 'in-review', change)).toBeNull()
        expect(await records.changeCase(n, 'received', change)).toMatchObject({
          status: 'accepted',
        })
        expect(await records.changeCase(n, 'received', change)).toBeNull()
      })
    })

    describe('ratings', () => {
      it('stores a rating once, answers a repeat with the first receipt, and links its case', async () => {
        const app = makeApplication()
        const r = await cases.insertApplication(submission(app))
        const caseNumber = r.kind === 'created' ? r.confirmation.caseNumber : null
        const given = rating({
          subject: { kind: 'application', applicationId: app.id },
          level: 'very-dissatisfied',
          reasons: ['too-slow'],
          comment: '排队等了很久',
        })
        const fp = hmac(keys.fingerprint, canonicalJson(given))
        const first = await ratings.insertRating(given, fp, NOW)
        expect(first).toEqual({
          kind: 'created',
          receipt: {
            ratingId: given.id,
            level: given.level,
            receivedAt: new Date(NOW).toISOString(),
            caseNumber,
          },
        })
        await reopen()
        expect(await ratings.insertRating(given, fp, NOW + 5000)).toEqual({
          ...first,
          kind: 'repeat',
        })
        const other: Rating = { ...given, level: 'satisfied' }
        expect(
          await ratings.insertRating(other, hmac(keys.fingerprint, canonicalJson(other)), NOW),
        ).toEqual({ kind: 'conflict' })
        expect(await ratings.countRatings()).toBe(1)
        expect(await records.getRating(given.id)).toMatchObject({
          subjectKind: 'application',
          subjectId: app.id,
          reasons: ['too-slow'],
        })
      })

      it('takes a rating of a call, unlinked to any case', async () => {
        const given = rating()
        const r = await ratings.insertRating(
          given,
          hmac(keys.fingerprint, canonicalJson(given)),
          NOW,
        )
        expect(r).toMatchObject({ kind: 'created', receipt: { caseNumber: null } })
      })
    })

    it('keeps name, ID number, form data, images, notes and comments unreadable at rest', async () => {
      const image = fakeJpeg()
      const app = makeApplication({}, image)
      const r = await cases.insertApplication(submission(app))
      if (r.kind !== 'created') throw new Error(r.kind)
      await cases.updateCase(
        r.confirmation.caseNumber,
        {
          status: 'accepted',
          note: { 'zh-CN': '备注：联系电话已核实' },
          requestMaterials: [],
          receivedMaterials: [],
          byUser: 'u_1',
        },
        NOW + 1,
      )
      const given = rating({ comment: '窗口态度很好谢谢' })
      await ratings.insertRating(given, hmac(keys.fingerprint, canonicalJson(given)), NOW)
      await records.close()
      const bytes = await site.bytesAtRest()
      use(await site.records()) // for afterEach
      expect(bytes.length).toBeGreaterThan(image.length)
      const needles: [string, Buffer][] = [
        ['name', Buffer.from(resident.name)],
        ['id number', Buffer.from(resident.idNumber)],
        ['phone', Buffer.from('13800138000')],
        ['address', Buffer.from('石桥村3组12号')],
        ['image bytes', image.subarray(100, 164)],
        ['image base64', Buffer.from(image.toString('base64').slice(200, 280))],
        ['note', Buffer.from('联系电话已核实')],
        ['comment', Buffer.from('窗口态度很好')],
      ]
      for (const [label, needle] of needles)
        expect([label, bytes.includes(needle)]).toEqual([label, false])
    })
  })
}
