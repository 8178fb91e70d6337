// The terminal's short-lived signaling token: the kiosk's main process trades the terminal
// credential for it over HTTP, and the renderer opens the /terminal socket with the token only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { STAFF_NAMESPACE, TERMINAL_NAMESPACE } from '../../common/signaling'
import { SIGNALING_TOKEN_TTL_MS } from '../../signaling-server/src/terminal-token'
import {
  addStaff,
  enrolTerminal,
  refusal,
  startServer,
  tokenFor,
  type TestServer,
} from './signaling-harness'

let srv: TestServer
let clock = Date.now()
let terminal: { terminalId: string; credential: string }
let other: { terminalId: string; credential: string }

beforeAll(async () => {
  srv = await startServer({ now: () => clock })
  terminal = await enrolTerminal(srv.store, '一号机')
  other = await enrolTerminal(srv.store, '二号机')
  await addStaff(srv.store, { username: 'c1', password: 'pw-c1', role: 'clerk', categories: [] })
})
afterAll(() => srv.close())

function issue(bearer: string): Promise<Response> {
  return fetch(`${srv.url}/api/terminals/signaling-token`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bearer}` },
  })
}

async function tokenOf(t: { terminalId: string; credential: string }) {
  const res = await issue(`${t.terminalId}:${t.credential}`)
  expect(res.status).toBe(201)
  return (await res.json()) as { terminalId: string; token: string; expiresAt: number }
}

const byToken = (terminalId: string, token: string) => ({
  kind: 'terminal-token',
  terminalId,
  token,
})

describe('POST /api/terminals/signaling-token', () => {
  it('issues a token of minutes, not the credential, to an enrolled terminal', async () => {
    const body = await tokenOf(terminal)
    expect(body.terminalId).toBe(terminal.terminalId)
    expect(body.token).not.toContain(terminal.credential)
    expect(body.expiresAt - clock).toBe(SIGNALING_TOKEN_TTL_MS)
    expect(SIGNALING_TOKEN_TTL_MS).toBeLessThanOrEqual(10 * 60_000)
  })

  it('refuses without a valid terminal credential', async () => {
    for (const bearer of [
      '',
      terminal.credential,
      `${terminal.terminalId}:${other.credential}`,
      `t_unknown:${terminal.credential}`,
    ]) {
      const res = await issue(bearer)
      expect(res.status, bearer).toBe(401)
      expect(await res.json()).toEqual({ error: 'unauthorized' })
    }
    // A staff session token is not a terminal credential either.
    const staff = await tokenFor(srv.url, 'c1', 'pw-c1')
    expect((await issue(staff)).status).toBe(401)
  })
})

describe('the /terminal handshake with a token', () => {
  it('accepts the token for its own terminal', async () => {
    const { token } = await tokenOf(terminal)
    expect(await refusal(srv.url, TERMINAL_NAMESPACE, byToken(terminal.terminalId, token))).toBe(
      'connected',
    )
  })

  it('refuses it for another terminal, altered, or on /staff', async () => {
    const { token } = await tokenOf(terminal)
    expect(await refusal(srv.url, TERMINAL_NAMESPACE, byToken(other.terminalId, token))).toBe(
      'unauthorized',
    )
    const forged = token.replace(terminal.terminalId, other.terminalId)
    expect(await refusal(srv.url, TERMINAL_NAMESPACE, byToken(other.terminalId, forged))).toBe(
      'unauthorized',
    )
    const [v, id, exp, sig] = token.split('.')
    const extended = [v, id, Number(exp) + 3600_000, sig].join('.')
    expect(await refusal(srv.url, TERMINAL_NAMESPACE, byToken(terminal.terminalId, extended))).toBe(
      'unauthorized',
    )
    expect(await refusal(srv.url, STAFF_NAMESPACE, byToken(terminal.terminalId, token))).toBe(
      'wrong_role',
    )
  })

  it('refuses it once it has expired', async () => {
    const { token, expiresAt } = await tokenOf(terminal)
    clock = expiresAt - 1
    expect(await refusal(srv.url, TERMINAL_NAMESPACE, byToken(terminal.terminalId, token))).toBe(
      'connected',
    )
    clock = expiresAt
    expect(await refusal(srv.url, TERMINAL_NAMESPACE, byToken(terminal.terminalId, token))).toBe(
      'unauthorized',
    )
  })
})
