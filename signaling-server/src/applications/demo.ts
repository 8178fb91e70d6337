import { createHash } from 'node:crypto'
import type { Application } from '../../../common/applications/schema'
import type { Catalog } from '../../../common/catalog/schema'
import { canonicalJson, deriveKeys, hmac } from './crypto'
import { planCases } from './plans'
import type { CaseService } from './cases'

/**
 * The demo resident: the ID reader simulator's default resident card
 * (electron/services/devices/id-reader/sim-cards.ts, fictional, check digit valid), so tapping
 * the simulated card in the demo finds these cases.
 */
export const DEMO_RESIDENT = { name: '李示范', idNumber: '110101199003071233' } as const

const DAY = 86_400_000
const date = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10)
/** Stable ids, so a second `--demo` start recognises its own cases. */
const demoId = (n: number) => {
  const h = createHash('sha256').update(`demo-case-${n}`).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`
}

/**
 * Two cases for the demo resident: a social security card application accepted with the photo
 * still to bring (容缺), and a medical insurance enrolment decided with a printable result.
 * Does nothing when they exist already. Returns the case numbers it created.
 */
export async function seedDemoCases(
  store: Pick<CaseService, 'casesForApplicant' | 'insertApplication' | 'updateCase'>,
  dataKey: Buffer,
  catalog: Catalog,
  progressUrl: (caseNumber: string) => string,
  now: number,
): Promise<string[]> {
  const keys = deriveKeys(dataKey)
  const applicantKey = hmac(keys.idLookup, DEMO_RESIDENT.idNumber)
  if ((await store.casesForApplicant(applicantKey)).length > 0) return []
  const signature = {
    strokes: {
      width: 600,
      height: 200,
      strokes: [
        [[10, 10, 0] as [number, number, number], [200, 80, 300] as [number, number, number]],
      ],
    },
    signedAt: new Date(now - 3 * DAY).toISOString(),
  }
  const base = {
    terminalId: 'demo-seed',
    kind: 'item' as const,
    catalogVersion: catalog.version,
    locale: 'zh-CN' as const,
    applicant: { ...DEMO_RESIDENT },
  }
  const apps: { app: Application; at: number }[] = [
    {
      at: now - 3 * DAY,
      app: {
        ...base,
        id: demoId(1),
        code: 'SI-CARD-APPLY',
        formData: { applicant: { name: DEMO_RESIDENT.name, phone: '13800000000' } },
        materials: [
          { kind: 'not-captured', materialId: 'id-card', reason: 'data-sharing' },
          {
            kind: 'deferred',
            materialId: 'portrait',
            deadlineDays: 10,
            dueDate: date(now + 7 * DAY),
          },
        ],
        commitmentAccepted: true,
        signature,
        createdAt: new Date(now - 3 * DAY).toISOString(),
      },
    },
    {
      at: now - 20 * DAY,
      app: {
        ...base,
        id: demoId(2),
        code: 'MI-RESIDENT-ENROL',
        formData: { applicant: { name: DEMO_RESIDENT.name } },
        materials: [
          { kind: 'not-captured', materialId: 'id-card', reason: 'data-sharing' },
          { kind: 'not-captured', materialId: 'hukou-book', reason: 'counter' },
        ],
        commitmentAccepted: false,
        createdAt: new Date(now - 20 * DAY).toISOString(),
      },
    },
  ]
  const created: string[] = []
  for (const { app, at } of apps) {
    const plans = planCases(catalog, app)
    if (!plans) continue
    const r = await store.insertApplication({
      app,
      applicantKey,
      fingerprint: hmac(keys.fingerprint, canonicalJson(app)),
      plans,
      progressUrl,
      now: at,
    })
    if (r.kind === 'created') created.push(r.confirmation.caseNumber)
  }
  const [card, medical] = created
  if (card)
    await store.updateCase(
      card,
      {
        status: 'accepted',
        note: {
          'zh-CN': '已受理，请在期限内补交本人近期证件照',
          en: 'Accepted; please bring a recent photo by the due date',
        },
        requestMaterials: [],
        receivedMaterials: [],
        byUser: 'demo-seed',
      },
      now - 2 * DAY,
    )
  if (medical)
    await store.updateCase(
      medical,
      {
        status: 'approved',
        result: {
          'zh-CN': '已参保。缴费后次日起享受城乡居民医保待遇，参保凭证可在本机打印。',
          en: 'Enrolled. Benefits start the day after the contribution is paid; the certificate can be printed here.',
        },
        requestMaterials: [],
        receivedMaterials: [],
        byUser: 'demo-seed',
      },
      now - 15 * DAY,
    )
  return created
}
