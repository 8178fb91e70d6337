// The renderer's signaling client against a real socket.io server: every server message is
// validated before use, acks too, nothing is queued offline, and state is re-sent on reconnect.
import { createServer, type Server as HttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Server, type Socket } from 'socket.io'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  connectTerminal,
  connectTerminalWithToken,
  SignalingError,
  type TerminalClient,
} from '../../../../../renderer/src/video/shared/signaling-client'
import { until as pollUntil } from '../../../../support/until'

let http: HttpServer
let io: Server
let url: string
let sockets: Socket[]
let handshakes: unknown[]
let received: { event: string; payload: unknown }[]
let client: TerminalClient | null

const callId = 'c_abcdefgh12'
const position = { callId, position: 2, estimatedWaitSeconds: 120, clerksOnline: 1 }
const sessionState = { terminalId: 't1', hall: 'h', call: null, position: null }

beforeEach(async () => {
  sockets = []
  handshakes = []
  received = []
  client = null
  http = createServer()
  io = new Server(http)
  io.of('/terminal').on('connection', (s) => {
    sockets.push(s)
    handshakes.push(s.handshake.auth)
    s.onAny((event: string, payload: unknown, ack?: (a: unknown) => void) => {
      received.push({ event, payload })
      if (event === 'queue:cancel')
        ack?.({ ok: false, error: { code: 'wrong_state', message: 'no' } })
      else if (event === 'call:hangup') ack?.({ ok: true, data: { call: 'not a call view' } })
      else if (event === 'session:resume') ack?.({ ok: true, data: sessionState })
      else ack?.({ ok: true, data: {} })
    })
  })
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`
})
afterEach(async () => {
  client?.close()
  await io.close()
})

function connect(): TerminalClient {
  client = connectTerminal(
    url,
    { terminalId: 't1', credential: 'x'.repeat(32) },
    {
      socketOptions: {
        transports: ['websocket'],
        reconnectionDelay: 50,
        reconnectionDelayMax: 100,
      },
      serverCloseDelayMs: () => 50,
    },
  )
  return client
}
const until = (cond: () => boolean, ms = 3_000) => pollUntil(cond, ms)

describe('signaling client', () => {
  it('authenticates as the terminal and goes online', async () => {
    const c = connect()
    await until(() => c.link === 'online')
    expect(handshakes[0]).toEqual({
      kind: 'terminal',
      terminalId: 't1',
      credential: 'x'.repeat(32),
    })
  })

  it('delivers valid server events and drops malformed ones', async () => {
    const c = connect()
    const got: unknown[] = []
    c.on('queue:position', (p) => got.push(p))
    await until(() => sockets.length === 1)
    sockets[0]!.emit('queue:position', { callId, position: 0 }) // position must be ≥ 1
    sockets[0]!.emit('queue:position', { ...position, estimatedWaitSeconds: 'soon' })
    sockets[0]!.emit('queue:position', position)
    await until(() => got.length === 1)
    expect(got).toEqual([position])
    expect(c.dropped).toBe(2)
  })

  it('turns error acks and malformed acks into errors', async () => {
    const c = connect()
    await until(() => c.link === 'online')
    await expect(c.request('queue:cancel', { callId })).rejects.toMatchObject({
      code: 'wrong_state',
    })
    await expect(c.request('call:hangup', { callId })).rejects.toMatchObject({
      code: 'invalid_ack',
    })
    await expect(
      c.request('queue:join', {
        category: 'social-security',
        item: { id: 'a', title: 'b' },
        step: { id: 'c', label: 'd' },
      }),
    ).rejects.toMatchObject({ code: 'invalid_ack' }) // an empty ack is not a JoinAck
  })

  it('refuses to queue requests while offline instead of replaying them later', async () => {
    const c = connect()
    await until(() => c.link === 'online')
    io.of('/terminal').disconnectSockets(true)
    await until(() => c.link === 'offline')
    const err = await c
      .request('call:signal', { callId, generation: 1, data: { type: 'offer', sdp: 'x' } })
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(SignalingError)
    expect((err as SignalingError).code).toBe('offline')
  })

  it('sends a cancel made offline once the link is back, and only until the centre answers it', async () => {
    const c = connect()
    await until(() => c.link === 'online')
    // On which connection each cancel arrived.
    const cancels: number[] = []
    io.of('/terminal').on('connection', (s) =>
      s.on('queue:cancel', () => cancels.push(sockets.length)),
    )
    io.of('/terminal').disconnectSockets(true)
    await until(() => c.link === 'offline')
    c.sendWhenOnline('queue:cancel', { callId })
    await until(() => cancels.length === 1)
    expect(cancels).toEqual([2])
    // Answered (here with an error, which settles it as well): not sent again on a reconnect.
    io.of('/terminal').disconnectSockets(true)
    await until(() => sockets.length === 3 && c.link === 'online')
    // One round trip on the new socket: a cancel re-sent at connect would have come before it.
    await c.request('session:resume', {})
    expect(cancels).toEqual([2])
  })

  it('reconnects after the server closes the link and re-sends its call with session:resume', async () => {
    const c = connect()
    const states: unknown[] = []
    c.on('session:state', (s) => states.push(s))
    await until(() => c.link === 'online')
    c.setResumeCall(callId)
    io.of('/terminal').disconnectSockets(true)
    await until(() => sockets.length === 2 && c.link === 'online')
    await until(() => received.some((r) => r.event === 'session:resume'))
    expect(received.find((r) => r.event === 'session:resume')?.payload).toEqual({ callId })
    await until(() => states.length === 1)
    expect(states[0]).toEqual(sessionState)
  })

  it('tries again when the centre is too busy to check it, but stays refused when it is refused', async () => {
    let busy = 2
    let refuse = false
    io.of('/terminal').use((_s, next) => {
      const code = busy-- > 0 ? 'server_busy' : refuse ? 'unauthorized' : null
      if (!code) return next()
      next(Object.assign(new Error(code), { data: { code } }))
    })
    const c = connect()
    const links: string[] = []
    c.onLink((l) => links.push(l))
    await until(() => c.link === 'online')
    expect(links).not.toContain('refused')
    expect(sockets).toHaveLength(1)

    refuse = true
    io.of('/terminal').disconnectSockets(true)
    await until(() => c.link === 'refused')
    expect(sockets).toHaveLength(1)
  })

  it('with a token provider, asks for a fresh token on every (re)connect', async () => {
    let n = 0
    client = connectTerminalWithToken(
      url,
      async () => ({ terminalId: 't1', token: `token-${++n}`.padEnd(20, '-') }),
      {
        socketOptions: {
          transports: ['websocket'],
          reconnectionDelay: 50,
          reconnectionDelayMax: 100,
        },
        serverCloseDelayMs: () => 50,
      },
    )
    await until(() => client!.link === 'online')
    io.of('/terminal').disconnectSockets(true)
    await until(() => sockets.length === 2 && client!.link === 'online')
    expect(handshakes).toEqual([
      { kind: 'terminal-token', terminalId: 't1', token: 'token-1'.padEnd(20, '-') },
      { kind: 'terminal-token', terminalId: 't1', token: 'token-2'.padEnd(20, '-') },
    ])
  })
})
