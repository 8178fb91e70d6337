import type { Redis } from 'ioredis'
import { Emits, type WireRef } from '../../../common/cluster/wire'
import type { PinoLogger as Logger } from '../../../node-common/logger'
import type { CounterEdge } from '../realtime/counter'
import type { ClusterKeys } from './redis-keys'

/**
 * The owner's emits to single sockets (a kiosk, a console, a staff member's room) go straight
 * to the node holding the socket, batched per step; emits to many (a category's clerks, the
 * supervisors) and to sockets whose node is unknown go through the adapter as before.
 */
export interface DirectEmits {
  edge: CounterEdge
  track(node: string, ref: WireRef): void
  untrack(ref: WireRef): void
  /** Sends what the current step emitted; also at the end of the step's microtask. */
  flush(): void
  /** Whether emits to the socket were lost since last asked (then it is asked no more). */
  takeLost(socketId: string): boolean
  /**
   * Runs `send` after everything flushed so far has been sent (in order), or `deposed` instead
   * if the store refused the writes before it (another node serves the counter now).
   */
  after(send: () => Promise<unknown>, deposed?: () => Promise<unknown>): void
}

export function createDirectEmits(deps: {
  pub: Redis
  keys: ClusterKeys
  log: Logger
  fallback: CounterEdge
  onLost?: () => void
  /**
   * Settles once the store holds every write queued so far. A step's emits wait for it: a
   * client is never told what the record does not hold (a call's end told to the kiosk and
   * then lost with an owner killed inside its group commit); if the owner dies first, the
   * next one rebuilds the step's state from before it and the client is told that instead.
   * False when the store refused them (fenced): the step's emits are dropped, for the owner
   * that fenced them tells every client its state from the record.
   */
  durable?: () => Promise<boolean>
}): DirectEmits {
  const { pub, keys, log, fallback } = deps
  const nodeOfSocket = new Map<string, string>()
  /** userId → the socket of their console the counter last saw arrive. */
  const socketOfUser = new Map<string, string>()
  let batch = new Map<string, Emits['items']>()
  let scheduled = false
  /** Sockets some emits to which never left (Redis away): resent their state at the roster. */
  const lost = new Set<string>()

  /** Sends in the order flushed, each after the writes queued before it are stored. */
  let sending: Promise<unknown> = Promise.resolve()
  function after(send: () => Promise<unknown>, deposed?: () => Promise<unknown>): void {
    const stored = deps.durable?.() ?? Promise.resolve(true)
    sending = Promise.all([sending, stored]).then(([, ok]) => (ok ? send() : deposed?.()), send)
  }

  function flush(): void {
    scheduled = false
    const out = batch
    batch = new Map()
    if (!out.size) return
    after(() =>
      Promise.all(
        [...out].map(([node, items]) =>
          pub.publish(keys.emits(node), JSON.stringify({ items })).then(
            // Nobody listening: the node is dead, or its subscriber has not come back after a
            // Redis restart yet (PUBLISH keeps nothing). Its sockets get their state again at
            // the node's next digest (bus.ts) if they are still there.
            (receivers) => {
              if (receivers === 0) for (const i of items) lost.add(i.id)
            },
            (err: unknown) => {
              for (const i of items) lost.add(i.id)
              deps.onLost?.()
              log.warn({ err, node, emits: items.length }, 'emits to a node not sent')
            },
          ),
        ),
      ),
    )
  }

  function socketFor(ns: 'terminal' | 'staff', room: string): string | undefined {
    if (ns === 'staff' && room.startsWith(STAFF_ROOM_PREFIX))
      return socketOfUser.get(room.slice(STAFF_ROOM_PREFIX.length))
    return nodeOfSocket.has(room) ? room : undefined
  }

  return {
    edge: {
      to(ns, rooms) {
        const id = typeof rooms === 'string' ? socketFor(ns, rooms) : undefined
        const node = id ? nodeOfSocket.get(id) : undefined
        if (!id || !node) return fallback.to(ns, rooms)
        return {
          emit(e: string, p: unknown) {
            let items = batch.get(node)
            if (!items) batch.set(node, (items = []))
            items.push({ ns, id, e, p })
            if (!scheduled) {
              scheduled = true
              queueMicrotask(flush)
            }
          },
        }
      },
      disconnect: (ns, socketId) => fallback.disconnect(ns, socketId),
    },
    track(node, ref) {
      nodeOfSocket.set(ref.id, node)
      if (ref.ns === 'staff') socketOfUser.set(ref.data.userId, ref.id)
    },
    takeLost: (socketId) => lost.delete(socketId),
    after,
    untrack(ref) {
      lost.delete(ref.id)
      nodeOfSocket.delete(ref.id)
      if (ref.ns === 'staff' && socketOfUser.get(ref.data.userId) === ref.id)
        socketOfUser.delete(ref.data.userId)
    },
    flush,
  }
}

const STAFF_ROOM_PREFIX = 'staff:'

/** A node's side: delivers the owner's batched emits to the sockets it holds. */
export function deliverEmits(
  raw: string,
  sockets: (
    ns: 'terminal' | 'staff',
    id: string,
  ) => { emit(e: string, p: unknown): unknown } | undefined,
  log: Logger,
): void {
  let parsed
  try {
    parsed = Emits.safeParse(JSON.parse(raw))
  } catch {
    parsed = null
  }
  if (!parsed?.success) return void log.warn('dropped malformed emits from the owner')
  for (const { ns, id, e, p } of parsed.data.items) sockets(ns, id)?.emit(e, p)
}
