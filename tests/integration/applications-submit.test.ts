import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { ApplicationConfirmation, type Application } from '../../common/applications/schema'
import { fakeJpeg, makeApplication, resident } from '../support/applications'
import {
  centreForEachTest,
  clerkToken,
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

const appFor = (t: EnrolledTerminal, overrides: Partial<Application> = {}, image?: Buffer) =>
  makeApplication({ terminalId: t.terminalId, ...overrides }, image)

const submit = (app: unknown, headers: Record<string, string> = {}) =>
  submitApplication(centre, terminal, app, headers)

describe('POST /api/v1/applications', () => {
  it('stores the application once and answers a repeat with the same confirmation', async () => {
    const app = appFor(terminal)
    const first = await submit(app)
    expect(first.status).toBe(201)
    const confirmation = ApplicationConfirmation.parse(first.body)
    expect(confirmation.applicationId).toBe(app.id)
    expect(confirmation.status).toBe('received')
    // Digits only, date first: printable and readable aloud.
    expect(confirmation.caseNumber).toMatch(/^\d{8}-\d{6}$/)
    expect(confirmation.progressUrl).toContain(confirmation.caseNumber)

    const again = await submit(app)
    expect(again.status).toBe(200)
    expect(again.body).toEqual(first.body)
    expect(await centre.service.store.countApplications()).toBe(1)

    // A clerk reads back exactly what the resident submitted, image bytes included.
    const token = await clerkToken(centre.url, centre.store)
    const read = await fetch(`${centre.url}/api/v1/applications/${app.id}`, {
      headers: { authorization: `Bearer ${token}` },
    })
    expect(read.status).toBe(200)
    expect(await read.json()).toEqual(JSON.parse(JSON.stringify(app)))
  })

  it('lets a clerk read only applications of their categories, a supervisor any, each read audited', async () => {
    const app = appFor(terminal)
    expect((await submit(app)).status).toBe(201)
    const read = async (account: Parameters<typeof clerkToken>[2]) =>
      (
        await fetch(`${centre.url}/api/v1/applications/${app.id}`, {
          headers: {
            authorization: `Bearer ${await clerkToken(centre.url, centre.store, account)}`,
          },
        })
      ).status
    // appFor's item, 高龄津贴申领, is an elderly-care one.
    expect(await read({ categories: ['family'] })).toBe(403)
    expect(await read({ role: 'admin', categories: [] })).toBe(403)
    expect(await read({ categories: ['elderly-care'] })).toBe(200)
    expect(await read({ role: 'supervisor', categories: [] })).toBe(200)
    const audit = await fetch(`${centre.url}/api/v1/cases/audit`, {
      headers: {
        authorization: `Bearer ${await clerkToken(centre.url, centre.store, { role: 'supervisor' })}`,
      },
    })
    expect(audit.status).toBe(200)
    const entries = ((await audit.json()) as { rows: { action: string; detail: string }[] }).rows
    expect(
      entries.filter((e) => e.action === 'read-application' && e.detail.includes(app.id)),
    ).toHaveLength(2)
  })

  it('gives consecutive case numbers to different applications', async () => {
    const a = ApplicationConfirmation.parse((await submit(appFor(terminal))).body)
    const b = ApplicationConfirmation.parse((await submit(appFor(terminal))).body)
    const seq = (n: string) => Number(n.split('-')[1])
    expect(seq(b.caseNumber)).toBe(seq(a.caseNumber) + 1)
  })

  it('stores exactly one application when the same key arrives many times at once', async () => {
    const app = appFor(terminal)
    const answers = await Promise.all(Array.from({ length: 12 }, () => submit(app)))
    expect(answers.map((a) => a.status).sort((x, y) => x - y)).toEqual([
      ...Array(11).fill(200),
      201,
    ])
    const numbers = new Set(answers.map((a) => (a.body as ApplicationConfirmation).caseNumber))
    expect(numbers.size).toBe(1)
    expect(await centre.service.store.countApplications()).toBe(1)
  })

  it('refuses a reused key with another payload (409) and keeps the first', async () => {
    const app = appFor(terminal)
    const first = await submit(app)
    const changed = {
      ...app,
      formData: { ...app.formData, payout: { bank: 'rcc', accountNumber: '6230999988887777666' } },
    }
    const clash = await submit(changed)
    expect(clash).toEqual({ status: 409, body: { error: 'idempotency_conflict' } })
    expect(await centre.service.store.countApplications()).toBe(1)
    // The original is still answered as before.
    expect((await submit(app)).body).toEqual(first.body)
  })

  it('refuses requests without a valid terminal credential and stores nothing', async () => {
    const app = appFor(terminal)
    const other = await enrolTerminal(centre.store, '另一台')
    const cases: Record<string, string | undefined> = {
      none: undefined,
      'credential alone': terminal.credential,
      'wrong credential': `${terminal.terminalId}:${other.credential}`,
      'unknown terminal': `t_doesnotexist000000:${terminal.credential}`,
      garbage: 'not-a-token',
    }
    for (const [label, bearer] of Object.entries(cases)) {
      const headers: Record<string, string> = { 'idempotency-key': app.id }
      if (bearer !== undefined) headers.authorization = `Bearer ${bearer}`
      const res = await postJson(`${centre.url}/api/v1/applications`, app, headers)
      expect([label, res.status, res.body]).toEqual([label, 401, { error: 'unauthorized' }])
    }
    // Another enrolled terminal cannot submit in this terminal's name.
    const asOther = await submit(app, { authorization: `Bearer ${other.bearer}` })
    expect(asOther).toEqual({ status: 422, body: { error: 'terminal_mismatch' } })
    expect(await centre.service.store.countApplications()).toBe(0)
  })

  it('refuses malformed requests with clear error codes, without echoing personal data', async () => {
    const app = appFor(terminal)
    expect(await submit('{"id":', { 'idempotency-key': app.id })).toEqual({
      status: 400,
      body: { error: 'invalid_json' },
    })
    const textPlain = await fetch(`${centre.url}/api/v1/applications`, {
      method: 'POST',
      headers: {
        'content-type': 'text/plain',
        authorization: `Bearer ${terminal.bearer}`,
        'idempotency-key': app.id,
      },
      body: JSON.stringify(app),
    })
    expect(textPlain.status).toBe(400)
    expect(await textPlain.json()).toEqual({ error: 'invalid_content_type' })

    const badId = await submit({ ...app, applicant: { ...app.applicant, idNumber: '12345X' } })
    expect(badId.status).toBe(400)
    const body = badId.body as { error: string; issues: { path: string }[] }
    expect(body.error).toBe('invalid_body')
    expect(body.issues.map((i) => i.path)).toContain('applicant.idNumber')
    expect(JSON.stringify(body)).not.toContain('12345X')
    expect(JSON.stringify(body)).not.toContain(resident.name)

    const unsigned = await submit({ ...app, signature: undefined })
    expect((unsigned.body as { issues: { path: string }[] }).issues[0]!.path).toBe('signature')

    expect(await submit(app, { 'idempotency-key': '' })).toEqual({
      status: 400,
      body: { error: 'idempotency_key_required' },
    })
    expect(await submit(app, { 'idempotency-key': randomUUID() })).toEqual({
      status: 400,
      body: { error: 'idempotency_key_mismatch' },
    })
    expect(await submit(appFor(terminal, { code: 'XX-NOT-IN-CATALOG' }))).toEqual({
      status: 422,
      body: { error: 'unknown_code' },
    })
    // An item code sent as a bundle is not a bundle.
    expect(await submit(appFor(terminal, { kind: 'bundle' }))).toEqual({
      status: 422,
      body: { error: 'unknown_code' },
    })
    expect(await centre.service.store.countApplications()).toBe(0)
  })

  it('refuses form data nested 4,000 deep with a 400 (not 500, which the kiosk retries for ever)', async () => {
    const app = appFor(terminal)
    const deep = '['.repeat(4_000) + ']'.repeat(4_000) // 8 KB
    const raw = JSON.stringify(app).replace('"formData":{', `"formData":{"note":${deep},`)
    const res = await submit(raw, { 'idempotency-key': app.id })
    expect(res).toEqual({
      status: 400,
      body: { error: 'invalid_body', issues: [{ path: '(root)', message: expect.any(String) }] },
    })
    expect(await centre.service.store.countApplications()).toBe(0)
    // The centre goes on serving.
    expect((await submit(app)).status).toBe(201)
  })

  it('checks the form data again against the item’s form schema (422 with field paths)', async () => {
    const app = appFor(terminal)
    const formData = { ...app.formData, living: { arrangement: 'on-the-moon' } } as Record<
      string,
      unknown
    >
    delete formData.payout
    const res = await submit({ ...app, formData })
    expect(res.status).toBe(422)
    const body = res.body as { error: string; issues: { path: string }[] }
    expect(body.error).toBe('invalid_form_data')
    expect(body.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(['formData.living.arrangement', 'formData.payout']),
    )
    expect(JSON.stringify(body)).not.toContain('on-the-moon')
    expect(await centre.service.store.countApplications()).toBe(0)
  })

  it('accepts a few photographed pages and refuses a body over 25 MB with 413', async () => {
    const page = () => ({
      kind: 'inline' as const,
      mediaType: 'image/jpeg' as const,
      base64: Buffer.concat([fakeJpeg(), Buffer.alloc(2_000_000, 7)]).toString('base64'),
    })
    const fourPages = appFor(terminal, {
      materials: [
        { kind: 'photographed', materialId: 'hukou-book', pages: [1, 2, 3, 4].map(page) },
      ],
    })
    expect((await submit(fourPages)).status).toBe(201)

    const huge = appFor(terminal, {
      materials: [
        {
          kind: 'photographed',
          materialId: 'hukou-book',
          pages: [
            { kind: 'inline', mediaType: 'image/jpeg', base64: 'A'.repeat(26 * 1024 * 1024) },
          ],
        },
      ],
    })
    const res = await submit(huge)
    expect(res).toEqual({ status: 413, body: { error: 'body_too_large' } })
    expect(await centre.service.store.countApplications()).toBe(1)
  })

  it('opens one case per part for a bundle (一件事)', async () => {
    const app = appFor(terminal, {
      kind: 'bundle',
      code: 'OT-NEWBORN',
      // Filled in from an older cached catalog: the centre does not re-check a form it does not
      // have (this one carries the elderly allowance's data).
      catalogVersion: '2025.05.1',
      materials: [
        { kind: 'deferred', materialId: 'child-photo', deadlineDays: 30, dueDate: '2025-07-10' },
      ],
    })
    const res = await submit(app)
    const confirmation = ApplicationConfirmation.parse(res.body)
    expect(confirmation.cases.map((c) => c.itemCode)).toEqual([
      'PS-BIRTH-HUKOU',
      'MI-RESIDENT-ENROL',
      'SI-CARD-APPLY',
    ])
    expect(confirmation.cases.map((c) => c.caseNumber)).toEqual(
      [1, 2, 3].map((n) => `${confirmation.caseNumber}-${n}`),
    )
    // The deferred child photo belongs to the social security card part.
    const card = await centre.service.store.getCase(confirmation.cases[2]!.caseNumber)
    expect(card?.missing.map((m) => [m.materialId, m.dueDate])).toEqual([
      ['child-photo', '2025-07-10'],
    ])
    expect(
      (await centre.service.store.getCase(confirmation.cases[0]!.caseNumber))?.missing,
    ).toEqual([])
  })

  it('keeps name, ID number, phone, signature and image bytes out of the database files', async () => {
    const image = fakeJpeg()
    const app = appFor(terminal, {}, image)
    expect((await submit(app)).status).toBe(201)
    await centre.close()
    const bytes = databaseBytes(centre.files.applicationsDb)
    expect(bytes.length).toBeGreaterThan(image.length)
    const needles: [string, Buffer][] = [
      ['name', Buffer.from(resident.name)],
      ['id number', Buffer.from(resident.idNumber)],
      ['phone', Buffer.from('13800138000')],
      ['address', Buffer.from('石桥村3组12号')],
      ['image bytes', image.subarray(100, 164)],
      ['image base64', Buffer.from(image.toString('base64').slice(200, 280))],
      ['signature', Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB')],
    ]
    for (const [label, needle] of needles)
      expect([label, bytes.includes(needle)]).toEqual([label, false])
    // And the signaling database holds none of it either.
    const signaling = databaseBytes(centre.files.signalingDb)
    expect(signaling.includes(Buffer.from(resident.idNumber))).toBe(false)
    // Reopened with the same key, the application is readable again.
    centre = await startCentre(centre.files)
    expect((await centre.service.store.getApplication(app.id))?.applicant).toEqual(app.applicant)
  })
})
