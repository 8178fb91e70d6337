// TURN REST credentials minted per call, checked against the format and against a real coturn
// (Debian package) on loopback with use-auth-secret: minted ones allocate, expired ones don't.
import { execFile } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CallStartEvent } from '../../common/signaling'
import { mintTurnCredential } from '../../signaling-server/src/turn'
import { haveCoturn, startCoturn, type Coturn } from '../support/coturn'
import { enrolTerminal, terminalClient, type TestServer } from './signaling-harness'
import {
  acceptCall,
  joinQueue,
  openConsole,
  serverWithStaff,
  staffAccount,
} from './support/signaling-sessions'

const SECRET = 'test-static-auth-secret'
const TURN_PORT = 34_000 + Math.floor(Math.random() * 900)

let srv: TestServer
let terminalId: string
let kioskStart: CallStartEvent
let clerkStart: CallStartEvent

beforeAll(async () => {
  srv = await serverWithStaff([staffAccount('alice')], {
    realtime: {
      ice: {
        stunUrls: [`stun:127.0.0.1:${TURN_PORT}`],
        turnUrls: [
          `turn:127.0.0.1:${TURN_PORT}?transport=udp`,
          `turn:127.0.0.1:${TURN_PORT}?transport=tcp`,
        ],
        turnSecret: SECRET,
        turnTtlSeconds: 3600,
      },
    },
  })
  const cred = await enrolTerminal(srv.store, '一号机')
  terminalId = cred.terminalId
  const k = await terminalClient(srv.url, cred)
  const alice = await openConsole(srv, 'alice')
  const { callId } = await joinQueue(k)
  ;({ kioskStart, clerkStart } = await acceptCall(k, alice, callId))
  k.close()
  alice.close()
})
afterAll(() => srv.close())

describe('TURN REST credentials', () => {
  it('are minted per call as expiry:terminalId with base64(HMAC-SHA1(secret, username))', () => {
    const turn = kioskStart.iceServers.find((s) => s.urls.some((u) => u.startsWith('turn:')))!
    expect(kioskStart.iceServers[0]).toEqual({ urls: [`stun:127.0.0.1:${TURN_PORT}`] })
    const [expiry, user] = turn.username!.split(':')
    expect(user).toBe(terminalId)
    const ttl = Number(expiry) - Date.now() / 1000
    expect(ttl).toBeGreaterThan(3590)
    expect(ttl).toBeLessThanOrEqual(3600)
    expect(turn.credential).toBe(createHmac('sha1', SECRET).update(turn.username!).digest('base64'))
    // the clerk gets its own username, never the terminal's
    const clerkTurn = clerkStart.iceServers.find((s) => s.username)!
    expect(clerkTurn.username).toMatch(/^\d+:staff-u_/)
  })
})

function uclient(username: string, password: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      '/usr/bin/turnutils_uclient',
      [
        '-p',
        String(TURN_PORT),
        '-u',
        username,
        '-w',
        password,
        '-n',
        '1',
        '-m',
        '1',
        '-y',
        '-e',
        '127.0.0.1',
        '127.0.0.1',
      ],
      { timeout: 15_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
    )
  })
}

describe.skipIf(!haveCoturn)('with a real coturn (use-auth-secret) on loopback', () => {
  let coturn: Coturn

  beforeAll(async () => {
    coturn = await startCoturn(SECRET, TURN_PORT)
  })
  afterAll(() => coturn.stop())

  it('allocates a relay with the minted credential', async () => {
    const turn = kioskStart.iceServers.find((s) => s.username)!
    const r = await uclient(turn.username!, turn.credential!)
    expect(r.out).not.toContain('Cannot complete Allocation')
    expect(r.code).toBe(0)
  }, 20_000)

  it('refuses an expired credential and a credential from another secret', async () => {
    const expired = mintTurnCredential(SECRET, terminalId, -60, Date.now())
    const r1 = await uclient(expired.username, expired.credential)
    expect(r1.code).not.toBe(0)
    expect(r1.out).toContain('Cannot complete Allocation')
    const forged = mintTurnCredential('not-the-secret', terminalId, 3600, Date.now())
    const r2 = await uclient(forged.username, forged.credential)
    expect(r2.code).not.toBe(0)
  }, 30_000)
})
