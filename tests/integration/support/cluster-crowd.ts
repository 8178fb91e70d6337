// A crowd for a real cluster (support/local-cluster.ts): clerks' consoles that take every
// offer and end each call, residents at kiosks who join (again when the centre lost the entry,
// as the protocol says) and some who cancel, all through nginx. `runCrowd` lets them loose while
// the test's `chaos` runs, then checks what the issue asks: nobody offered to two clerks at
// once, no clerk with two calls, every resident served or cancelled exactly once, from the
// records in PostgreSQL.
import pg from 'pg'
import { expect } from 'vitest'
import type {
  Ack,
  CallStartEvent,
  OfferEvent,
  OfferRevokedEvent,
  StaffSessionState,
  TerminalSessionState,
} from '../../../common/signaling'
import { untilAsync } from '../../support/until'
import { enrolTerminal, joinPayload, tokenFor, type Client } from '../signaling-harness'
import type { TestCluster } from './local-cluster'
import { passwordOf } from './signaling-sessions'

export const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** An ack, or the error code a failed or unanswered request gives. */
async function ask(c: Client, event: string, payload: unknown): Promise<Ack<unknown>> {
  try {
    return await c.ack(event, payload)
  } catch {
    return { ok: false, error: { code: 'internal', message: 'no answer' } }
  }
}

/** A clerk's console as the real one behaves, with what it saw recorded. */
function autoClerk(
  c: Client,
  name: string,
  overlaps: Overlap[],
  offers: Offer[],
  states: Record<string, unknown>,
) {
  // What the clerk heard, with each event's call (for a failure to tell what went before).
  const heard = (states[name] ??= []) as string[]
  c.socket.onAny((event: string, p: unknown) => {
    if (!event.startsWith('call:') && event !== 'session:state') return
    const e = p as { callId?: string; call?: { callId?: string; state?: string } | null } | null
    heard.push(
      `${event}:${e?.callId ?? e?.call?.callId ?? '-'}${e?.call?.state ? `/${e.call.state}` : ''}`,
    )
  })
  let current: string | null = null
  let asking = false
  const beAvailable = async () => {
    if (asking) return
    asking = true
    for (let i = 0; i < 30; i++) {
      const a = await ask(c, 'presence:set', { presence: 'available' })
      if (a.ok) break
      await pause(300)
    }
    asking = false
  }
  /** The calls the server says this clerk is in (call:start until call:ended / requeued). */
  const inCall = new Set<string>()
  const gone = (e: { callId: string }) => inCall.delete(e.callId)
  c.socket.on('call:ended', gone)
  c.socket.on('call:requeued', gone)
  // Every call the centre gives this clerk is ended and wrapped up, one after another (a call
  // given while the previous one's wrap-up is still unanswered is not forgotten).
  const toFinish = new Set<string>()
  let ending = false
  const finish = async (callId: string) => {
    toFinish.add(callId)
    if (ending) return
    ending = true
    while (toFinish.size) {
      const id = toFinish.values().next().value!
      await pause(50 + Math.random() * 100) // the conversation
      for (let i = 0; i < 20; i++) {
        await ask(c, 'call:hangup', { callId: id })
        const w = await ask(c, 'call:wrapup', { callId: id, outcome: 'resolved' })
        if (w.ok || w.error.code === 'not_found' || w.error.code === 'not_a_party') break
        await pause(300)
      }
      toFinish.delete(id)
      if (current === id) current = null
    }
    ending = false
  }
  c.socket.on('call:offer', (e: OfferEvent) => {
    // The server's clock (the nodes run on this machine): when the offer was made.
    const offer: Offer = {
      callId: e.entry.callId,
      clerk: name,
      at: e.expiresAt - OFFER_TIMEOUT_MS,
      expiresAt: e.expiresAt,
      until: Infinity,
    }
    offers.push(offer)
    void ask(c, 'call:accept', { callId: e.entry.callId }).then((a) => {
      if (!a.ok) endOffer(offer, Date.now() - DELIVERY_SKEW_MS)
    })
  })
  c.socket.on('call:offer-revoked', (r: OfferRevokedEvent) => {
    for (const o of offers)
      if (o.callId === r.callId && o.clerk === name)
        // A timed-out offer ended at its expiry (server time) at the latest; others when the
        // clerk heard (a new owner takes back the offers it finds in the records).
        endOffer(
          o,
          Math.min(r.reason === 'timeout' ? o.expiresAt : Infinity, Date.now() - DELIVERY_SKEW_MS),
        )
  })
  c.socket.on('call:start', (ev: CallStartEvent) => {
    for (const o of offers)
      if (o.callId === ev.call.callId && o.clerk === name && o.until === Infinity)
        endOffer(o, Date.now() - DELIVERY_SKEW_MS)
    for (const other of inCall)
      if (other !== ev.call.callId)
        overlaps.push({
          clerk: name,
          callId: ev.call.callId,
          other,
          at: Date.now(),
          heard: heard.slice(-8).join(' '),
        })
    inCall.add(ev.call.callId)
    current = ev.call.callId
    void finish(ev.call.callId)
  })
  c.socket.on('session:state', (s: StaffSessionState) => {
    inCall.clear()
    if (s.call && s.call.state !== 'ended') inCall.add(s.call.callId)
    if (s.call) {
      current = s.call.callId
      void finish(s.call.callId)
    } else if (s.presence === 'away') void beAvailable()
  })
  // Set away (an offer timed out on a starved machine, or the console's first state): the
  // clerk says again that they are available, until the centre takes it.
  c.socket.on('presence:changed', (e: { presence: string }) => {
    if (e.presence === 'away') void beAvailable()
  })
}

/**
 * A call that started while the console still held another: two calls at once if the record
 * has the other one ending after (or not at all), else only its end told late (its emit lost
 * while Redis restarted and sent again with the console's state at the next digest).
 */
interface Overlap {
  clerk: string
  callId: string
  other: string
  /** When the console heard the new call start (the nodes share this machine's clock). */
  at: number
  heard: string
}

interface Offer {
  callId: string
  clerk: string
  /** Server time of the offer. */
  at: number
  expiresAt: number
  /** When it ended at the latest. */
  until: number
}

/** The `--offer-timeout` the crowd's cluster runs with. */
export const OFFER_TIMEOUT_MS = 5_000
/**
 * How much later one node may deliver than another on this starved machine: an offer's end
 * heard by the clerk is taken as this much earlier (a double offer from two deciding nodes would
 * last until an offer times out, 5 s, and is still caught).
 */
const DELIVERY_SKEW_MS = 1_000
const endOffer = (o: Offer, at: number) => (o.until = Math.min(o.until, at))

/** A resident at a kiosk: joins (again if the centre lost the entry), some cancel. */
async function resident(
  k: Client,
  i: number,
  done: Set<number>,
  problems: string[],
  opts: { cancelEvery: number },
): Promise<void> {
  let callId: string | null = null
  let cancelled = false
  /** The resident pressed cancel: the kiosk has left the waiting screen and joins no more. */
  let cancelling = false
  let started = false
  const join = async () => {
    const codes: string[] = []
    for (let attempt = 0; attempt < 30; attempt++) {
      // As the kiosk: once its call began it is on the call screen and joins no more.
      if (started) return
      const a = await ask(k, 'queue:join', joinPayload({ residentName: `居民${i}` }))
      if (a.ok) return void (callId = (a.data as { call: { callId: string } }).call.callId)
      codes.push(a.error.code)
      await pause(300)
    }
    problems.push(`resident ${i} could not join: ${codes.join(' ')}`)
  }
  k.socket.on('call:start', (ev: CallStartEvent) => {
    started = true
    // The join's answer may be lost while the call it made goes ahead.
    callId ??= ev.call.callId
  })
  k.socket.on('session:state', (s: TerminalSessionState) => {
    if (!callId || done.has(i)) return
    // Ended while the kiosk was away (as the kiosk's own session reads it).
    if (s.call?.callId === callId && s.call.state === 'ended') done.add(i)
    else if (!s.call && started) done.add(i)
    // The protocol's rule: an entry the centre lost while waiting is joined again.
    else if (!s.call && !cancelling) void join()
  })
  k.socket.on('call:ended', (e: { callId: string }) => {
    if (e.callId === callId) done.add(i)
  })
  await join()
  if (i % opts.cancelEvery === 0 && !done.has(i)) {
    await pause(Math.random() * 1_000)
    cancelling = true
    for (let attempt = 0; attempt < 30 && !cancelled && !done.has(i); attempt++) {
      const a = await ask(k, 'queue:cancel', { callId })
      if (a.ok || a.error.code === 'wrong_state' || a.error.code === 'not_a_party') cancelled = true
      else await pause(300)
    }
    if (cancelled) done.add(i)
  }
}

export interface CrowdOptions {
  residents: number
  /** Clerk accounts `clerk0`… the cluster was started with. */
  clerks: number
  /** Every n-th resident cancels while waiting. */
  cancelEvery: number
  /** What goes wrong meanwhile, while the residents come; `mark()` notes a failure's time. */
  chaos(cluster: TestCluster, mark: () => void): Promise<void>
  /** How long after the chaos every resident must be done. */
  settleMs?: number
}

export async function runCrowd(cluster: TestCluster, opts: CrowdOptions): Promise<void> {
  const RESIDENTS = opts.residents
  const CLERKS = opts.clerks
  const problems: string[] = []
  const overlaps: Overlap[] = []
  const offers: Offer[] = []
  const clerkStates: Record<string, unknown> = {}
  for (let i = 0; i < CLERKS; i++) {
    const token = await tokenFor(cluster.nginx.url, `clerk${i}`, passwordOf(`clerk${i}`))
    const c = await cluster.console(token)
    autoClerk(c, `clerk${i}`, overlaps, offers, clerkStates)
  }
  const creds = []
  for (let i = 0; i < RESIDENTS; i++) creds.push(await enrolTerminal(cluster.store, `机${i}`))
  const kiosks: Client[] = []
  for (const cred of creds) kiosks.push(await cluster.kiosk(cred))
  const perNode = await Promise.all(cluster.nodes.map((n) => cluster.health(n)))
  expect(perNode.every((h) => h.terminalsOnline > RESIDENTS / 6)).toBe(true)

  const done = new Set<number>()
  const kills: number[] = []
  const doneAt = new Map<number, number>()
  const track = setInterval(() => {
    for (const i of done) if (!doneAt.has(i)) doneAt.set(i, Date.now())
  }, 20)
  const progress = setInterval(() => {
    if (!process.env.CLUSTER_DEBUG) return
    void Promise.all(cluster.nodes.map((n) => cluster.health(n).catch(() => null))).then((h) =>
      process.stderr.write(
        `PROGRESS done=${done.size} problems=${problems.length} ${JSON.stringify(h.map((x) => x && [x.counterOwner, x.terminalsOnline, x.staffOnline, x.queued, x.active]))}\n`,
      ),
    )
  }, 5_000)
  const residents = kiosks.map(async (k, i) => {
    await pause((i / RESIDENTS) * 5_000) // ~100 joins/s
    await resident(k, i, done, problems, opts)
  })
  const chaos = opts.chaos(cluster, () => kills.push(Date.now()))
  await Promise.all([...residents, chaos])
  await untilAsync(async () => done.size === RESIDENTS, opts.settleMs ?? 120_000).catch(
    () => undefined,
  )
  clearInterval(progress)
  expect(problems).toEqual([])
  if (done.size !== RESIDENTS) {
    const missing = creds.filter((_, i) => !done.has(i)).map((c) => c.terminalId)
    const db = new pg.Client({ connectionString: cluster.pgUrl })
    await db.connect()
    const open = await db.query(
      `SELECT id, terminal_id, state, end_reason, clerk_id, requeue_count, generation FROM calls WHERE terminal_id = ANY($1)`,
      [missing],
    )
    await db.end()
    expect.fail(`not done: ${JSON.stringify(open.rows)} ${JSON.stringify(clerkStates)}`)
  }

  // No resident was offered to two clerks at the same time.
  const byCall = new Map<string, Offer[]>()
  for (const o of offers) byCall.set(o.callId, [...(byCall.get(o.callId) ?? []), o])
  for (const [callId, list] of byCall) {
    const sorted = list.sort((a, b) => a.at - b.at)
    for (let j = 1; j < sorted.length; j++)
      expect(sorted[j]!.at, `${callId} offered twice at once`).toBeGreaterThanOrEqual(
        sorted[j - 1]!.until,
      )
  }

  // From the records: each terminal has exactly one call that ended served or cancelled.
  const db = new pg.Client({ connectionString: cluster.pgUrl })
  await db.connect()
  const rows = (
    await db.query<{
      id: string
      terminal_id: string
      state: string
      end_reason: string | null
      ended_at: string | null
    }>(`SELECT id, terminal_id, state, end_reason, ended_at FROM calls`)
  ).rows
  await db.end()

  // No clerk had two calls at once: a call a console heard start while it held another came
  // after the record ended that other one.
  const endedAt = new Map(rows.map((r) => [r.id, r.ended_at === null ? null : Number(r.ended_at)]))
  const twoAtOnce = overlaps.flatMap((o) => {
    const end = endedAt.get(o.other)
    return end != null && end <= o.at
      ? []
      : [
          `${o.clerk} got ${o.callId} while in ${o.other} (ended ${end ?? 'never'}, at ${o.at}), after ${o.heard}`,
        ]
  })
  expect(twoAtOnce).toEqual([])
  const ids = new Set(creds.map((c) => c.terminalId))
  const byTerminal = new Map<string, string[]>()
  for (const r of rows) {
    if (!ids.has(r.terminal_id)) continue
    byTerminal.set(r.terminal_id, [
      ...(byTerminal.get(r.terminal_id) ?? []),
      `${r.state}:${r.end_reason}`,
    ])
  }
  clearInterval(track)
  const noRecord = creds.flatMap((c, i) =>
    byTerminal.has(c.terminalId)
      ? []
      : [`#${i} done ${(doneAt.get(i) ?? 0) - kills[0]!} ms after the first kill`],
  )
  expect(noRecord, `kills at ${kills.map((k) => k - kills[0]!).join(',')}`).toEqual([])
  expect(byTerminal.size).toBe(RESIDENTS)
  for (const [terminalId, calls] of byTerminal)
    expect(calls, terminalId).toSatisfy(
      (c: string[]) => c.length === 1 && /^ended:(completed|hangup_clerk|cancelled)$/.test(c[0]!),
    )
}
