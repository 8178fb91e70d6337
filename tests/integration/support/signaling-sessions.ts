// What the signaling integration tests set up again and again, once: a server with its staff
// accounts, kiosks and clerk consoles that are closed after each test, and a call taken from
// the queue up to both parties' call:start.
import { afterEach, beforeEach } from 'vitest'
import type {
  CallStartEvent,
  CallView,
  OfferEvent,
  QueueJoinPayload,
  StaffRole,
} from '../../../common/signaling'
import {
  addStaff,
  enrolTerminal,
  joinPayload,
  staffClient,
  startServer,
  terminalClient,
  tokenFor,
  type Client,
  type StaffAccount,
  type TestServer,
} from '../signaling-harness'

/** The password every account made by `staffAccount` has: `pw-<username>`. */
export const passwordOf = (username: string): string => `pw-${username}`

/** A staff account with the password `passwordOf(username)`; clerks serve social security. */
export function staffAccount(
  username: string,
  role: StaffRole = 'clerk',
  categories: string[] = role === 'clerk' ? ['social-security'] : [],
): StaffAccount {
  return { username, password: passwordOf(username), role, categories }
}

/** The real server (see `startServer`) with these staff accounts created. */
export async function serverWithStaff(
  accounts: StaffAccount[],
  opts: Parameters<typeof startServer>[0] = {},
): Promise<TestServer> {
  const srv = await startServer(opts)
  for (const account of accounts) await addStaff(srv.store, account)
  return srv
}

/** A session token for an account made by `staffAccount`. */
export const tokenOf = (srv: TestServer, username: string): Promise<string> =>
  tokenFor(srv.url, username, passwordOf(username))

/** The console of a `staffAccount` on `srv`, connected (its session:state may be on its way). */
export async function openConsole(srv: TestServer, username: string): Promise<Client> {
  return staffClient(srv.url, await tokenOf(srv, username))
}

/** A newly enrolled kiosk on `srv`, connected (its session:state may be on its way). */
export async function openKiosk(srv: TestServer, name: string): Promise<Client> {
  return terminalClient(srv.url, await enrolTerminal(srv.store, name))
}

/**
 * A fresh server with these staff accounts for each test of the calling file (vitest hooks),
 * handed to `onStart`; resolves kiosks and consoles opened on it (see `OpenClients`), which are
 * closed after the test, then the server.
 */
export function serverForEachTest(
  accounts: StaffAccount[],
  opts: Parameters<typeof startServer>[0],
  onStart: (srv: TestServer) => unknown,
): { kiosk(name: string): Promise<Client>; clerk(username: string): Promise<Client> } {
  const clients = new OpenClients()
  let srv: TestServer | undefined
  const current = (): TestServer => {
    if (!srv) throw new Error('no server: open clients inside a test')
    return srv
  }
  beforeEach(async () => {
    srv = await serverWithStaff(accounts, opts)
    onStart(srv)
  })
  afterEach(async () => {
    clients.closeAll()
    await srv?.close()
    srv = undefined
  })
  return {
    kiosk: (name) => clients.kiosk(current(), name),
    clerk: (username) => clients.clerk(current(), username),
  }
}

/** The clients a test opened; `closeAll()` after each test closes them. */
export class OpenClients {
  private readonly open: Client[] = []

  async track<T extends Client>(p: Promise<T>): Promise<T> {
    const c = await p
    this.open.push(c)
    return c
  }

  /** A newly enrolled kiosk on `srv`, once it has its session:state. */
  async kiosk(srv: TestServer, name: string): Promise<Client> {
    const c = await this.track(openKiosk(srv, name))
    await c.next('session:state')
    return c
  }

  /** The console of a `staffAccount` on `srv`, once it has its session:state. */
  async clerk(srv: TestServer, username: string): Promise<Client> {
    const c = await this.track(openConsole(srv, username))
    await c.next('session:state')
    return c
  }

  closeAll(): void {
    for (const c of this.open.splice(0)) c.close()
  }
}

/** The kiosk joins the queue (the sample payload, changed by `over`); the call as it stands. */
export async function joinQueue(
  k: Client,
  over: Partial<QueueJoinPayload> = {},
): Promise<CallView> {
  return (await k.ok<{ call: CallView }>('queue:join', joinPayload(over))).call
}

/** Matches the offer of one call. */
export const offerFor =
  (callId: string) =>
  (e: OfferEvent): boolean =>
    e.entry.callId === callId

/**
 * The clerk goes available, is offered the kiosk's queued call and accepts it; resolves with
 * the call:start each party got (the kiosk's first).
 */
export async function acceptCall(
  k: Client,
  clerk: Client,
  callId: string,
): Promise<{ kioskStart: CallStartEvent; clerkStart: CallStartEvent }> {
  await clerk.ok('presence:set', { presence: 'available' })
  await clerk.next('call:offer', offerFor(callId))
  await clerk.ok('call:accept', { callId })
  const kioskStart = await k.next<CallStartEvent>('call:start')
  const clerkStart = await clerk.next<CallStartEvent>('call:start')
  return { kioskStart, clerkStart }
}
