import type { Redis } from 'ioredis'
import { FromOwner, ToOwner, type WireRef, type WireUser } from '../../../common/cluster/wire'
import { staffInbound, terminalInbound, type Ack } from '../../../common/signaling'
import type { PinoLogger as Logger } from '../../../node-common/logger'
import type { Counter, SocketRef } from '../realtime/counter'
import { messages } from '../realtime/errors'
import type { CounterLink } from '../realtime/gateway'
import type { StaffMember } from '../realtime/state'
import type { DirectEmits } from './direct-emits'
import type { ClusterKeys } from './redis-keys'
import { createDigest, digestOf, type RosterDigest } from './roster-digest'

/*
 * The counter's link across the cluster, over Redis PUB/SUB: each node's gateway publishes its
 * sockets' arrivals, departures and events to the owner's channel, which only the serving owner
 * subscribes to, and gets each event's answer on its own channel. While no owner serves (a
 * take-over takes a few seconds) PUBLISH reaches nobody: the gateway keeps what it sent, in
 * order, and sends it again once a new owner announces itself (after the node's sockets are
 * announced again); an event that waits longer than `holdMs` is answered `unavailable`.
 */

/** An answer nobody received is tried again this often, this many times (about 4 s). */
const ANSWER_RETRY_MS = 250
const ANSWER_RETRIES = 16
/** How long a deposed node's refusal waits for the new owner's answer to the same event. */
const DEPOSED_WAIT_MS = 1_500

const unavailable = (detail: string): Ack<unknown> => ({
  ok: false,
  error: { code: 'unavailable', message: `${messages.unavailable}: ${detail}` },
})

const wireUser = (u: StaffMember): WireUser => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  categories: u.categories,
  createdAt: u.createdAt,
  disabledAt: u.disabledAt,
})

interface Held {
  msg: ToOwner
  at: number
}

export interface RemoteLink extends CounterLink {
  /** An answer arrived on this node's channel. */
  answer(raw: string): void
  /** A new owner serves: announce this node's sockets again, then send what was held. */
  ownerServes(local: { ref: SocketRef; user?: StaffMember }[]): void
  /** Tells the owner every socket this node holds, for it to reconcile (skipped while held). */
  roster(local: { ref: SocketRef; user?: StaffMember }[]): void
  /** Tells the owner the digest of those sockets (it asks for the roster if they differ). */
  digest(local: { ref: SocketRef }[]): void
  close(): void
}

export function createRemoteLink(deps: {
  pub: Redis
  node: string
  keys: ClusterKeys
  now: () => number
  log: Logger
  /** How long an event waits for its answer once the owner has it. */
  answerTimeoutMs?: number
  /** How long anything waits for an owner to serve. */
  holdMs?: number
  /** Bound on what is held while no owner serves; beyond it events are refused at once. */
  maxHeld?: number
}): RemoteLink {
  const { pub, node, keys, now, log } = deps
  const answerTimeoutMs = deps.answerTimeoutMs ?? 5_000
  const holdMs = deps.holdMs ?? 15_000
  const maxHeld = deps.maxHeld ?? 50_000
  let seq = 0
  let closed = false
  const waiting = new Map<number, { resolve(a: Ack<unknown>): void; timer: NodeJS.Timeout }>()
  let held: Held[] = []

  function settle(q: number, a: Ack<unknown>): void {
    const w = waiting.get(q)
    if (!w) return
    waiting.delete(q)
    clearTimeout(w.timer)
    w.resolve(a)
  }

  function publish(msg: ToOwner): void {
    pub.publish(keys.toOwner, JSON.stringify(msg)).then(
      (receivers) => {
        if (receivers === 0) hold(msg)
      },
      (err: unknown) => {
        log.warn({ err }, 'could not reach the counter’s owner')
        hold(msg)
      },
    )
  }

  function hold(msg: ToOwner): void {
    if (closed) return
    if (held.length >= maxHeld) {
      if (msg.t === 'event') settle(msg.q, unavailable('too much waiting for the counter'))
      return
    }
    held.push({ msg, at: now() })
  }

  function send(msg: ToOwner): void {
    // Behind anything held, so one socket's messages keep their order.
    if (held.length) hold(msg)
    else publish(msg)
  }

  function flush(): void {
    const out = held
    held = []
    const cutoff = now() - holdMs
    for (const h of out) {
      if (h.at < cutoff) {
        if (h.msg.t === 'event') settle(h.msg.q, unavailable('no counter answered in time'))
      } else publish(h.msg)
    }
  }
  // Held messages are tried again now and then too: an announcement may have been missed.
  const retry = setInterval(() => {
    if (held.length) flush()
  }, 500)
  retry.unref()

  return {
    arrived(ref, user) {
      send({ t: 'arrived', n: node, r: ref, ...(user ? { u: wireUser(user) } : {}) })
    },
    left(ref) {
      send({ t: 'left', n: node, r: ref })
    },
    handle(ref, event, payload) {
      if (closed) return unavailable('node closing')
      const q = ++seq
      return new Promise<Ack<unknown>>((resolve) => {
        const timer = setTimeout(
          () => settle(q, unavailable('the counter did not answer')),
          answerTimeoutMs + holdMs,
        )
        timer.unref()
        waiting.set(q, { resolve, timer })
        send({ t: 'event', n: node, q, r: ref, e: event, p: payload })
      })
    },
    answer(raw) {
      let parsed
      try {
        parsed = FromOwner.safeParse(JSON.parse(raw))
      } catch {
        parsed = null
      }
      if (!parsed?.success) return void log.warn('dropped a malformed answer from the owner')
      const { q, a, d } = parsed.data
      if (!d) return settle(q, a)
      // A node that gave the counter up refused it; the new owner's answer, if any, wins.
      if (waiting.has(q)) setTimeout(() => settle(q, a), DEPOSED_WAIT_MS).unref()
    },
    ownerServes(local) {
      // The new owner learns every socket anew; arrivals and departures still held are stale.
      held = held.filter((h) => h.msg.t === 'event')
      const events = held
      held = []
      for (const { ref, user } of local)
        publish({ t: 'arrived', n: node, r: ref, ...(user ? { u: wireUser(user) } : {}) })
      held = events
      flush()
    },
    roster(local) {
      // Behind held messages it would be stale by the time it arrives; ownerServes covers that.
      if (closed || held.length) return
      publish({
        t: 'roster',
        n: node,
        s: local.map(({ ref, user }) => ({ r: ref, ...(user ? { u: wireUser(user) } : {}) })),
      })
    },
    digest(local) {
      if (closed || held.length) return
      publish({ t: 'digest', n: node, ...digestOf(local.map((l) => l.ref)) })
    },
    close() {
      closed = true
      clearInterval(retry)
      for (const q of [...waiting.keys()]) settle(q, unavailable('node closing'))
      held = []
    },
  }
}

/**
 * The owner's side: takes what the gateways send, hands it to the counter, answers each event
 * on its node's channel, and remembers which node holds which socket so that the sockets of a
 * node that died (no departures ever come) can be let go (`forgetNode`).
 */
export function serveCounter(deps: {
  counter: Counter
  pub: Redis
  keys: ClusterKeys
  log: Logger
  direct: DirectEmits
  /** Counts sockets set right by a roster (metrics). */
  onReconciled?: (n: number) => void
}) {
  const { counter, pub, keys, log, direct } = deps
  const byNode = new Map<string, Map<string, WireRef>>()
  /** The digest of each node's sockets in `byNode`, kept as they arrive and leave. */
  const digests = new Map<string, ReturnType<typeof createDigest>>()
  const digestFor = (n: string) => {
    let d = digests.get(n)
    if (!d) digests.set(n, (d = createDigest()))
    return d
  }
  const schemas = { terminal: terminalInbound, staff: staffInbound } as const

  function arrive(n: string, r: WireRef, u: WireUser | undefined): void {
    let refs = byNode.get(n)
    if (!refs) byNode.set(n, (refs = new Map()))
    if (!refs.has(r.id)) digestFor(n).add(r.ns, r.id)
    refs.set(r.id, r)
    direct.track(n, r)
    deps.counter.arrived(r as SocketRef, u)
  }
  /** A socket whose emits were lost gets its state again; says whether it did. */
  function resendIfLost(r: WireRef): boolean {
    if (!direct.takeLost(r.id)) return false
    counter.resync(r as SocketRef)
    return true
  }
  function leave(n: string, r: WireRef): void {
    if (byNode.get(n)?.delete(r.id)) digestFor(n).remove(r.ns, r.id)
    deps.counter.left(r as SocketRef)
    direct.untrack(r)
  }

  /**
   * A node's roster against what the owner learnt from it: sockets it never heard of arrive,
   * sockets it holds for that node that are gone leave, and sockets whose emits could not be
   * sent are given their state again. The node's messages come in order on one channel, so the
   * roster is exact as of its place among them.
   */
  function reconcile(n: string, roster: { r: WireRef; u?: WireUser | undefined }[]): void {
    const known = byNode.get(n) ?? new Map<string, WireRef>()
    const present = new Set<string>()
    let arrived = 0
    let gone = 0
    let resent = 0
    for (const { r, u } of roster) {
      present.add(r.id)
      if (!known.has(r.id)) {
        arrive(n, r, u)
        arrived++
      } else if (resendIfLost(r)) resent++
    }
    for (const [id, r] of [...known])
      if (!present.has(id)) {
        leave(n, r)
        gone++
      }
    if (arrived || gone || resent) {
      deps.onReconciled?.(arrived + gone + resent)
      log.warn({ node: n, arrived, gone, resent }, 'reconciled a node’s sockets with its roster')
    }
  }

  /**
   * A node's digest against the owner's for it: equal, its sockets whose emits were lost get
   * their state again; different, the node is asked for its whole roster (reconcile above).
   */
  function checkDigest(n: string, theirs: RosterDigest): void {
    const mine = (digests.get(n) ?? createDigest()).value()
    if (mine.c === theirs.c && mine.h === theirs.h) {
      let resent = 0
      for (const r of byNode.get(n)?.values() ?? []) if (resendIfLost(r)) resent++
      if (resent) deps.onReconciled?.(resent)
      return
    }
    pub
      .publish(keys.control, JSON.stringify({ t: 'roster', n }))
      .catch((err: unknown) => log.warn({ err, node: n }, 'could not ask a node for its roster'))
  }

  /**
   * Answers event `q` of node `n` with `a`; without one (what a counter given up had not
   * handled), or if the owner is deposed meanwhile (the step's writes refused), with a refusal
   * marked as the deposed node's, and the sender asks the new owner again.
   */
  function reply(n: string, q: number, a?: Ack<unknown>): void {
    // The step's emits first, so an answer never overtakes what its step sent.
    direct.flush()
    const refused = () =>
      sendAnswer(n, JSON.stringify({ q, a: unavailable('the counter changed hands'), d: true }), 0)
    direct.after(a ? () => sendAnswer(n, JSON.stringify({ q, a }), 0) : refused, refused)
  }

  /**
   * An answer that reached nobody (the node's subscriber not yet back after a Redis restart:
   * PUBLISH keeps nothing) or could not be published (Redis away) is tried again for a few
   * seconds, off the emits' chain. Lost, the kiosk would time out and send its join again
   * after the call it had made was over: a resident served twice.
   */
  async function sendAnswer(n: string, raw: string, tries: number): Promise<void> {
    const receivers = await pub.publish(keys.toNode(n), raw).catch((err: unknown) => {
      if (tries === ANSWER_RETRIES) log.warn({ err }, 'answer not sent')
      return 0
    })
    if (receivers === 0 && tries < ANSWER_RETRIES)
      setTimeout(() => void sendAnswer(n, raw, tries + 1), ANSWER_RETRY_MS).unref()
  }

  return {
    receive(raw: string): void {
      let parsed
      try {
        parsed = ToOwner.safeParse(JSON.parse(raw))
      } catch {
        parsed = null
      }
      if (!parsed?.success) return void log.warn('dropped a malformed message from a gateway')
      const m = parsed.data
      if (m.t === 'arrived') arrive(m.n, m.r, m.u)
      else if (m.t === 'left') leave(m.n, m.r)
      else if (m.t === 'roster') reconcile(m.n, m.s)
      else if (m.t === 'digest') checkDigest(m.n, m)
      else {
        const ref = m.r as SocketRef
        // Checked again here: the owner trusts no node's word for a payload's shape.
        const table: Record<string, { safeParse(v: unknown): { success: boolean } }> =
          schemas[ref.ns]
        const schema = Object.hasOwn(table, m.e) ? table[m.e] : undefined
        if (!schema?.safeParse(m.p).success)
          return reply(m.n, m.q, {
            ok: false,
            error: { code: 'invalid_payload', message: messages.invalid_payload },
          })
        reply(m.n, m.q, counter.handle(ref, m.e, m.p))
      }
    },
    /** A message that came while this owner was paused and is now given up: events say so. */
    refuse(raw: string): void {
      const parsed = (() => {
        try {
          return ToOwner.safeParse(JSON.parse(raw))
        } catch {
          return null
        }
      })()
      const m = parsed?.success ? parsed.data : null
      if (m?.t === 'event') reply(m.n, m.q)
    },
    nodes(): string[] {
      return [...byNode.keys()]
    },
    /** A node's heartbeat is gone: its sockets are, too. */
    forgetNode(n: string): number {
      const refs = byNode.get(n)
      byNode.delete(n)
      digests.delete(n)
      for (const ref of refs?.values() ?? []) {
        counter.left(ref as SocketRef)
        direct.untrack(ref)
      }
      return refs?.size ?? 0
    },
  }
}
