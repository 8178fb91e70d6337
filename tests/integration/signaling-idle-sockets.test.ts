// A county centre holds thousands of idle kiosk sockets; each costs heap for as long as it is
// connected (the signaling bench measures it). Every socket of a namespace shares the centre's
// one event listener and one disconnect listener, and each still acts as its own kiosk or console;
// the HTTP request that opened a connection is let go once it is open.
import type { IncomingMessage } from 'node:http'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import {
  STAFF_NAMESPACE,
  TERMINAL_NAMESPACE,
  type QueueEntryEvent,
  type QueueOverview,
  type QueueSnapshot,
  type StaffSessionState,
  type TerminalSessionState,
} from '../../common/signaling'
import type { TestServer } from './signaling-harness'
import { joinQueue, serverForEachTest, staffAccount } from './support/signaling-sessions'

let srv: TestServer
const open = serverForEachTest(
  [staffAccount('alice'), staffAccount('bob'), staffAccount('sue', 'supervisor')],
  {},
  (s) => (srv = s),
)

/** The server side's sockets of a namespace, with the listeners socket.io holds for them. */
function serverSockets(ns: string) {
  return [...srv.app.io.of(ns).sockets.values()].map((s) => ({
    onAny: s.listenersAny(),
    onDisconnect: s.listeners('disconnect'),
  }))
}

const online = (o: QueueOverview): number =>
  o.categories.find((c) => c.category === 'social-security')?.clerksOnline ?? 0

describe('idle sockets', () => {
  it('share one listener per namespace and still act for their own kiosk or console', async () => {
    const k1 = await open.kiosk('一号机')
    const k2 = await open.kiosk('二号机')
    const alice = await open.clerk('alice')
    const bob = await open.clerk('bob')
    const sue = await open.clerk('sue')

    for (const ns of [TERMINAL_NAMESPACE, STAFF_NAMESPACE]) {
      const socks = serverSockets(ns)
      expect(socks.length).toBeGreaterThanOrEqual(2)
      for (const s of socks) {
        expect(s.onAny).toHaveLength(1)
        expect(s.onDisconnect).toHaveLength(1)
        expect(s.onAny[0]).toBe(socks[0]!.onAny[0])
        expect(s.onDisconnect[0]).toBe(socks[0]!.onDisconnect[0])
      }
    }

    // Each request is answered for the socket that sent it.
    const me1 = await k1.ok<TerminalSessionState>('session:resume', {})
    const me2 = await k2.ok<TerminalSessionState>('session:resume', {})
    expect(me1.terminalId).not.toBe(me2.terminalId)
    expect((await alice.ok<StaffSessionState>('session:resume', {})).displayName).toBe('alice-name')
    expect((await bob.ok<StaffSessionState>('session:resume', {})).displayName).toBe('bob-name')

    // A kiosk that goes away is shown offline to the clerks; the other stays online.
    const c1 = await joinQueue(k1)
    const c2 = await joinQueue(k2)
    await alice.next<QueueEntryEvent>(
      'queue:entry',
      (e) => e.op === 'upsert' && e.entry.callId === c2.callId,
    )
    k1.close()
    await alice.next<QueueEntryEvent>(
      'queue:entry',
      (e) => e.op === 'upsert' && e.entry.callId === c1.callId && !e.entry.terminalOnline,
    )
    const list = await alice.ok<QueueSnapshot>('queue:list', {})
    const entries = list.categories.flatMap((c) => c.entries)
    expect(entries.find((e) => e.callId === c1.callId)?.terminalOnline).toBe(false)
    expect(entries.find((e) => e.callId === c2.callId)?.terminalOnline).toBe(true)

    // A console that goes away leaves one clerk online in the supervisor's overview.
    await sue.next<QueueOverview>('queue:overview', (o) => online(o) === 2)
    bob.close()
    await sue.next<QueueOverview>('queue:overview', (o) => online(o) === 1)
    expect((await alice.ok<StaffSessionState>('session:resume', {})).displayName).toBe('alice-name')
  })

  it('let go of the HTTP request that opened the connection, and keep working', async () => {
    const requests: WeakRef<IncomingMessage>[] = []
    srv.app.io.engine.use((req: IncomingMessage, _res: unknown, next: () => void) => {
      requests.push(new WeakRef(req))
      next()
    })
    const kiosk = await open.kiosk('一号机')
    const clerk = await open.clerk('alice')
    expect(requests).toHaveLength(2)

    setFlagsFromString('--expose-gc')
    ;(runInNewContext('gc') as () => void)()
    expect(requests.map((r) => r.deref())).toEqual([undefined, undefined])

    const { callId } = await joinQueue(kiosk)
    await clerk.next<QueueEntryEvent>(
      'queue:entry',
      (e) => e.op === 'upsert' && e.entry.callId === callId,
    )
  })
})
