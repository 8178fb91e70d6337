// The technician role: enrols terminals, and reaches no call, case, application or staff
// account (the centre refuses every such route and the video counter's socket).
import { io } from 'socket.io-client'
import { describe, expect, it } from 'vitest'
import { ApplicationConfirmation } from '../../common/applications/schema'
import { STAFF_NAMESPACE } from '../../common/signaling'
import { makeApplication } from '../support/applications'
import {
  centreForEachTest,
  clerkToken,
  submitApplication,
  type Centre,
  type EnrolledTerminal,
} from './applications-harness'

let centre: Centre
let terminal: EnrolledTerminal
centreForEachTest((s) => ({ centre, terminal } = s))

const call = (method: string, path: string, token: string, body?: unknown) =>
  fetch(`${centre.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })

describe('technician', () => {
  it('makes an enrolment code that a new terminal redeems', async () => {
    const tech = await clerkToken(centre.url, centre.store, { role: 'technician', categories: [] })
    const res = await call('POST', '/api/admin/enrol-codes', tech, {
      hall: '石桥村便民服务站',
      ttlHours: 24,
    })
    expect(res.status).toBe(201)
    const { code } = (await res.json()) as { code: string }
    const enrol = await fetch(`${centre.url}/api/terminals/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, terminalName: '石桥村二号机' }),
    })
    expect(enrol.status).toBe(201)
  })

  it('is refused every case, application and staff route, and the video counter', async () => {
    const app = makeApplication({ terminalId: terminal.terminalId })
    const res = await submitApplication(centre, terminal, app)
    expect(res.status).toBe(201)
    const { caseNumber } = ApplicationConfirmation.parse(res.body)
    const submitted = { caseNumber, applicationId: app.id }
    const tech = await clerkToken(centre.url, centre.store, { role: 'technician', categories: [] })
    const refused: [string, string, unknown?][] = [
      ['GET', '/api/v1/cases'],
      ['GET', '/api/v1/cases/counts'],
      ['GET', `/api/v1/cases/${submitted.caseNumber}`],
      ['POST', `/api/v1/cases/${submitted.caseNumber}/claim`],
      ['POST', `/api/v1/cases/${submitted.caseNumber}/actions/accept`, {}],
      ['POST', `/api/v1/cases/${submitted.caseNumber}/status`, { status: 'accepted' }],
      ['GET', `/api/v1/applications/${submitted.applicationId}`],
      ['GET', '/api/admin/staff'],
    ]
    for (const [method, path, body] of refused) {
      const res = await call(method, path, tech, body)
      expect({ path, status: res.status }).toEqual({ path, status: 403 })
    }
    // The same application is there for a clerk of its category (the refusal is the role's).
    const clerk = await clerkToken(centre.url, centre.store)
    expect(
      (await call('GET', `/api/v1/applications/${submitted.applicationId}`, clerk)).status,
    ).toBe(200)

    const refusal = await new Promise<string>((resolve) => {
      const s = io(`${centre.url}${STAFF_NAMESPACE}`, {
        auth: { kind: 'staff', token: tech },
        transports: ['websocket'],
        reconnection: false,
      })
      s.on('connect', () => {
        s.close()
        resolve('connected')
      })
      s.on('connect_error', (err) => {
        s.close()
        resolve(err.message)
      })
    })
    expect(refusal).toBe('wrong_role')
  })
})
