import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { RatingReceipt } from '../../common/applications/api'
import { ApplicationConfirmation } from '../../common/applications/schema'
import { Catalog } from '../../common/catalog/schema'
import { sampleCatalog } from '../../common/catalog/sample'
import { makeApplication } from '../support/applications'
import {
  centreForEachTest,
  databaseBytes,
  enrolTerminal,
  postJson,
  startCentre,
  submitApplication,
  type Centre,
  type EnrolledTerminal,
} from './applications-harness'

let centre: Centre
let terminal: EnrolledTerminal
centreForEachTest((started) => ({ centre, terminal } = started))

function rating(overrides: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    terminalId: terminal.terminalId,
    subject: { kind: 'application', applicationId: randomUUID() },
    level: 'very-satisfied',
    reasons: [],
    createdAt: '2025-06-10T09:40:00+08:00',
    ...overrides,
  }
}

const rate = (body: unknown, bearer = terminal.bearer) =>
  postJson(`${centre.url}/api/v1/ratings`, body, { authorization: `Bearer ${bearer}` })

describe('POST /api/v1/ratings (好差评)', () => {
  it('stores a rating linked to the application’s case, once for repeats', async () => {
    const app = makeApplication({ terminalId: terminal.terminalId })
    const submitted = await submitApplication(centre, terminal, app)
    const { caseNumber } = ApplicationConfirmation.parse(submitted.body)
    const r = rating({
      subject: { kind: 'application', applicationId: app.id },
      level: 'dissatisfied',
      reasons: ['too-slow'],
      comment: '排队等了很久',
    })
    const first = await rate(r)
    expect(first.status).toBe(201)
    expect(RatingReceipt.parse(first.body)).toMatchObject({
      ratingId: r.id,
      level: 'dissatisfied',
      caseNumber,
    })
    const again = await rate(r)
    expect(again.status).toBe(200)
    expect(again.body).toEqual(first.body)
    expect(await centre.service.store.countRatings()).toBe(1)
    // The same rating id with another level is a conflict, not a second rating.
    expect((await rate({ ...r, level: 'satisfied', reasons: [] })).status).toBe(409)
    expect(await centre.service.store.countRatings()).toBe(1)
    // The free-text comment is sealed at rest like any other personal text.
    await centre.close()
    expect(databaseBytes(centre.files.applicationsDb).includes(Buffer.from('排队等了很久'))).toBe(
      false,
    )
    centre = await startCentre(centre.files)
  })

  it('accepts a rating for an application not uploaded yet, and refuses one of an unknown call', async () => {
    // A call's rating follows the call's rules (tests/integration/video-identity-rating.test.ts).
    expect(
      (await rate(rating({ subject: { kind: 'call', callId: 'c_unknown123456' } }))).status,
    ).toBe(404)
    const early = await rate(
      rating({ subject: { kind: 'application', applicationId: randomUUID() } }),
    )
    expect(early.status).toBe(201)
    expect((early.body as RatingReceipt).caseNumber).toBeNull()
  })

  it('requires reasons for the two lowest levels and knows only the five national levels', async () => {
    for (const level of ['dissatisfied', 'very-dissatisfied']) {
      const res = await rate(rating({ level }))
      expect(res.status).toBe(400)
      expect(res.body).toMatchObject({ error: 'invalid_body', issues: [{ path: 'reasons' }] })
    }
    for (const level of ['very-satisfied', 'satisfied', 'basically-satisfied'])
      expect((await rate(rating({ level }))).status).toBe(201)
    expect((await rate(rating({ level: 'excellent' }))).status).toBe(400)
    expect((await rate(rating({ level: 'satisfied', reasons: ['bribery'] }))).status).toBe(400)
    expect(await centre.service.store.countRatings()).toBe(3)
  })

  it('takes ratings only from the terminal that sends them', async () => {
    expect((await rate(rating(), 'x:y')).status).toBe(401)
    const other = await enrolTerminal(centre.store, '另一台')
    expect(await rate(rating(), other.bearer)).toEqual({
      status: 422,
      body: { error: 'terminal_mismatch' },
    })
    expect(await centre.service.store.countRatings()).toBe(0)
  })
})

describe('GET /api/v1/catalog', () => {
  it('serves the sample catalog with its version and an ETag, 304 when unchanged', async () => {
    const res = await fetch(`${centre.url}/api/v1/catalog`)
    expect(res.status).toBe(200)
    const etag = res.headers.get('etag')
    expect(etag).toMatch(new RegExp(`^"${sampleCatalog.version.replace(/\./g, '\\.')}-`))
    expect(res.headers.get('x-catalog-version')).toBe(sampleCatalog.version)
    const catalog = Catalog.parse(await res.json())
    expect(catalog).toEqual(sampleCatalog)

    const notModified = await fetch(`${centre.url}/api/v1/catalog`, {
      headers: { 'if-none-match': etag! },
    })
    expect(notModified.status).toBe(304)
    expect(notModified.headers.get('etag')).toBe(etag)
    expect(await notModified.text()).toBe('')
    // A weak or listed match is a match; another tag is not.
    const listed = await fetch(`${centre.url}/api/v1/catalog`, {
      headers: { 'if-none-match': `"old", W/${etag}` },
    })
    expect(listed.status).toBe(304)
    const stale = await fetch(`${centre.url}/api/v1/catalog`, {
      headers: { 'if-none-match': '"2025.01.1-abc"' },
    })
    expect(stale.status).toBe(200)
    await stale.arrayBuffer()
  })
})
