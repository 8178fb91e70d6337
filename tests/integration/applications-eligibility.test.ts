import { describe, expect, it } from 'vitest'
import { ApplicationConfirmation, type Application } from '../../common/applications/schema'
import type { CaseProgress } from '../../common/applications/schema'
import { demoCards } from '../../electron/services/devices/id-reader/sim-cards'
import { makeApplication } from '../support/applications'
import {
  centreForEachTest,
  postJson,
  submitApplication,
  type Centre,
  type EnrolledTerminal,
} from './applications-harness'

// The centre refuses what the card decides against, though the kiosk checked it first: a kiosk
// can be bypassed by anyone holding a terminal credential.

let centre: Centre
let terminal: EnrolledTerminal
centreForEachTest((started) => ({ centre, terminal } = started))

const submit = (app: Application) => submitApplication(centre, terminal, app)

/** 高龄津贴申领 for `applicant` (formData as the kiosk fills it from that card). */
function allowanceFor(
  applicant: Application['applicant'],
  address = '示例省示例县青山镇石桥村3组12号',
) {
  const base = makeApplication({ terminalId: terminal.terminalId })
  const formApplicant = base.formData.applicant as Record<string, unknown>
  return makeApplication({
    terminalId: terminal.terminalId,
    applicant,
    formData: {
      ...base.formData,
      applicant: { ...formApplicant, name: applicant.name, idNumber: applicant.idNumber, address },
    },
  })
}

describe('the centre checks the card-decidable conditions again', () => {
  it('refuses a 36-year-old’s old-age allowance with 422 not_eligible, storing nothing', async () => {
    const young = { name: '李示范', idNumber: '110101199003071233', validUntil: '2032-05-20' }
    const res = await submit(allowanceFor(young))
    expect(res).toEqual({
      status: 422,
      body: { error: 'not_eligible', issues: [{ path: 'applicant.age', message: 'too-young' }] },
    })
    expect(JSON.stringify(res.body)).not.toContain(young.idNumber)
    expect(await centre.service.store.countApplications()).toBe(0)
  })

  it('refuses an expired card and a hukou elsewhere; accepts the same resident otherwise', async () => {
    const elder = { name: '王秀英', idNumber: '110101194003071248' }
    const expired = await submit(allowanceFor({ ...elder, validUntil: '2024-01-01' }))
    expect(expired).toEqual({
      status: 422,
      body: {
        error: 'not_eligible',
        issues: [{ path: 'applicant.validUntil', message: 'card-expired' }],
      },
    })
    const elsewhere = await submit(
      allowanceFor({ ...elder, validUntil: '长期' }, '北京市东城区示范胡同12号'),
    )
    expect(elsewhere.body).toEqual({
      error: 'not_eligible',
      issues: [{ path: 'applicant.hukou', message: 'hukou-elsewhere' }],
    })
    const fine = await submit(allowanceFor({ ...elder, validUntil: '长期' }))
    expect(fine.status).toBe(201)
    expect(await centre.service.store.countApplications()).toBe(1)
  })

  it('holds a residence permit to the hukou condition: that document records no hukou', async () => {
    const permit = demoCards['hk-mo-tw-residence']
    const res = await submit(
      allowanceFor({ name: permit.name, idNumber: permit.idNumber, validUntil: '2030-01-01' }),
    )
    expect(res.status).toBe(422)
    expect((res.body as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual([
      'applicant.age',
      'applicant.cardType',
    ])
  })
})

describe('an old foreigner card (15-character number) end to end on the centre', () => {
  it('is stored, checked against the foreigner’s form, and found by progress lookup', async () => {
    const c = demoCards['foreign-permanent']
    expect(c.idNumber).toHaveLength(15)
    const app = makeApplication({
      terminalId: terminal.terminalId,
      code: 'SI-CARD-APPLY',
      applicant: { name: c.name, idNumber: c.idNumber, validUntil: c.validUntil },
      formData: {
        applicant: {
          name: c.name,
          gender: 'male',
          birthDate: c.birthDate,
          idNumber: c.idNumber,
          address: '示例县青山镇石桥村5号',
          phone: '13800138000',
        },
      },
      materials: [
        { kind: 'not-captured', materialId: 'id-card', reason: 'data-sharing' },
        { kind: 'deferred', materialId: 'portrait', deadlineDays: 30, dueDate: '2025-07-10' },
      ],
    })
    const res = await submit(app)
    expect(res.status).toBe(201)
    const confirmation = ApplicationConfirmation.parse(res.body)
    // Stored without 民族 (the foreigner's form has none); the address the card lacks is asked,
    // so it stays required.
    const { address: _address, ...noAddress } = app.formData.applicant as Record<string, unknown>
    const withoutAddress = makeApplication({
      ...app,
      id: crypto.randomUUID(),
      formData: { applicant: noAddress },
    })
    expect((await submit(withoutAddress)).body).toEqual({
      error: 'invalid_form_data',
      issues: [{ path: 'formData.applicant.address', message: 'required' }],
    })

    const lookup = await postJson(
      `${centre.url}/api/v1/cases/lookup`,
      { idNumber: c.idNumber },
      { authorization: `Bearer ${terminal.bearer}` },
    )
    expect(lookup.status).toBe(200)
    const cases = (lookup.body as { cases: CaseProgress[] }).cases
    expect(cases.map((x) => x.caseNumber)).toEqual([confirmation.caseNumber])
  })
})
