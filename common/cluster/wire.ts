import { z } from 'zod'
import { AckError, StaffRole } from '../signaling/protocol'

/*
 * What the centre's nodes say to each other over Redis (signaling-server/src/cluster/): every
 * node's gateway hands its sockets' arrivals, departures and validated events to the node that
 * owns the video counter, which answers each event. Each receiver parses what it gets: a
 * message that does not fit is dropped and logged.
 *
 * Fields a receiver does not know are dropped, not refused (plain `z.object`, never a strict
 * one): during a rolling upgrade nodes of two releases speak to each other, and a release may
 * add an optional field (a hint such as `d` below) without the older nodes refusing every
 * message that carries it. A change an older node must understand needs a new message type.
 */

const Id = z.string().min(1).max(200)

export const TerminalRefData = z.object({
  kind: z.literal('terminal'),
  terminalId: Id,
  name: z.string().max(200),
  hall: z.string().max(200),
})
export const StaffRefData = z.object({ kind: z.literal('staff'), userId: Id })

export const WireRef = z.discriminatedUnion('ns', [
  z.object({ ns: z.literal('terminal'), id: Id, data: TerminalRefData }),
  z.object({ ns: z.literal('staff'), id: Id, data: StaffRefData }),
])
export type WireRef = z.infer<typeof WireRef>

/** A staff account as the counter needs it: never its password hash. */
export const WireUser = z.object({
  id: Id,
  username: z.string().max(200),
  displayName: z.string().max(200),
  role: StaffRole,
  categories: z.array(z.string().max(100)).max(200),
  createdAt: z.number(),
  disabledAt: z.number().nullable(),
})
export type WireUser = z.infer<typeof WireUser>

/** Gateway → owner, on the owner's channel. `n` is the sending node. */
export const ToOwner = z.discriminatedUnion('t', [
  z.object({ t: z.literal('arrived'), n: Id, r: WireRef, u: WireUser.optional() }),
  z.object({ t: z.literal('left'), n: Id, r: WireRef }),
  // Every socket the node holds now, sent now and then so the owner can reconcile what it
  // missed (an arrival or departure lost while the owner changed or Redis was away).
  z.object({
    t: z.literal('roster'),
    n: Id,
    s: z.array(z.object({ r: WireRef, u: WireUser.optional() })).max(200_000),
  }),
  // What the node holds, as a digest (signaling-server/src/cluster/roster-digest.ts): the
  // owner asks for the roster above only when it differs from its own.
  z.object({
    t: z.literal('digest'),
    n: Id,
    c: z.number().int().min(0),
    h: z.string().regex(/^[0-9a-f]{16}$/),
  }),
  z.object({
    t: z.literal('event'),
    n: Id,
    q: z.number().int(),
    r: WireRef,
    e: z.string().max(60),
    p: z.unknown(),
  }),
])
export type ToOwner = z.infer<typeof ToOwner>

/** Owner → a gateway, on that node's channel: the answer to event `q`. */
export const FromOwner = z.object({
  q: z.number().int(),
  a: z.union([
    z.object({ ok: z.literal(true), data: z.unknown() }),
    z.object({ ok: z.literal(false), error: AckError }),
  ]),
  /**
   * Sent by a node giving the counter up (a refusal of what it had not handled): the next
   * owner may have had the event too, and its answer, if it comes soon, is the one that holds.
   */
  d: z.literal(true).optional(),
})
export type FromOwner = z.infer<typeof FromOwner>

/** Owner → every node: a new owner serves (announce your sockets again). */
export const OwnerAnnounce = z.object({
  t: z.literal('owner'),
  n: Id,
  fence: z.number().int(),
})
export type OwnerAnnounce = z.infer<typeof OwnerAnnounce>

/** Owner → every node: node `n`, send your roster (its digest did not match the owner's). */
export const RosterRequest = z.object({ t: z.literal('roster'), n: Id })

/** What the control channel carries. */
export const ControlMessage = z.discriminatedUnion('t', [OwnerAnnounce, RosterRequest])
export type ControlMessage = z.infer<typeof ControlMessage>

/**
 * Owner → one node: what the counter sends to sockets that node holds, batched per step (one
 * message per node instead of one adapter broadcast per emit that every node must read).
 */
export const Emits = z.object({
  items: z
    .array(
      z.object({
        ns: z.enum(['terminal', 'staff']),
        id: Id,
        e: z.string().max(60),
        p: z.unknown(),
      }),
    )
    .max(100_000),
})
export type Emits = z.infer<typeof Emits>
