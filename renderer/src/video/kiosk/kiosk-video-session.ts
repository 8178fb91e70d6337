import type {
  CallEndedEvent,
  EndReason,
  IdentityProposedEvent,
  PositionInfo,
  QueueJoinPayload,
  TerminalSessionState,
} from '../../../../common/signaling'
import { kioskCaps, type CallMediaState, type PeerFactory } from '../shared/call-engine'
import { CallMediaSlot } from '../shared/call-media-slot'
import {
  CoServiceSession,
  type ActionSink,
  type ConsentState,
  type MirrorSource,
} from './coservice-session'
import { ViewStore } from '../shared/view-store'
import { openLocalMedia, stopStream } from '../shared/media'
import { SignalingError, type LinkState, type TerminalClient } from '../shared/signaling-client'

/**
 * The resident's side of video help as a small state machine with I/O injected: the kiosk's
 * VideoHelp renders `view`, tests drive it with a fake client. One session per press of
 * "视频帮办"; `close()` leaves nothing behind (cancels a wait, hangs up a call, stops the camera).
 */
export type KioskScreen =
  | { screen: 'connecting' }
  | { screen: 'waiting'; callId: string; position: PositionInfo | null; requeued: boolean }
  | { screen: 'call'; callId: string; clerkName: string }
  /** `rate`: a clerk answered the call, so the resident is asked for its 好差评 (call:rate). */
  | { screen: 'ended'; reason: EndReason | 'lost'; callId: string | null; rate: boolean }
  | { screen: 'error'; problem: 'notEnrolled' | 'unreachable' | 'refused' }

export interface KioskView {
  main: KioskScreen
  link: LinkState
  /** The server says the other side dropped, or our own link is down during a call. */
  reconnecting: boolean
  media: CallMediaState | null
  localStream: MediaStream | null
  /** Co-service: the clerk asks to see the application, or the resident shares it. */
  coService: ConsentState
  /**
   * 身份经视频核验: the identity the clerk sent for the resident to confirm; `confirmed` once
   * the resident did and the kiosk signed in with it.
   */
  identity: { proposed: IdentityProposedEvent; confirmed: boolean } | null
}

export interface KioskVideoSessionDeps {
  /** A short-lived signaling token from the main process (never the terminal credential). */
  signalingToken: () => Promise<{ serverUrl: string; terminalId: string; token: string }>
  /** Opens (or borrows) the socket; `token` is asked again on every (re)connect. */
  connect: (
    serverUrl: string,
    token: () => Promise<{ terminalId: string; token: string }>,
  ) => TerminalClient | Promise<TerminalClient>
  openMedia?: () => Promise<MediaStream>
  iceTransportPolicy?: RTCIceTransportPolicy
  createPeer?: PeerFactory
  /** The application as co-service mirrors it; without one the clerk's request is ignored. */
  mirrorSource?: MirrorSource
  /** Where the clerk's actions go while the resident shares (the kiosk's action desk). */
  actions?: ActionSink
  /**
   * Signs the resident in with an identity the clerk checked by video, once confirmed (the
   * main process: `session:video-identity`); without it the clerk's identity is ignored.
   */
  signInByVideo?: (proposed: IdentityProposedEvent) => Promise<void>
}

export class KioskVideoSession extends ViewStore<KioskView> {
  private client: TerminalClient | null = null
  private readonly callMedia: CallMediaSlot
  private readonly coService: CoServiceSession | null
  private stream: MediaStream | null = null
  private streamPromise: Promise<MediaStream> | null = null
  private peerLost = false
  private joined = false
  private closed = false

  constructor(
    private readonly deps: KioskVideoSessionDeps,
    private readonly join: QueueJoinPayload,
  ) {
    super({
      main: { screen: 'connecting' },
      link: 'connecting',
      reconnecting: false,
      media: null,
      localStream: null,
      coService: 'none',
      identity: null,
    })
    const source = this.deps.mirrorSource
    this.coService = source
      ? new CoServiceSession({
          source,
          consent: (callId, decision) =>
            this.client!.request('cosvc:consent', { callId, decision }),
          mirror: (callId, seq, mirror) =>
            this.client!.request('cosvc:mirror', { callId, seq, mirror }),
          page: (p) => this.client!.request('cosvc:page', p),
          outcome: (o) => this.client!.request('cosvc:outcome', o),
          ...(this.deps.actions ? { actions: this.deps.actions } : {}),
          onChange: (coService) => this.update({ coService }),
        })
      : null
    this.callMedia = new CallMediaSlot({
      side: 'terminal',
      caps: kioskCaps,
      client: () => this.client!,
      localStream: () => this.media(),
      createPeer: this.deps.createPeer,
      iceTransportPolicy: this.deps.iceTransportPolicy,
      onChange: (media) => this.update({ media }),
      onEmpty: () => this.update({ media: null }),
      audioOnly: this.join.mode === 'audio',
    })
  }

  private update(patch: Partial<KioskView>): void {
    const next = { ...this.v, ...patch }
    const inCall = next.main.screen === 'call'
    next.reconnecting = inCall && (this.peerLost || next.link !== 'online')
    this.publish(next)
  }

  private media(): Promise<MediaStream> {
    this.streamPromise ??= (this.deps.openMedia ?? (() => openLocalMedia()))().then((s) => {
      if (this.closed) stopStream(s)
      else {
        this.stream = s
        this.update({ localStream: s })
      }
      return s
    })
    return this.streamPromise
  }

  async start(): Promise<void> {
    let first
    try {
      first = await this.deps.signalingToken()
    } catch (err) {
      const code = (err as { code?: string }).code
      this.update({
        main: { screen: 'error', problem: code === 'NOT_ENROLLED' ? 'notEnrolled' : 'unreachable' },
      })
      return
    }
    if (this.closed) return
    // The camera opens while we wait, so the call starts the moment a clerk accepts.
    this.media().catch(() => {})
    // The token just fetched serves the first connect; reconnects ask the main process again.
    let fresh: typeof first | null = first
    let c: TerminalClient
    try {
      c = await this.deps.connect(first.serverUrl, async () => {
        const t = fresh ?? (await this.deps.signalingToken())
        fresh = null
        return t
      })
    } catch {
      this.update({ main: { screen: 'error', problem: 'unreachable' } })
      return
    }
    if (this.closed) {
      c.close()
      return
    }
    this.client = c
    c.onLink((link) => {
      // Our socket is gone, so the server has taken back any offer: drop its prepared peer (a
      // new offer after the reconnect prepares a new one). Not on session:state, which can
      // arrive after that new offer's call:prepare.
      if (link !== 'online' && this.v.main.screen === 'waiting') this.callMedia.drop()
      if (link === 'refused') this.update({ main: { screen: 'error', problem: 'refused' }, link })
      else this.update({ link })
      if (link === 'online' && !this.joined) void this.doJoin()
      if (link === 'online') this.coService?.resync()
    })
    c.on('session:state', (s) => this.onSessionState(s))
    c.on('queue:position', (p) => {
      const m = this.v.main
      if (m.screen === 'waiting' && m.callId === p.callId)
        this.update({ main: { ...m, position: p } })
    })
    // A clerk is being offered our call: connect to them now, media follows call:start.
    c.on('call:prepare', (ev) => void this.callMedia.ensure().prepare(ev))
    c.on('call:offer-revoked', () => {
      if (this.v.main.screen === 'waiting') this.callMedia.drop()
    })
    c.on('call:start', (ev) => {
      this.peerLost = false
      // Media first: a prepared peer switches on synchronously, before the call screen renders.
      void this.callMedia.ensure().start(ev)
      this.update({
        main: { screen: 'call', callId: ev.call.callId, clerkName: ev.peer.displayName },
      })
    })
    c.on('call:renegotiate', (ev) => {
      this.peerLost = false
      this.update({
        main: { screen: 'call', callId: ev.call.callId, clerkName: ev.peer.displayName },
      })
      void this.callMedia.ensure().start(ev)
      // Either side came back: the console may have lost its mirror.
      this.coService?.resync()
    })
    c.on('call:signal', (ev) => this.callMedia.engine?.onSignal(ev))
    c.on('cosvc:request', (ev) => {
      const m = this.v.main
      if (m.screen === 'call' && m.callId === ev.callId) this.coService?.request(ev.callId)
    })
    c.on('cosvc:action', (ev) => this.coService?.action(ev))
    c.on('idcheck:proposed', (ev) => {
      const m = this.v.main
      if (m.screen === 'call' && m.callId === ev.callId && this.deps.signInByVideo)
        this.update({ identity: { proposed: ev, confirmed: false } })
    })
    c.on('call:peer-reconnecting', () => {
      this.peerLost = true
      this.update({})
    })
    c.on('call:state', (ev) => {
      if (ev.call.state === 'connected') {
        this.peerLost = false
        this.update({})
      }
    })
    c.on('call:ended', (ev) => this.ended(ev))
    c.on('call:requeued', (ev) => {
      this.coService?.end()
      this.callMedia.finish(ev.callId)
      this.peerLost = false
      this.update({
        main: { screen: 'waiting', callId: ev.callId, position: null, requeued: true },
      })
    })
  }

  private async doJoin(): Promise<void> {
    const c = this.client
    if (!c) return
    this.joined = true
    try {
      const { call, position } = await c.request('queue:join', this.join)
      c.setResumeCall(call.callId)
      if (this.v.main.screen === 'connecting')
        this.update({ main: { screen: 'waiting', callId: call.callId, position, requeued: false } })
    } catch (err) {
      this.joined = false
      // Only while still connecting: the answer may be lost (the centre changing hands) after
      // the call it made already began, and the resident is then in that call, not in error.
      if (
        !(err instanceof SignalingError && err.code === 'offline') &&
        this.v.main.screen === 'connecting'
      )
        this.update({ main: { screen: 'error', problem: 'unreachable' } })
    }
  }

  /** After every (re)connect the server says what it still has for us. */
  private onSessionState(s: TerminalSessionState): void {
    const m = this.v.main
    const mine = m.screen === 'waiting' || m.screen === 'call' ? m.callId : null
    if (!mine) return
    // An ended call that is not ours is the kiosk's previous resident's (the state names the
    // last ended call while the centre holds it): for us it says nothing open, as `call: null`.
    const none = !s.call || (s.call.state === 'ended' && s.call.callId !== mine)
    if (none && m.screen === 'waiting') {
      // The server lost the entry (a crash within its last group commit): the resident still
      // waits, so join again (the protocol's rule for `call: null`).
      this.joined = false
      this.update({ main: { screen: 'connecting' } })
      void this.doJoin()
      return
    }
    if (!s.call || s.call.callId !== mine || s.call.state === 'ended') {
      // The server has no open call for us any more (e.g. ended while we were offline).
      this.ended({ callId: mine, reason: s.call?.endReason ?? 'terminal_lost' })
      return
    }
    if (s.call.state === 'queued' || s.call.state === 'offered') {
      if (m.screen === 'call') this.callMedia.finish(mine)
      this.coService?.end()
      this.update({
        main: {
          screen: 'waiting',
          callId: mine,
          position: s.position,
          requeued: m.screen === 'call',
        },
      })
    }
    // connecting/reconnecting: the server follows up with call:renegotiate.
  }

  private ended(ev: CallEndedEvent): void {
    const talked = this.v.main.screen === 'call'
    this.coService?.end()
    this.callMedia.finish(ev.callId)
    this.client?.setResumeCall(null)
    this.peerLost = false
    this.update({
      main: { screen: 'ended', reason: ev.reason, callId: ev.callId, rate: talked },
      identity: null,
    })
  }

  /**
   * 确认无误 / 信息不对 to the identity the clerk sent. Confirmed, the kiosk signs in with it
   * first (refused by the main process, nothing is confirmed), then tells the clerk.
   */
  async answerIdentity(confirmed: boolean): Promise<void> {
    const id = this.v.identity
    const c = this.client
    if (!id || id.confirmed || !c) return
    if (confirmed) await this.deps.signInByVideo?.(id.proposed)
    this.update({ identity: confirmed ? { ...id, confirmed: true } : null })
    const answer = {
      callId: id.proposed.callId,
      answer: confirmed ? ('confirmed' as const) : ('rejected' as const),
    }
    // The centre accepts the application's mark only with this answer on the call's record.
    await c.request('idcheck:answer', answer).catch((err: unknown) => {
      if (err instanceof SignalingError && err.code === 'offline')
        c.sendWhenOnline('idcheck:answer', answer)
    })
  }
  /** The confirmation's notice read: back to the call. */
  dismissIdentity(): void {
    if (this.v.identity?.confirmed) this.update({ identity: null })
  }

  /** 同意 / 不同意 to the clerk's request to see the application. */
  answerCoService(granted: boolean): void {
    this.coService?.answer(granted)
  }
  /** 停止共享. */
  stopSharing(): void {
    this.coService?.withdraw()
  }

  setAudioOnly(on: boolean): void {
    this.callMedia.setAudioOnly(on)
  }
  setMuted(on: boolean): void {
    this.callMedia.setMuted(on)
  }

  /** The resident pressed the big red button (or cancel while waiting). */
  async leave(): Promise<void> {
    const m = this.v.main
    const c = this.client
    if (!c) return
    try {
      if (m.screen === 'waiting') {
        await c.request('queue:cancel', { callId: m.callId })
        this.ended({ callId: m.callId, reason: 'cancelled' })
      } else if (m.screen === 'call') await c.request('call:hangup', { callId: m.callId })
    } catch {
      // Offline: the server ends it by itself after its grace / hold period, unless the kept
      // socket is back first; then the cancel or hang-up goes out as soon as it is.
      if (m.screen === 'waiting') c.sendWhenOnline('queue:cancel', { callId: m.callId })
      else if (m.screen === 'call') c.sendWhenOnline('call:hangup', { callId: m.callId })
      if (m.screen === 'waiting' || m.screen === 'call')
        this.ended({
          callId: m.callId,
          reason: m.screen === 'waiting' ? 'cancelled' : 'hangup_terminal',
        })
    }
  }

  close(): void {
    if (this.closed) return
    const m = this.v.main
    const leaving = m.screen === 'waiting' || m.screen === 'call' ? this.leave() : null
    this.closed = true
    this.coService?.end()
    const c = this.client
    // Let the cancel / hang-up leave before the socket closes (at most 1 s), but no longer: a
    // socket left open can reconnect and take the terminal's place from the next session's.
    if (leaving)
      void Promise.race([leaving, new Promise((r) => setTimeout(r, 1_000))]).then(() => c?.close())
    else c?.close()
    this.callMedia.engine?.finish()
    stopStream(this.stream)
    this.unsubscribeAll()
  }
}
