// Catalog publishing against the real centre: only admins check, publish and restore; an invalid
// draft is refused with the item and field named and nothing changes; a published version is
// what GET /api/v1/catalog serves, what `queue:join` accepts and what a new application is
// planned with, while an application filled in from the version before keeps its own; restoring
// the previous version publishes it again under a new number, and a restarted centre serves it.
import { describe, expect, it } from 'vitest'
import { ApplicationConfirmation } from '../../common/applications/schema'
import {
  CatalogCheckResponse,
  CatalogPublishResponse,
  CatalogVersionsResponse,
  nextCatalogVersion,
} from '../../common/catalog/publishing'
import { sampleCatalog, sampleCatalogInput } from '../../common/catalog/sample'
import { Catalog } from '../../common/catalog/schema'
import { makeApplication } from '../support/applications'
import {
  centreForEachTest,
  enrolTerminal,
  postJson,
  staffSession,
  startCentre,
  submitApplication,
  type Centre,
  type EnrolledTerminal,
} from './applications-harness'
import { joinPayload, terminalClient } from './signaling-harness'

let centre: Centre
let terminal: EnrolledTerminal
centreForEachTest((started) => ({ centre, terminal } = started))

type Draft = {
  categories: { id: string; name: { 'zh-CN': string; en?: string }; icon: string; order: number }[]
  items: Record<string, unknown>[]
}

/**
 * The sample with a new popular item in a new category (高龄津贴's twin, so the test resident's
 * application fits it), 高龄津贴 with another summary and a new required form field, and 临时救助
 * dropped.
 */
function draftWithNewItem(): Draft {
  const draft = structuredClone(sampleCatalogInput) as unknown as Draft
  draft.categories.push({
    id: 'veterans',
    name: { 'zh-CN': '退役军人', en: 'Veterans' },
    icon: 'shield',
    order: 99,
  })
  const elderly = draft.items.find((i) => i.code === 'CA-ELDERLY-ALLOWANCE')!
  draft.items.unshift({
    ...structuredClone(elderly),
    code: 'VA-PREFERENTIAL-CARD',
    categoryId: 'veterans',
    name: { 'zh-CN': '退役军人优待证申领', en: 'Veteran preferential card' },
    popular: true,
  })
  elderly.summary = { 'zh-CN': '年满80周岁的本地户籍老人按月领取高龄津贴。', en: 'Monthly.' }
  const schema = (
    elderly.form as { schema: { properties: Record<string, unknown>; required: string[] } }
  ).schema
  schema.properties.consent = { type: 'boolean', title: '同意核验' }
  schema.required.push('consent')
  draft.items = draft.items.filter((i) => i.code !== 'CA-TEMP-ASSIST')
  return draft
}

async function admin(): Promise<string> {
  return (
    await staffSession(centre.url, centre.store, {
      role: 'admin',
      displayName: '管理员',
      categories: [],
    })
  ).token
}

const as = (token: string) => ({ authorization: `Bearer ${token}` })
const check = (token: string, catalog: unknown) =>
  postJson(`${centre.url}/api/admin/catalog/check`, { catalog }, as(token))
const publish = (token: string, catalog: unknown) =>
  postJson(`${centre.url}/api/admin/catalog/publish`, { catalog }, as(token))
const restore = (token: string, version: string) =>
  postJson(`${centre.url}/api/admin/catalog/versions/${version}/restore`, {}, as(token))
async function versions(token: string) {
  const res = await fetch(`${centre.url}/api/admin/catalog/versions`, { headers: as(token) })
  expect(res.status).toBe(200)
  return CatalogVersionsResponse.parse(await res.json()).versions
}
async function served(): Promise<Catalog> {
  const res = await fetch(`${centre.url}/api/v1/catalog`)
  return Catalog.parse(await res.json())
}
async function joins(category: string): Promise<boolean> {
  const kiosk = await terminalClient(centre.url, terminal)
  try {
    return (await kiosk.ack('queue:join', joinPayload({ category }))).ok
  } finally {
    kiosk.close()
  }
}

describe('catalog publishing', () => {
  it('refuses every role but admin, and a caller without a session', async () => {
    const draft = draftWithNewItem()
    for (const role of ['clerk', 'supervisor', 'technician'] as const) {
      const { token } = await staffSession(centre.url, centre.store, {
        role,
        displayName: '某人',
        categories: role === 'clerk' ? ['elderly-care'] : [],
      })
      expect((await check(token, draft)).status, role).toBe(403)
      expect((await publish(token, draft)).status, role).toBe(403)
      expect((await restore(token, sampleCatalog.version)).status, role).toBe(403)
      const list = await fetch(`${centre.url}/api/admin/catalog/versions`, { headers: as(token) })
      expect(list.status, role).toBe(403)
    }
    expect((await publish('not-a-session', draft)).status).toBe(401)
    expect((await served()).version).toBe(sampleCatalog.version)
  })

  it('starts from the sample, and refuses an invalid draft naming the item and the field', async () => {
    const token = await admin()
    expect(await versions(token)).toEqual([
      expect.objectContaining({
        version: sampleCatalog.version,
        publishedBy: { id: 'system', name: 'system' },
        restoredFrom: null,
        current: true,
      }),
    ])
    const draft = draftWithNewItem()
    const elderly = draft.items.find((i) => i.code === 'CA-ELDERLY-ALLOWANCE')!
    delete (elderly.materials as Record<string, unknown>[])[2]!.name
    // A prefill onto a field the form lacks: the schema cannot tell, the centre's check does.
    const card = draft.items.find((i) => i.code === 'CA-ELDER-CARD')!
    ;(card.form as { prefill: { to: string }[] }).prefill[0]!.to = 'applicant.nickname'

    const checked = CatalogCheckResponse.parse((await check(token, draft)).body)
    expect(checked).toEqual({
      valid: false,
      issues: [
        {
          entry: { kind: 'item', code: 'CA-ELDERLY-ALLOWANCE', name: '高龄津贴申领' },
          field: 'materials[2].name',
          problem: 'required',
          detail: expect.any(String),
        },
      ],
    })
    // The schema's issues come first; the form compilation runs on a draft that parses.
    delete (elderly.materials as Record<string, unknown>[])[2]
    ;(elderly.materials as unknown[]).splice(2, 1)
    const second = CatalogCheckResponse.parse((await check(token, draft)).body)
    expect(
      second.valid ? [] : second.issues.map((i) => [i.entry?.code, i.field, i.problem]),
    ).toEqual([['CA-ELDER-CARD', 'form.prefill[0].to', 'invalid_form']])
    const refused = await publish(token, draft)
    expect(refused).toEqual({
      status: 422,
      body: {
        error: 'invalid_catalog',
        issues: [{ path: 'item CA-ELDER-CARD · form.prefill[0].to', message: 'invalid_form' }],
      },
    })
    // Not JSON of a catalog at all.
    const nonsense = CatalogCheckResponse.parse((await check(token, [1, 2])).body)
    expect(nonsense.valid).toBe(false)
    expect(await versions(token)).toHaveLength(1)
    expect((await served()).version).toBe(sampleCatalog.version)
  })

  it('publishes a checked draft: served, accepted by queue:join and applications; the previous version’s applications keep theirs', async () => {
    const token = await admin()
    const draft = draftWithNewItem()
    const next = nextCatalogVersion(sampleCatalog.version, Date.now())
    const checked = CatalogCheckResponse.parse((await check(token, draft)).body)
    expect(checked).toMatchObject({ valid: true, version: next, against: sampleCatalog.version })
    if (!checked.valid) throw new Error('unreachable')
    expect(checked.diff.added).toEqual([
      { kind: 'category', code: 'veterans', name: '退役军人' },
      { kind: 'item', code: 'VA-PREFERENTIAL-CARD', name: '退役军人优待证申领' },
    ])
    expect(checked.diff.removed).toEqual([
      { kind: 'item', code: 'CA-TEMP-ASSIST', name: '临时救助申请' },
    ])
    expect(checked.diff.changed).toEqual([
      {
        entry: { kind: 'item', code: 'CA-ELDERLY-ALLOWANCE', name: '高龄津贴申领' },
        parts: ['summary', 'form'],
      },
    ])
    expect(await joins('veterans')).toBe(false)

    const res = await publish(token, draft)
    expect(res.status).toBe(201)
    expect(CatalogPublishResponse.parse(res.body).published).toMatchObject({
      version: next,
      publishedBy: { name: '管理员' },
      current: true,
    })
    const now = await served()
    expect(now.version).toBe(next)
    expect(now.items[0]!.code).toBe('VA-PREFERENTIAL-CARD')
    expect(await joins('veterans')).toBe(true)

    // A new application for the new item is planned with the version in force …
    const fresh = makeApplication({
      terminalId: terminal.terminalId,
      code: 'VA-PREFERENTIAL-CARD',
      catalogVersion: next,
    })
    expect((await submitApplication(centre, terminal, fresh)).status).toBe(201)
    // … while 高龄津贴 filled in from the sample keeps the sample's form (no consent field) …
    const earlier = makeApplication({
      terminalId: terminal.terminalId,
      catalogVersion: sampleCatalog.version,
    })
    const kept = await submitApplication(centre, terminal, earlier)
    expect(kept.status).toBe(201)
    const c = await centre.service.store.getCase(
      ApplicationConfirmation.parse(kept.body).caseNumber,
    )
    expect(c?.code).toBe('CA-ELDERLY-ALLOWANCE')
    // … and the same answers filled in from the new version lack its new required field.
    const late = makeApplication({ terminalId: terminal.terminalId, catalogVersion: next })
    expect(await submitApplication(centre, terminal, late)).toMatchObject({
      status: 422,
      body: { error: 'invalid_form_data' },
    })

    const audit = await centre.service.cases.auditLog(10)
    expect(audit.rows.map((r) => [r.action, r.userName, r.detail])).toContainEqual([
      'catalog-publish',
      '管理员',
      `version ${next}`,
    ])
  })

  it('restores the previous version as a new one, and a restarted centre serves it', async () => {
    const token = await admin()
    const published = CatalogPublishResponse.parse((await publish(token, draftWithNewItem())).body)
    const res = await restore(token, sampleCatalog.version)
    expect(res.status).toBe(201)
    const restored = CatalogPublishResponse.parse(res.body).published
    expect(restored).toMatchObject({ restoredFrom: sampleCatalog.version, current: true })
    // Newer than what kiosks hold, so each takes it on its next refresh.
    expect(restored.version > published.published.version).toBe(true)
    const now = await served()
    expect(now.version).toBe(restored.version)
    expect(now.items.map((i) => i.code)).toEqual(sampleCatalog.items.map((i) => i.code))
    expect(await joins('veterans')).toBe(false)
    expect((await versions(token)).map((v) => [v.version, v.restoredFrom, v.current])).toEqual([
      [restored.version, sampleCatalog.version, true],
      [published.published.version, null, false],
      [sampleCatalog.version, null, false],
    ])
    expect((await restore(token, '2001.01.1')).status).toBe(404)

    const files = centre.files
    await centre.close()
    centre = await startCentre(files)
    terminal = await enrolTerminal(centre.store, '石桥村二号机')
    expect((await served()).version).toBe(restored.version)
  })
})
