/**
 * The signaling protocol between kiosks / clerk consoles and the signaling server (socket.io 4).
 * Single source of truth: zod schemas for every inbound payload and every ack, plus the event
 * maps used as socket.io generics on both sides. Documented in docs/signaling-protocol.md.
 */
import { z } from 'zod'
import { HealthReport } from './health'
import { CommandResultPayload, type CommandRunEvent } from './commands'
import { CategoryId } from '../domain/catalog'
import type { CaseChangedEvent } from '../cases/view'
import {
  CoServiceActionPayload,
  CoServiceConsentPayload,
  CoServiceMirrorPayload,
  CoServiceOutcomePayload,
  CoServicePagePayload,
  CoServiceRequestPayload,
  type CoServiceActionEvent,
  type CoServiceConsentEvent,
  type CoServiceMirrorEvent,
  type CoServiceOutcomeEvent,
  type CoServicePageEvent,
  type CoServiceRequestEvent,
} from './coservice'
import {
  IdentityAnswerPayload,
  IdentitySendPayload,
  type IdentityAnsweredEvent,
  type IdentityProposedEvent,
} from './identity-check'

/** Namespaces: a socket authenticates for one role family; other roles are refused at connect. */
export const TERMINAL_NAMESPACE = '/terminal'
export const STAFF_NAMESPACE = '/staff'

export const Role = z.enum(['terminal', 'clerk', 'supervisor', 'admin'])
export type Role = z.infer<typeof Role>
/**
 * Clerks work calls and cases of their categories, supervisors all of them; admins manage staff
 * and enrolment; technicians enrol and look after terminals (no calls, cases or applications).
 */
export const StaffRole = z.enum(['clerk', 'supervisor', 'admin', 'technician'])
export type StaffRole = z.infer<typeof StaffRole>

// ---------------------------------------------------------------------------------------------
// Error codes

export const ErrorCode = z.enum([
  /** Payload failed schema validation; nothing changed. */
  'invalid_payload',
  /** Too many events from this socket; retry later. */
  'rate_limited',
  /** No handler for this event on this namespace. */
  'unknown_event',
  /** The call / queue entry does not exist (or is not visible to you). */
  'not_found',
  /** You are not one of the two parties of that call. */
  'not_a_party',
  /** The request does not fit the call's current state (e.g. accept of an ended call). */
  'wrong_state',
  /** Your role or categories do not allow this. */
  'forbidden',
  /** A signal tagged with an older peer generation; drop the old peer. */
  'stale_generation',
  /** The other party is not connected right now (grace period); retry after renegotiate. */
  'peer_unavailable',
  /** Unexpected server fault; the request may be retried. */
  'internal',
  /** The centre cannot answer for a moment (a cluster changing its counter's node); retry. */
  'unavailable',
])
export type ErrorCode = z.infer<typeof ErrorCode>

/** Reasons carried by `connect_error` (`err.message`) when the handshake is refused. */
export const ConnectErrorCode = z.enum([
  'unauthorized',
  'wrong_role',
  'wrong_namespace',
  'server_busy',
])
export type ConnectErrorCode = z.infer<typeof ConnectErrorCode>

export const AckError = z.object({ code: ErrorCode, message: z.string() })
export type AckError = z.infer<typeof AckError>

export type Ack<T> = { ok: true; data: T } | { ok: false; error: AckError }
export function ackSchema<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), data }),
    z.object({ ok: z.literal(false), error: AckError }),
  ])
}

// ---------------------------------------------------------------------------------------------
// Handshake auth (socket.io `auth` option)

// Strict like every inbound payload: a handshake with any other key is refused.
export const TerminalAuth = z.strictObject({
  kind: z.literal('terminal'),
  terminalId: z.string().min(1).max(64),
  credential: z.string().min(16).max(200),
})
export const StaffAuth = z.strictObject({
  kind: z.literal('staff'),
  token: z.string().min(16).max(200),
})
/**
 * A terminal's renderer never holds the terminal credential: its main process trades the
 * credential for a short-lived token (`POST /api/terminals/signaling-token`) and hands only
 * the token on.
 */
export const TerminalTokenAuth = z.strictObject({
  kind: z.literal('terminal-token'),
  terminalId: z.string().min(1).max(64),
  token: z.string().min(16).max(300),
})
export const HandshakeAuth = z.discriminatedUnion('kind', [
  TerminalAuth,
  StaffAuth,
  TerminalTokenAuth,
])
export type HandshakeAuth = z.infer<typeof HandshakeAuth>

// ---------------------------------------------------------------------------------------------
// Shared value types

export const Id = z.string().min(1).max(64)
export const CallId = z.string().regex(/^c_[A-Za-z0-9_-]{8,40}$/)

export const CallState = z.enum([
  'queued',
  'offered',
  'connecting',
  'connected',
  'reconnecting',
  'ended',
])
export type CallState = z.infer<typeof CallState>

export const EndReason = z.enum([
  /** Resident cancelled while waiting. */
  'cancelled',
  'hangup_terminal',
  'hangup_clerk',
  /** Clerk ended the call with an outcome code. */
  'completed',
  /** Terminal did not come back within the grace / hold period. */
  'terminal_lost',
  /** Waiting entry dropped because its terminal stayed offline past the hold period. */
  'abandoned',
])
export type EndReason = z.infer<typeof EndReason>

export const Presence = z.enum(['available', 'busy', 'away'])
export type Presence = z.infer<typeof Presence>

export const PriorityReason = z.enum(['age70', 'disability'])
export type PriorityReason = z.infer<typeof PriorityReason>

export const CallMode = z.enum(['video', 'audio'])

/** The context the clerk sees first: which item, at which step of the form. */
export const ServiceItemRef = z.object({
  id: z.string().min(1).max(80),
  title: z.string().min(1).max(120),
})
export const StepRef = z.object({
  id: z.string().min(1).max(80),
  label: z.string().min(1).max(120),
})

export const Outcome = z.enum([
  'resolved',
  'submitted',
  'needs_documents',
  'referred',
  'callback',
  'not_eligible',
  'no_response',
  'other',
])
export type Outcome = z.infer<typeof Outcome>

export const IceServer = z.object({
  urls: z.array(z.string()),
  username: z.string().optional(),
  credential: z.string().optional(),
})
export type IceServer = z.infer<typeof IceServer>

/** Who asks for help and about what, as staff see it: masked name and context, never ID numbers. */
const requestContext = {
  category: CategoryId,
  hall: z.string(),
  terminalName: z.string(),
  maskedName: z.string().nullable(),
  item: ServiceItemRef,
  step: StepRef,
  mode: CallMode,
}

/** A queue entry as shown to staff. */
export const QueueEntryView = z.object({
  callId: CallId,
  ...requestContext,
  priority: z.number().int().min(0).max(2),
  priorityReasons: z.array(PriorityReason),
  /** Put back at the front after a failed offer or a lost call. */
  front: z.boolean(),
  joinedAt: z.number().int(),
  state: z.enum(['queued', 'offered']),
  /** False while the kiosk is offline; the entry keeps its place but is not offered. */
  terminalOnline: z.boolean(),
})
export type QueueEntryView = z.infer<typeof QueueEntryView>

/**
 * Queue order: entries put back at the front first, then higher priority, then longest waiting.
 * Exported so that consoles sort exactly like the server's router.
 */
export function compareQueueEntries(
  a: Pick<QueueEntryView, 'front' | 'priority' | 'joinedAt' | 'callId'>,
  b: Pick<QueueEntryView, 'front' | 'priority' | 'joinedAt' | 'callId'>,
): number {
  if (a.front !== b.front) return a.front ? -1 : 1
  if (a.priority !== b.priority) return b.priority - a.priority
  if (a.joinedAt !== b.joinedAt) return a.joinedAt - b.joinedAt
  return a.callId < b.callId ? -1 : a.callId > b.callId ? 1 : 0
}

export const PartyView = z.object({ displayName: z.string() })

export const CallView = z.object({
  callId: CallId,
  state: CallState,
  ...requestContext,
  priority: z.number().int(),
  priorityReasons: z.array(PriorityReason),
  clerk: PartyView.nullable(),
  generation: z.number().int(),
  queuedAt: z.number().int(),
  endReason: EndReason.nullable(),
  /**
   * How long the call had been connected when the centre made this view (ms; null before it
   * first connected and once it ended). A duration, not a time: a console's clock need not agree
   * with the centre's, and a console that reloads or reconnects keeps counting from it. Absent
   * from an older centre.
   */
  connectedForMs: z.number().int().nonnegative().nullable().optional(),
})
export type CallView = z.infer<typeof CallView>

export const PositionInfo = z.object({
  callId: CallId,
  /** 1-based position within the category queue. */
  position: z.number().int().min(1),
  /** Seconds, or null when no clerk of the category is online (say so, don't guess). */
  estimatedWaitSeconds: z.number().int().nonnegative().nullable(),
  clerksOnline: z.number().int().nonnegative(),
})
export type PositionInfo = z.infer<typeof PositionInfo>

export const TerminalSessionState = z.object({
  terminalId: Id,
  hall: z.string(),
  call: CallView.nullable(),
  position: PositionInfo.nullable(),
})
export type TerminalSessionState = z.infer<typeof TerminalSessionState>

export const StaffSessionState = z.object({
  userId: Id,
  role: StaffRole,
  displayName: z.string(),
  categories: z.array(CategoryId),
  presence: Presence,
  call: CallView.nullable(),
})
export type StaffSessionState = z.infer<typeof StaffSessionState>

// ---------------------------------------------------------------------------------------------
// WebRTC signal payloads (the shape simple-peer emits from its `signal` event)

const Sdp = z.string().min(1).max(100_000)
export const SignalData = z.discriminatedUnion('type', [
  z.object({ type: z.literal('offer'), sdp: Sdp }),
  z.object({ type: z.literal('answer'), sdp: Sdp }),
  z.object({ type: z.literal('pranswer'), sdp: Sdp }),
  z.object({ type: z.literal('rollback'), sdp: z.string().max(10).optional() }),
  z.object({
    type: z.literal('candidate'),
    candidate: z.object({
      candidate: z.string().max(2_000),
      sdpMid: z.string().max(64).nullable().optional(),
      sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
      usernameFragment: z.string().max(256).nullable().optional(),
    }),
  }),
  z.object({ type: z.literal('renegotiate'), renegotiate: z.literal(true) }),
  z.object({
    type: z.literal('transceiverRequest'),
    transceiverRequest: z.object({
      kind: z.enum(['audio', 'video']),
      init: z.record(z.string(), z.unknown()).optional(),
    }),
  }),
])
export type SignalData = z.infer<typeof SignalData>

export const QualitySummary = z.object({
  rttMsAvg: z.number().min(0).max(60_000).optional(),
  packetLossPct: z.number().min(0).max(100).optional(),
  outboundKbpsAvg: z.number().min(0).max(100_000).optional(),
  inboundKbpsAvg: z.number().min(0).max(100_000).optional(),
  audioOnlySeconds: z.number().min(0).max(86_400).optional(),
  relayed: z.boolean().optional(),
  iceRestarts: z.number().int().min(0).max(1_000).optional(),
  /** Medians of the 2-second samples (a few bad seconds do not drag them like the averages). */
  rttMsMedian: z.number().min(0).max(60_000).optional(),
  packetLossPctMedian: z.number().min(0).max(100).optional(),
  outboundKbpsMedian: z.number().min(0).max(100_000).optional(),
  inboundKbpsMedian: z.number().min(0).max(100_000).optional(),
  /** Times video was switched off during the call (by hand, automatically or by the other side). */
  voiceOnlySwitches: z.number().int().min(0).max(1_000).optional(),
  /** Worst indicator level shown during the call. */
  worstLevel: z.enum(['good', 'fair', 'poor', 'lost']).optional(),
})
export type QualitySummary = z.infer<typeof QualitySummary>

// ---------------------------------------------------------------------------------------------
// Inbound payloads (client → server). Every one is validated on the server.

const strict = <T extends z.ZodRawShape>(shape: T) => z.strictObject(shape)

export const IsoDate = z.string().regex(/^(18|19|20)\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/)

export const QueueJoinPayload = strict({
  category: CategoryId,
  item: ServiceItemRef,
  step: StepRef,
  mode: CallMode.default('video'),
  /** Shown masked to clerks; the server masks it again and stores only the masked form. */
  residentName: z.string().min(1).max(40).optional(),
  /** From the ID card; used only to compute the 70+ priority and not stored. */
  birthDate: IsoDate.optional(),
  disability: z.boolean().optional(),
  /**
   * The resident's visit at the kiosk (card to reset), also carried by an application submitted
   * in it: the centre links the call to that application's cases (docs/back-office.md).
   */
  visitId: z.uuid().optional(),
})
export type QueueJoinPayload = z.input<typeof QueueJoinPayload>

export const CallRefPayload = strict({ callId: CallId })
export type CallRefPayload = z.infer<typeof CallRefPayload>

export const ResumePayload = strict({ callId: CallId.optional() })
export type ResumePayload = z.infer<typeof ResumePayload>

export const SignalPayload = strict({
  callId: CallId,
  generation: z.number().int().min(0).max(1_000_000),
  data: SignalData,
})
export type SignalPayload = z.infer<typeof SignalPayload>

export const ConnectedPayload = strict({
  callId: CallId,
  generation: z.number().int().min(0).max(1_000_000),
})
export type ConnectedPayload = z.infer<typeof ConnectedPayload>

/** Why a party asks for a new peer connection. */
const RenegotiateReason = z.enum([
  'ice-failed',
  'ice-disconnected',
  'media-error',
  'device-changed',
])

export const RenegotiatePayload = strict({ callId: CallId, reason: RenegotiateReason })
export type RenegotiatePayload = z.infer<typeof RenegotiatePayload>

export const QualityPayload = strict({ callId: CallId, summary: QualitySummary })
export type QualityPayload = z.infer<typeof QualityPayload>

export const PresencePayload = strict({ presence: z.enum(['available', 'away']) })
export type PresencePayload = z.infer<typeof PresencePayload>

export const EmptyPayload = strict({})

export const WrapupPayload = strict({
  callId: CallId,
  outcome: Outcome,
  notes: z.string().max(2_000).optional(),
})
export type WrapupPayload = z.infer<typeof WrapupPayload>

// ---------------------------------------------------------------------------------------------
// Ack data

export const JoinAckData = z.object({ call: CallView, position: PositionInfo.nullable() })
export const CallAckData = z.object({ call: CallView })
export const OkAckData = z.object({})
export const PresenceAckData = z.object({ presence: Presence })
export const QueueSnapshot = z.object({
  categories: z.array(z.object({ category: CategoryId, entries: z.array(QueueEntryView) })),
})
export type QueueSnapshot = z.infer<typeof QueueSnapshot>

/**
 * What a supervisor watches: per category, how many residents wait, since when the longest
 * has waited, and how many of its clerks are online (any presence), free and in a call. Sent
 * on connect and whenever it changes (at most once a second) to supervisors and admins only.
 */
export const QueueOverview = z.object({
  categories: z.array(
    z.object({
      category: CategoryId,
      waiting: z.number().int().nonnegative(),
      /** Epoch ms the longest-waiting resident joined; null when nobody waits. */
      longestWaitingSince: z.number().int().nullable(),
      clerksOnline: z.number().int().nonnegative(),
      clerksAvailable: z.number().int().nonnegative(),
      clerksBusy: z.number().int().nonnegative(),
    }),
  ),
})
export type QueueOverview = z.infer<typeof QueueOverview>

// ---------------------------------------------------------------------------------------------
// Outbound events (server → client)

export const CallStartEvent = z.object({
  call: CallView,
  generation: z.number().int(),
  /** The initiator creates the offer (simple-peer `initiator: true`); the clerk always does. */
  initiator: z.boolean(),
  iceServers: z.array(IceServer),
  /** Other party's display name ("clerk 王*"), or the masked resident for the clerk. */
  peer: PartyView,
})
export type CallStartEvent = z.infer<typeof CallStartEvent>

/**
 * Sent to both parties when a call is offered to a clerk: build the peer for this generation
 * now, but send no media. Video and sound flow only after `call:start` with the same
 * generation (the clerk accepted), so accepting shows the other side at once.
 */
export const PrepareEvent = CallStartEvent
export type PrepareEvent = CallStartEvent

/** The server's renegotiate: a party's own reason, or `peer-resumed` after the other came back. */
export const RenegotiateEvent = CallStartEvent.extend({
  reason: z.enum(['peer-resumed', ...RenegotiateReason.options]),
})
export type RenegotiateEvent = z.infer<typeof RenegotiateEvent>

export const PeerReconnectingEvent = z.object({
  callId: CallId,
  /** Epoch ms after which the resident goes back to the front of the queue. */
  graceEndsAt: z.number().int(),
})
export type PeerReconnectingEvent = z.infer<typeof PeerReconnectingEvent>

export const SignalEvent = z.object({
  callId: CallId,
  generation: z.number().int(),
  data: SignalData,
})
export type SignalEvent = z.infer<typeof SignalEvent>

export const CallStateEvent = z.object({ call: CallView })
export type CallStateEvent = z.infer<typeof CallStateEvent>

export const CallEndedEvent = z.object({ callId: CallId, reason: EndReason })
export type CallEndedEvent = z.infer<typeof CallEndedEvent>

export const RequeuedEvent = z.object({
  callId: CallId,
  /** `clerk_lost`/`terminal_lost`: a party did not come back within the grace period. */
  reason: z.enum(['clerk_lost', 'terminal_lost']),
})
export type RequeuedEvent = z.infer<typeof RequeuedEvent>

export const OfferEvent = z.object({
  entry: QueueEntryView,
  /** Epoch ms; unanswered by then, the resident goes back to the front. */
  expiresAt: z.number().int(),
})
export type OfferEvent = z.infer<typeof OfferEvent>

export const OfferRevokedEvent = z.object({
  callId: CallId,
  reason: z.enum(['timeout', 'cancelled', 'terminal_offline', 'declined']),
})
export type OfferRevokedEvent = z.infer<typeof OfferRevokedEvent>

export const QueueEntryEvent = z.discriminatedUnion('op', [
  z.object({ op: z.literal('upsert'), entry: QueueEntryView }),
  z.object({ op: z.literal('remove'), category: CategoryId, callId: CallId }),
])
export type QueueEntryEvent = z.infer<typeof QueueEntryEvent>

export const PresenceEvent = z.object({
  presence: Presence,
  reason: z.enum(['requested', 'in_call', 'wrapup_done', 'offer_timeout', 'restored']),
})
export type PresenceEvent = z.infer<typeof PresenceEvent>

// ---------------------------------------------------------------------------------------------
// socket.io generics

type AckFn<T> = (ack: Ack<T>) => void

/** Events both kinds of party send during a call. */
interface CallPartyClientEvents {
  'session:resume': (p: ResumePayload, ack: AckFn<unknown>) => void
  'call:signal': (p: SignalPayload, ack: AckFn<Record<string, never>>) => void
  'call:connected': (p: ConnectedPayload, ack: AckFn<{ call: CallView }>) => void
  'call:renegotiate': (p: RenegotiatePayload, ack: AckFn<{ call: CallView }>) => void
  'call:hangup': (p: CallRefPayload, ack: AckFn<{ call: CallView }>) => void
  'call:quality': (p: QualityPayload, ack: AckFn<Record<string, never>>) => void
}

export interface TerminalClientToServer extends CallPartyClientEvents {
  'session:resume': (p: ResumePayload, ack: AckFn<TerminalSessionState>) => void
  'queue:join': (
    p: QueueJoinPayload,
    ack: AckFn<{ call: CallView; position: PositionInfo | null }>,
  ) => void
  'queue:cancel': (p: CallRefPayload, ack: AckFn<Record<string, never>>) => void
  /** The terminal's health (common/signaling/health.ts), on change and every 60 s. */
  'health:report': (p: HealthReport, ack: AckFn<Record<string, never>>) => void
  /** What came of a remote command delivered to this terminal (commands.ts). */
  'command:result': (p: CommandResultPayload, ack: AckFn<Record<string, never>>) => void
  /** Co-service (coservice.ts): the resident's answer to 查看申请, and the mirror. */
  'cosvc:consent': (p: CoServiceConsentPayload, ack: AckFn<Record<string, never>>) => void
  'cosvc:mirror': (p: CoServiceMirrorPayload, ack: AckFn<Record<string, never>>) => void
  /** A kept page's piece, and what became of a clerk's action. */
  'cosvc:page': (p: CoServicePagePayload, ack: AckFn<Record<string, never>>) => void
  'cosvc:outcome': (p: CoServiceOutcomePayload, ack: AckFn<Record<string, never>>) => void
  'idcheck:answer': (p: IdentityAnswerPayload, ack: AckFn<Record<string, never>>) => void
}

export interface StaffClientToServer extends CallPartyClientEvents {
  'session:resume': (p: ResumePayload, ack: AckFn<StaffSessionState>) => void
  'presence:set': (p: PresencePayload, ack: AckFn<{ presence: Presence }>) => void
  'queue:list': (p: Record<string, never>, ack: AckFn<QueueSnapshot>) => void
  /** Supervisors and admins only (`forbidden` for clerks). */
  'queue:overview': (p: Record<string, never>, ack: AckFn<QueueOverview>) => void
  'queue:pick': (p: CallRefPayload, ack: AckFn<{ call: CallView }>) => void
  'call:accept': (p: CallRefPayload, ack: AckFn<{ call: CallView }>) => void
  'call:decline': (p: CallRefPayload, ack: AckFn<Record<string, never>>) => void
  'call:wrapup': (p: WrapupPayload, ack: AckFn<{ call: CallView }>) => void
  /** Co-service: the clerk asks to see the application (the kiosk asks the resident). */
  'cosvc:request': (p: CoServiceRequestPayload, ack: AckFn<Record<string, never>>) => void
  /** Co-service: an action the kiosk shows the resident (propose, photo, print…). */
  'cosvc:action': (p: CoServiceActionPayload, ack: AckFn<Record<string, never>>) => void
  'idcheck:send': (p: IdentitySendPayload, ack: AckFn<Record<string, never>>) => void
}

export interface CallPartyServerEvents {
  'call:prepare': (e: PrepareEvent) => void
  /** The offer was taken back: drop the prepared peer (the kiosk goes on waiting). */
  'call:offer-revoked': (e: OfferRevokedEvent) => void
  'call:start': (e: CallStartEvent) => void
  'call:renegotiate': (e: RenegotiateEvent) => void
  'call:peer-reconnecting': (e: PeerReconnectingEvent) => void
  'call:signal': (e: SignalEvent) => void
  'call:state': (e: CallStateEvent) => void
  'call:ended': (e: CallEndedEvent) => void
  /** The call is back in the queue (same call id, at the front); a clerk console goes idle. */
  'call:requeued': (e: RequeuedEvent) => void
}

export interface TerminalServerToClient extends CallPartyServerEvents {
  'session:state': (e: TerminalSessionState) => void
  'queue:position': (e: PositionInfo) => void
  'cosvc:request': (e: CoServiceRequestEvent) => void
  /** A remote command (commands.ts); the terminal acks receipt, then runs it once idle. */
  'command:run': (e: CommandRunEvent, ack: AckFn<Record<string, never>>) => void
  'cosvc:action': (e: CoServiceActionEvent) => void
  'idcheck:proposed': (e: IdentityProposedEvent) => void
}

export interface StaffServerToClient extends CallPartyServerEvents {
  'session:state': (e: StaffSessionState) => void
  'queue:snapshot': (e: QueueSnapshot) => void
  'queue:entry': (e: QueueEntryEvent) => void
  /** Supervisors and admins only. */
  'queue:overview': (e: QueueOverview) => void
  'call:offer': (e: OfferEvent) => void
  'presence:changed': (e: PresenceEvent) => void
  /** Back office: a case of the console's scope moved (common/cases/view.ts); refetch. */
  'cases:changed': (e: CaseChangedEvent) => void
  'cosvc:consent': (e: CoServiceConsentEvent) => void
  'cosvc:mirror': (e: CoServiceMirrorEvent) => void
  'cosvc:page': (e: CoServicePageEvent) => void
  'cosvc:outcome': (e: CoServiceOutcomeEvent) => void
  'idcheck:answered': (e: IdentityAnsweredEvent) => void
}

/**
 * Inbound schemas per namespace: the server validates with these, the property-based tests
 * fuzz them. Keys are exactly the ClientToServer event names.
 */
export const terminalInbound = {
  'session:resume': ResumePayload,
  'queue:join': QueueJoinPayload,
  'queue:cancel': CallRefPayload,
  'health:report': HealthReport,
  'command:result': CommandResultPayload,
  'call:signal': SignalPayload,
  'call:connected': ConnectedPayload,
  'call:renegotiate': RenegotiatePayload,
  'call:hangup': CallRefPayload,
  'call:quality': QualityPayload,
  'cosvc:consent': CoServiceConsentPayload,
  'cosvc:mirror': CoServiceMirrorPayload,
  'cosvc:page': CoServicePagePayload,
  'cosvc:outcome': CoServiceOutcomePayload,
  'idcheck:answer': IdentityAnswerPayload,
} as const satisfies Record<keyof TerminalClientToServer, z.ZodType>

export const staffInbound = {
  'session:resume': ResumePayload,
  'presence:set': PresencePayload,
  'queue:list': EmptyPayload,
  'queue:overview': EmptyPayload,
  'queue:pick': CallRefPayload,
  'call:accept': CallRefPayload,
  'call:decline': CallRefPayload,
  'call:signal': SignalPayload,
  'call:connected': ConnectedPayload,
  'call:renegotiate': RenegotiatePayload,
  'call:hangup': CallRefPayload,
  'call:quality': QualityPayload,
  'call:wrapup': WrapupPayload,
  'cosvc:request': CoServiceRequestPayload,
  'cosvc:action': CoServiceActionPayload,
  'idcheck:send': IdentitySendPayload,
} as const satisfies Record<keyof StaffClientToServer, z.ZodType>

// ---------------------------------------------------------------------------------------------
// HTTP API bodies

export const LoginRequest = strict({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
})
export const LoginResponse = z.object({
  token: z.string(),
  displayName: z.string(),
  role: StaffRole,
  categories: z.array(CategoryId),
  expiresAt: z.number().int(),
})
export type LoginResponse = z.infer<typeof LoginResponse>

export const EnrolRequest = strict({
  code: z.string().min(6).max(64),
  terminalName: z.string().min(1).max(80),
})
export const EnrolResponse = z.object({
  terminalId: Id,
  credential: z.string(),
  hall: z.string(),
  terminalName: z.string(),
})
export type EnrolResponse = z.infer<typeof EnrolResponse>

export const CreateEnrolCodeRequest = strict({
  hall: z.string().min(1).max(80),
  ttlHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(72),
})
export const CreateEnrolCodeResponse = z.object({
  code: z.string(),
  hall: z.string(),
  expiresAt: z.number().int(),
})

/** `POST /api/terminals/signaling-token` (terminal bearer): a token for the `/terminal` socket. */
export const SignalingTokenResponse = z.object({
  terminalId: Id,
  token: z.string().min(16).max(300),
  /** Epoch ms; the handshake refuses the token from then on. */
  expiresAt: z.number().int(),
})
export type SignalingTokenResponse = z.infer<typeof SignalingTokenResponse>

export const HttpErrorCode = z.enum([
  'invalid_body',
  'body_too_large',
  'bad_credentials',
  /** The password was right; an admin has disabled the account. */
  'account_disabled',
  /** Staff management: another account has this username. */
  'username_taken',
  /** Staff management: an admin cannot disable or demote their own account. */
  'own_account',
  /** Catalog publishing: the draft breaks the catalog schema (issues name entry and field). */
  'invalid_catalog',
  /** Staged updates: the update folder has no such release. */
  'unknown_version',
  /** Staged updates: no previous version given and no completed rollout to take it from. */
  'previous_version_required',
  /** Staged updates: another rollout is running (halt it first). */
  'rollout_running',
  /** Staged updates: halt a running rollout, resume a halted one. */
  'rollout_state',
  'locked_out',
  'invalid_code',
  'unauthorized',
  'forbidden',
  'rate_limited',
  'not_found',
  'internal',
])
export type HttpErrorCode = z.infer<typeof HttpErrorCode>
