import { BridgeError } from '../../../common/bridge/errors'
import { TECHNICIAN_ROLES } from '../../../common/fleet/technician'
import { EnrolResponse, LoginResponse, type StaffRole } from '../../../common/signaling/protocol'
import { CentreApiError, CentreInvalidResponseError, isRetryable } from '../centre-api/errors'
import { centreRequest, readBody } from '../centre-api/request'

/*
 * The two calls technician mode makes to the centre as a person, not as the terminal: redeeming
 * an enrolment code and a technician's login. Each failure becomes the bridge code whose sentence
 * the technician reads (errors.<code>), never the centre's message.
 */

const status = (e: unknown): number | null => (e instanceof CentreApiError ? e.status : null)

/** Redeems a one-time code at `serverUrl` (POST /api/terminals/enrol). */
export async function redeemCode(opts: {
  serverUrl: string
  code: string
  terminalName: string
  fetch?: typeof fetch
}): Promise<EnrolResponse> {
  try {
    const res = await centreRequest(
      {
        serverUrl: opts.serverUrl,
        timeoutMs: 15_000,
        ...(opts.fetch ? { fetch: opts.fetch } : {}),
      },
      '/api/terminals/enrol',
      { method: 'POST', body: { code: opts.code, terminalName: opts.terminalName } },
    )
    return await readBody(
      res,
      (v) => EnrolResponse.safeParse(v),
      () => new CentreInvalidResponseError(res.status, 'enrolment'),
    )
  } catch (e) {
    throw enrolError(e)
  }
}

function enrolError(e: unknown): BridgeError {
  if (e instanceof CentreInvalidResponseError)
    return new BridgeError('OFFLINE', 'the address answers, but not as a centre')
  if (status(e) === 429) return new BridgeError('RATE_LIMITED', 'enrolment throttled')
  if (isRetryable(e)) return new BridgeError('OFFLINE', 'centre unreachable')
  // 400 `invalid_code`: unknown, used or expired (the centre does not say which).
  if (status(e) === 400) return new BridgeError('ENROL_CODE_INVALID', 'enrolment code refused')
  if (status(e) === 404) return new BridgeError('OFFLINE', 'no centre at this address')
  return e instanceof BridgeError ? e : new BridgeError('INTERNAL', 'enrolment failed')
}

export interface TechnicianLogin {
  displayName: string
  role: StaffRole
  /** When the centre's session would end (epoch ms). */
  expiresAt: number
}

/** A staff login (POST /api/auth/login) that only a technician or an admin passes. */
export async function technicianLogin(opts: {
  serverUrl: string
  username: string
  password: string
  fetch?: typeof fetch
}): Promise<TechnicianLogin> {
  let login: LoginResponse
  try {
    const res = await centreRequest(
      { serverUrl: opts.serverUrl, ...(opts.fetch ? { fetch: opts.fetch } : {}) },
      '/api/auth/login',
      { method: 'POST', body: { username: opts.username, password: opts.password } },
    )
    login = await readBody(
      res,
      (v) => LoginResponse.safeParse(v),
      () => new CentreInvalidResponseError(res.status, 'login'),
    )
  } catch (e) {
    const s = status(e)
    if (s === 401 || s === 403) throw new BridgeError('BAD_CREDENTIALS', 'login refused')
    if (s === 423 || s === 429) throw new BridgeError('RATE_LIMITED', 'login locked out')
    if (isRetryable(e) || e instanceof CentreInvalidResponseError)
      throw new BridgeError('OFFLINE', 'centre unreachable')
    throw e instanceof BridgeError ? e : new BridgeError('INTERNAL', 'login failed')
  }
  if (!(TECHNICIAN_ROLES as readonly string[]).includes(login.role))
    throw new BridgeError('NOT_TECHNICIAN', `role ${login.role} cannot open technician mode`)
  return { displayName: login.displayName, role: login.role, expiresAt: login.expiresAt }
}
