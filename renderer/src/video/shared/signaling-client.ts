import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client'
import type { z } from 'zod'
import {
  ackSchema,
  CallAckData,
  CallEndedEvent,
  CallStartEvent,
  CallStateEvent,
  CoServiceActionEvent,
  CoServiceConsentEvent,
  CoServiceMirrorEvent,
  CoServiceOutcomeEvent,
  CoServicePageEvent,
  CoServiceRequestEvent,
  CommandRunEvent,
  IdentityAnsweredEvent,
  IdentityProposedEvent,
  initialReconnectDelayMs,
  JoinAckData,
  OfferEvent,
  OfferRevokedEvent,
  OkAckData,
  PeerReconnectingEvent,
  PrepareEvent,
  PresenceAckData,
  PresenceEvent,
  QueueEntryEvent,
  QueueOverview,
  QueueSnapshot,
  RECONNECT_OPTIONS,
  RenegotiateEvent,
  RequeuedEvent,
  SignalEvent,
  StaffSessionState,
  STAFF_NAMESPACE,
  TerminalSessionState,
  TERMINAL_NAMESPACE,
  PositionInfo,
  VOLATILE_CLIENT_EVENTS,
  type AckError,
  type CallPartyServerEvents,
  type HandshakeAuth,
  type StaffClientToServer,
  type StaffServerToClient,
  type TerminalClientToServer,
  type TerminalServerToClient,
} from '../../../../common/signaling'
import { CaseChangedEvent } from '../../../../common/cases/view'

/**
 * A typed socket.io client for either party. Every server event and every ack is validated
 * with the protocol's zod schemas before anyone sees it; a malformed message is dropped and
 * counted, never half-used. Reconnection follows common/signaling/client-options.ts, and on
 * every (re)connect the client re-sends its state with `session:resume` (the server's answer is
 * delivered as a `session:state` event), so a server restart or a link drop loses nothing.
 */

type EventMap = Record<string, (...args: never[]) => void>
type PayloadOf<F> = F extends (p: infer P, ...rest: never[]) => void ? P : never
type AckOf<F> = F extends (p: never, ack: (a: infer A) => void) => void
  ? A extends { ok: true; data: infer D }
    ? D
    : never
  : never

const partyEvents = {
  'call:prepare': PrepareEvent,
  'call:offer-revoked': OfferRevokedEvent,
  'call:start': CallStartEvent,
  'call:renegotiate': RenegotiateEvent,
  'call:peer-reconnecting': PeerReconnectingEvent,
  'call:signal': SignalEvent,
  'call:state': CallStateEvent,
  'call:ended': CallEndedEvent,
  'call:requeued': RequeuedEvent,
} as const satisfies Record<keyof CallPartyServerEvents, z.ZodType>

const partyAcks = {
  'call:signal': OkAckData,
  'call:connected': CallAckData,
  'call:renegotiate': CallAckData,
  'call:hangup': CallAckData,
  'call:quality': OkAckData,
} as const

export const terminalSpec = {
  namespace: TERMINAL_NAMESPACE,
  events: {
    ...partyEvents,
    'session:state': TerminalSessionState,
    'queue:position': PositionInfo,
    'cosvc:request': CoServiceRequestEvent,
    'command:run': CommandRunEvent,
    'cosvc:action': CoServiceActionEvent,
    'idcheck:proposed': IdentityProposedEvent,
  } satisfies Record<keyof TerminalServerToClient, z.ZodType>,
  acks: {
    ...partyAcks,
    'session:resume': TerminalSessionState,
    'queue:join': JoinAckData,
    'queue:cancel': OkAckData,
    'health:report': OkAckData,
    'command:result': OkAckData,
    'cosvc:consent': OkAckData,
    'cosvc:mirror': OkAckData,
    'cosvc:page': OkAckData,
    'cosvc:outcome': OkAckData,
    'idcheck:answer': OkAckData,
  } satisfies Record<keyof TerminalClientToServer, z.ZodType>,
}

export const staffSpec = {
  namespace: STAFF_NAMESPACE,
  events: {
    ...partyEvents,
    'session:state': StaffSessionState,
    'queue:snapshot': QueueSnapshot,
    'queue:entry': QueueEntryEvent,
    'queue:overview': QueueOverview,
    'call:offer': OfferEvent,
    'presence:changed': PresenceEvent,
    'cases:changed': CaseChangedEvent,
    'cosvc:consent': CoServiceConsentEvent,
    'cosvc:mirror': CoServiceMirrorEvent,
    'cosvc:page': CoServicePageEvent,
    'cosvc:outcome': CoServiceOutcomeEvent,
    'idcheck:answered': IdentityAnsweredEvent,
  } satisfies Record<keyof StaffServerToClient, z.ZodType>,
  acks: {
    ...partyAcks,
    'session:resume': StaffSessionState,
    'presence:set': PresenceAckData,
    'queue:list': QueueSnapshot,
    'queue:overview': QueueOverview,
    'queue:pick': CallAckData,
    'call:accept': CallAckData,
    'call:decline': OkAckData,
    'call:wrapup': CallAckData,
    'cosvc:request': OkAckData,
    'cosvc:action': OkAckData,
    'idcheck:send': OkAckData,
  } satisfies Record<keyof StaffClientToServer, z.ZodType>,
}

export type LinkState = 'connecting' | 'online' | 'offline' | 'refused'

/** A refused request: the server's error code, or `offline` / `timeout` / `invalid_ack`. */
export class SignalingError extends Error {
  constructor(
    readonly code: AckError['code'] | 'offline' | 'timeout' | 'invalid_ack',
    message: string,
  ) {
    super(message)
  }
}

export interface SignalingClient<C2S, S2C> {
  readonly link: LinkState
  /** Why the handshake was refused (`unauthorized`, `wrong_role`…) when link is `refused`. */
  readonly refusal: string | null
  on<E extends keyof S2C & string>(event: E, fn: (payload: PayloadOf<S2C[E]>) => void): () => void
  onLink(fn: (link: LinkState) => void): () => void
  request<E extends keyof C2S & string>(
    event: E,
    payload: PayloadOf<C2S[E]>,
  ): Promise<AckOf<C2S[E]>>
  /**
   * A request that must arrive although the link is down (a resident's cancel or hang-up): sent
   * now, and again each time the link is back until the centre has answered it, either way.
   * Without it, a wait cancelled offline would stay queued once a kept socket reconnects.
   */
  sendWhenOnline<E extends keyof C2S & string>(event: E, payload: PayloadOf<C2S[E]>): void
  /** The call to name in `session:resume` after a reconnect. */
  setResumeCall(callId: string | null): void
  /** Messages dropped because they failed validation (for diagnostics). */
  readonly dropped: number
  close(): void
}

export type TerminalClient = SignalingClient<TerminalClientToServer, TerminalServerToClient>
export type StaffClient = SignalingClient<StaffClientToServer, StaffServerToClient>

interface Spec {
  namespace: string
  events: Record<string, z.ZodType>
  acks: Record<string, z.ZodType>
}

export interface ClientOptions {
  /** Override socket.io options (tests: no jitter, websocket only). */
  socketOptions?: Partial<ManagerOptions & SocketOptions>
  /** The extra random wait before reconnecting after the server closed the link. */
  serverCloseDelayMs?: () => number
  /** Where `window.online` is observed; omitted outside a browser. */
  win?: Pick<Window, 'addEventListener' | 'removeEventListener'>
}

const volatile = new Set<string>(VOLATILE_CLIENT_EVENTS)

function createClient(
  spec: Spec,
  serverUrl: string,
  auth: HandshakeAuth | (() => Promise<HandshakeAuth>),
  opts: ClientOptions = {},
): SignalingClient<EventMap, EventMap> {
  const socket: Socket = io(serverUrl + spec.namespace, {
    ...RECONNECT_OPTIONS,
    transports: [...RECONNECT_OPTIONS.transports],
    // A provider is asked on every (re)connect attempt, so a short-lived token is fresh each time.
    auth:
      typeof auth === 'function'
        ? (cb: (data: object) => void) => {
            // No token: an empty auth, which the server refuses as `unauthorized`.
            auth().then(cb, () => cb({}))
          }
        : auth,
    forceNew: true,
    ...opts.socketOptions,
  })
  const listeners = new Map<string, Set<(p: unknown) => void>>()
  const linkListeners = new Set<(l: LinkState) => void>()
  let link: LinkState = 'connecting'
  let refusal: string | null = null
  let resumeCallId: string | null = null
  let dropped = 0
  let closed = false
  let reopenTimer: ReturnType<typeof setTimeout> | null = null

  function setLink(l: LinkState): void {
    if (link === l) return
    link = l
    for (const fn of linkListeners) fn(l)
  }
  function deliver(event: string, payload: unknown): void {
    for (const fn of listeners.get(event) ?? []) fn(payload)
  }

  for (const [event, schema] of Object.entries(spec.events)) {
    socket.on(event, (raw: unknown, ack?: unknown) => {
      const parsed = schema.safeParse(raw)
      if (!parsed.success) {
        dropped++
        console.warn(`signaling: dropped invalid ${event}`)
        return
      }
      // An event the server wants acked (`command:run`) is acked once someone here took it.
      const taken = (listeners.get(event)?.size ?? 0) > 0
      deliver(event, parsed.data)
      if (typeof ack === 'function' && taken) (ack as (a: unknown) => void)({ ok: true, data: {} })
    })
  }

  socket.on('connect', () => {
    refusal = null
    setLink('online')
    // The server also pushes session:state on connect; resuming by call id covers a call the
    // server would otherwise not associate with this socket (e.g. a staff call after restart).
    if (resumeCallId) {
      request('session:resume', { callId: resumeCallId }).then(
        (state) => deliver('session:state', state),
        () => {},
      )
    }
  })
  socket.on('disconnect', (reason) => {
    if (closed) return
    setLink('offline')
    // The server closed us (deploy, restart): socket.io does not retry by itself here.
    if (reason === 'io server disconnect') scheduleReopen()
  })
  function scheduleReopen(): void {
    if (reopenTimer) clearTimeout(reopenTimer)
    reopenTimer = setTimeout(
      () => {
        reopenTimer = null
        if (!closed && !socket.connected) socket.connect()
      },
      (opts.serverCloseDelayMs ?? initialReconnectDelayMs)(),
    )
  }
  socket.on('connect_error', (err: Error) => {
    if (socket.active) {
      setLink('offline')
      return
    }
    if (err.message === 'server_busy') {
      // The centre could not check us just now (its database is away or saturated): try
      // again after a jittered wait, as after a restart, instead of giving up as refused.
      setLink('offline')
      scheduleReopen()
      return
    }
    refusal = err.message
    setLink('refused')
  })

  // Back online: try now instead of waiting out the backoff grown while offline.
  const onOnline = (): void => {
    if (closed || socket.connected || link === 'refused') return
    socket.disconnect()
    socket.connect()
    setLink('connecting')
  }
  opts.win?.addEventListener('online', onOnline)

  async function request(event: string, payload: unknown): Promise<unknown> {
    const schema = spec.acks[event]
    if (!schema) throw new SignalingError('unknown_event', event)
    // Never queue while offline: signaling must not be replayed from a stale buffer (§1.4).
    if (!socket.connected) throw new SignalingError('offline', `${event}: offline`)
    let raw: unknown
    try {
      raw = await socket.timeout(RECONNECT_OPTIONS.ackTimeout).emitWithAck(event, payload)
    } catch {
      throw new SignalingError('timeout', `${event}: no answer`)
    }
    const parsed = ackSchema(schema).safeParse(raw)
    if (!parsed.success) {
      dropped++
      throw new SignalingError('invalid_ack', `${event}: malformed answer`)
    }
    const ack = parsed.data as { ok: true; data: unknown } | { ok: false; error: AckError }
    if (!ack.ok) throw new SignalingError(ack.error.code, ack.error.message)
    return ack.data
  }

  return {
    get link() {
      return link
    },
    get refusal() {
      return refusal
    },
    get dropped() {
      return dropped
    },
    on(event, fn) {
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      const f = fn as (p: unknown) => void
      set.add(f)
      return () => set.delete(f)
    },
    onLink(fn) {
      linkListeners.add(fn)
      return () => linkListeners.delete(fn)
    },
    request: (event, payload) => {
      if (volatile.has(event) && !socket.connected)
        return Promise.reject(new SignalingError('offline', `${event}: offline`))
      return request(event, payload) as never
    },
    sendWhenOnline(event, payload) {
      let done = false
      const attempt = (): void => {
        if (done || closed || !socket.connected) return
        request(event, payload).then(
          () => finish(),
          // Offline again or no answer: the next reconnect tries again; any answer settles it.
          (err: unknown) =>
            err instanceof SignalingError && (err.code === 'offline' || err.code === 'timeout')
              ? undefined
              : finish(),
        )
      }
      const retry = (l: LinkState): void => {
        if (l === 'online') attempt()
      }
      const finish = (): void => {
        done = true
        linkListeners.delete(retry)
      }
      linkListeners.add(retry)
      attempt()
    },
    setResumeCall(callId) {
      resumeCallId = callId
    },
    close() {
      closed = true
      if (reopenTimer) clearTimeout(reopenTimer)
      opts.win?.removeEventListener('online', onOnline)
      socket.removeAllListeners()
      socket.disconnect()
    },
  }
}

export function connectTerminal(
  serverUrl: string,
  cred: { terminalId: string; credential: string },
  opts?: ClientOptions,
): TerminalClient {
  return createClient(
    terminalSpec,
    serverUrl,
    // Exactly these keys: the handshake is strict (the caller's object may carry serverUrl).
    { kind: 'terminal', terminalId: cred.terminalId, credential: cred.credential },
    opts,
  ) as unknown as TerminalClient
}

/**
 * The kiosk renderer's connection: authenticated with a short-lived token its main process got
 * from the centre (`terminal:signaling-token`), asked for again on every reconnect. The
 * terminal's credential never reaches the renderer.
 */
export function connectTerminalWithToken(
  serverUrl: string,
  token: () => Promise<{ terminalId: string; token: string }>,
  opts?: ClientOptions,
): TerminalClient {
  return createClient(
    terminalSpec,
    serverUrl,
    async () => {
      const t = await token()
      return { kind: 'terminal-token', terminalId: t.terminalId, token: t.token }
    },
    opts,
  ) as unknown as TerminalClient
}

export function connectStaff(serverUrl: string, token: string, opts?: ClientOptions): StaffClient {
  return createClient(
    staffSpec,
    serverUrl,
    { kind: 'staff', token },
    opts,
  ) as unknown as StaffClient
}
