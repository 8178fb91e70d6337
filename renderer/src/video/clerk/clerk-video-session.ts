import {
  compareQueueEntries,
  type CallView,
  type ClerkAction,
  type CoServicePageEvent,
  type EndReason,
  type OfferEvent,
  type Outcome,
  type Presence,
  type QueueEntryView,
  type QueueSnapshot,
  type StaffSessionState,
} from '../../../../common/signaling'
import { maskIdNumber, maskName } from '../../../../common/privacy/mask'
import { errorCodeOf } from '../../clerk/server-errors'
import {
  LISTED_ACTIONS,
  newActionId,
  PageAssembler,
  sharing,
  withOutcome,
  type ConsoleCoService,
  type SentAction,
} from './clerk-coservice'
import { clerkCaps, markOnce, type CallMediaState, type PeerFactory } from '../shared/call-engine'
import { CallMediaSlot } from '../shared/call-media-slot'
import { ViewStore } from '../shared/view-store'
import { openLocalMedia, openTrack, stopStream, type MediaChoice } from '../shared/media'
import type { LinkState, StaffClient } from '../shared/signaling-client'

const idle: ConsoleCoService = { state: 'idle' }

/**
 * 身份经视频核验 on the console: the identity sent for the resident to confirm, and the answer.
 * Only the masked form is kept (what the clerk typed is gone once sent), and only for the call.
 */
export type ConsoleIdentityCheck =
  | { state: 'idle' }
  | { state: 'sent' | 'confirmed' | 'rejected'; maskedName: string; maskedIdNumber: string }

const noCheck: ConsoleIdentityCheck = { state: 'idle' }

/**
 * When, on this console's clock, a call the centre says has been connected for a while started:
 * a console that reloads or reconnects mid-call keeps its timer instead of starting at 00:00.
 */
function startedAtOf(view: CallView, now: number): number | null {
  return view.connectedForMs == null ? null : now - view.connectedForMs
}

/**
 * The clerk console's state: presence, the live queue, the offer in hand, the call and its
 * wrap-up. I/O is injected (client, media) so the same class runs in Electron and the browser.
 */
export interface ClerkCall {
  view: CallView
  startedAt: number | null
  /** Set once the call has ended: the console asks for the outcome. */
  ended: EndReason | null
  peerReconnecting: boolean
}

export interface ClerkView {
  link: LinkState
  refusal: string | null
  presence: Presence
  displayName: string
  queue: QueueEntryView[]
  offer: OfferEvent | null
  call: ClerkCall | null
  media: CallMediaState | null
  localStream: MediaStream | null
  notice: 'requeued' | null
  /** The code of the last refused request (`forbidden`, `offline`…), shown in words. */
  error: string | null
  coService: ConsoleCoService
  identityCheck: ConsoleIdentityCheck
}

export interface ClerkVideoSessionDeps {
  client: StaffClient
  openMedia?: (choice: MediaChoice) => Promise<MediaStream>
  iceTransportPolicy?: RTCIceTransportPolicy
  createPeer?: PeerFactory
  now?: () => number
}

export type { ConsoleCoService, SentAction } from './clerk-coservice'

export class ClerkVideoSession extends ViewStore<ClerkView> {
  private readonly callMedia: CallMediaSlot
  private stream: MediaStream | null = null
  private streamPromise: Promise<MediaStream> | null = null
  private choice: MediaChoice = {}
  private readonly c: StaffClient

  constructor(private readonly deps: ClerkVideoSessionDeps) {
    super({
      link: deps.client.link,
      refusal: null,
      presence: 'away',
      displayName: '',
      queue: [],
      offer: null,
      call: null,
      media: null,
      localStream: null,
      notice: null,
      error: null,
      coService: idle,
      identityCheck: noCheck,
    })
    this.c = deps.client
    this.callMedia = new CallMediaSlot({
      side: 'clerk',
      caps: clerkCaps,
      client: () => this.c,
      localStream: () => this.media(),
      createPeer: deps.createPeer,
      iceTransportPolicy: deps.iceTransportPolicy,
      onChange: (media) => {
        const call = this.v.call
        const startedAt =
          call && !call.startedAt && media.phase === 'connected' ? this.now() : call?.startedAt
        this.update({
          media,
          ...(call ? { call: { ...call, startedAt: startedAt ?? null } } : {}),
        })
      },
      onEmpty: () => this.update({ media: null }),
    })
    this.wire()
  }

  /** Pieces of pages on their way, only while sharing. */
  private readonly pages = new PageAssembler()

  private update(patch: Partial<ClerkView>): void {
    const before = this.v.coService
    this.publish({ ...this.v, ...patch })
    // Sharing ended (or a new consent): nothing of the pages stays, not even as blob URLs.
    if (before.state === 'sharing' && this.v.coService !== before) {
      const now = this.v.coService
      const kept = new Set(now.state === 'sharing' ? Object.values(now.pages) : [])
      for (const url of Object.values(before.pages)) if (!kept.has(url)) URL.revokeObjectURL(url)
      if (now.state !== 'sharing') this.pages.clear()
    }
  }
  private now(): number {
    return (this.deps.now ?? Date.now)()
  }

  private media(): Promise<MediaStream> {
    this.streamPromise ??= (this.deps.openMedia ?? openLocalMedia)(this.choice).then((s) => {
      this.stream = s
      this.update({ localStream: s })
      return s
    })
    return this.streamPromise
  }

  private wire(): void {
    const c = this.c
    c.onLink((link) => {
      // Our socket is gone, so the server has taken back any offer (and its prepared peer).
      // Not on session:state: a resume's answer can arrive after the next offer.
      if (link !== 'online' && !this.v.call) {
        this.callMedia.drop()
        this.update({ offer: null })
      }
      this.update({ link, refusal: c.refusal })
    })
    c.on('session:state', (s) => this.onState(s))
    c.on('queue:snapshot', (s) => this.update({ queue: flatten(s) }))
    c.on('queue:entry', (e) => {
      const rest = this.v.queue.filter(
        (q) => q.callId !== (e.op === 'upsert' ? e.entry.callId : e.callId),
      )
      const queue = e.op === 'upsert' ? [...rest, e.entry] : rest
      this.update({ queue: queue.sort(compareQueueEntries) })
    })
    c.on('presence:changed', (p) => {
      this.serverPresence = p.presence
      this.update({ presence: p.presence })
    })
    c.on('call:offer', (offer) => this.update({ offer }))
    // While the offer shows, the peer connects (no media) so that accepting is instant.
    c.on('call:prepare', (ev) => void this.callMedia.ensure().prepare(ev))
    c.on('call:offer-revoked', (r) => {
      if (this.v.offer?.entry.callId === r.callId) this.update({ offer: null })
      if (!this.v.call) this.callMedia.drop()
    })
    c.on('call:start', (ev) => {
      this.c.setResumeCall(ev.call.callId)
      this.update({
        offer: null,
        notice: null,
        call: {
          view: ev.call,
          startedAt: startedAtOf(ev.call, this.now()),
          ended: null,
          peerReconnecting: false,
        },
        coService: idle,
        identityCheck: noCheck,
      })
      void this.callMedia.ensure().start(ev)
    })
    c.on('call:renegotiate', (ev) => {
      const call = this.v.call
      this.c.setResumeCall(ev.call.callId)
      // After a console reload the call arrives this way first: show it.
      this.update({
        call: call
          ? { ...call, view: ev.call, peerReconnecting: false }
          : {
              view: ev.call,
              startedAt: startedAtOf(ev.call, this.now()),
              ended: null,
              peerReconnecting: false,
            },
      })
      void this.callMedia.ensure().start(ev)
    })
    c.on('call:signal', (ev) => this.callMedia.engine?.onSignal(ev))
    c.on('call:peer-reconnecting', (ev) => {
      const call = this.v.call
      if (call?.view.callId === ev.callId)
        this.update({ call: { ...call, peerReconnecting: true } })
    })
    c.on('call:state', (ev) => {
      const call = this.v.call
      if (call?.view.callId !== ev.call.callId) return
      this.update({
        call: {
          ...call,
          view: ev.call,
          peerReconnecting: ev.call.state === 'reconnecting',
          startedAt:
            call.startedAt ??
            startedAtOf(ev.call, this.now()) ??
            (ev.call.state === 'connected' ? this.now() : null),
        },
      })
    })
    c.on('call:ended', (ev) => {
      const call = this.v.call
      if (call?.view.callId !== ev.callId) return
      this.callMedia.finish(ev.callId)
      // Nothing of the application outlives the call, not even during the wrap-up.
      this.update({
        call: { ...call, ended: ev.reason, peerReconnecting: false },
        coService: idle,
        identityCheck: noCheck,
      })
    })
    c.on('call:requeued', (ev) => {
      if (this.v.call?.view.callId !== ev.callId) return
      this.callMedia.finish(ev.callId)
      this.c.setResumeCall(null)
      this.update({ call: null, notice: 'requeued', coService: idle, identityCheck: noCheck })
    })
    c.on('idcheck:answered', (ev) => {
      const check = this.v.identityCheck
      if (!this.isActiveCall(ev.callId) || check.state !== 'sent') return
      this.update({ identityCheck: { ...check, state: ev.answer } })
    })
    c.on('cosvc:consent', (ev) => {
      if (!this.isActiveCall(ev.callId)) return
      this.update({
        coService: ev.decision === 'granted' ? sharing() : { state: ev.decision },
      })
    })
    c.on('cosvc:mirror', (ev) => {
      if (!this.isActiveCall(ev.callId)) return
      const cs = this.v.coService
      // Out of order: a newer mirror is already shown. A mirror without a seen consent comes
      // after a console reload: the server relays it only while consent holds.
      if (cs.state === 'sharing' && cs.seq >= ev.seq) return
      const base = cs.state === 'sharing' ? cs : sharing()
      this.update({ coService: { ...base, seq: ev.seq, mirror: ev.mirror } })
    })
    c.on('cosvc:page', (ev) => {
      if (this.isActiveCall(ev.callId) && this.v.coService.state === 'sharing') this.piece(ev)
    })
    c.on('cosvc:outcome', (ev) => {
      const cs = this.v.coService
      if (!this.isActiveCall(ev.callId) || cs.state !== 'sharing') return
      const actions = withOutcome(cs.actions, ev)
      this.update({ coService: { ...cs, actions } })
    })
  }

  private isActiveCall(callId: string): boolean {
    const call = this.v.call
    return call !== null && call.view.callId === callId && call.ended === null
  }

  /**
   * 核验身份: sends the name and ID number the clerk checked by video (and the address, if
   * taken) for the resident to confirm on the kiosk. True once the server relayed it.
   */
  async sendIdentity(identity: {
    name: string
    idNumber: string
    address?: string | undefined
  }): Promise<boolean> {
    const call = this.v.call
    if (!call || call.ended) return false
    const callId = call.view.callId
    const r = await this.run(() =>
      this.c.request('idcheck:send', {
        callId,
        name: identity.name,
        idNumber: identity.idNumber,
        ...(identity.address ? { address: identity.address } : {}),
      }),
    )
    if (!r || !this.isActiveCall(callId)) return false
    this.update({
      identityCheck: {
        state: 'sent',
        maskedName: maskName(identity.name),
        maskedIdNumber: maskIdNumber(identity.idNumber),
      },
    })
    return true
  }

  /** 查看申请: the kiosk asks the resident. */
  async requestView(): Promise<void> {
    const call = this.v.call
    if (!call || call.ended) return
    const callId = call.view.callId
    const r = await this.run(() => this.c.request('cosvc:request', { callId }))
    if (r && this.isActiveCall(callId) && this.v.coService.state !== 'sharing')
      this.update({ coService: { state: 'asking' } })
  }

  /** A piece of a kept page; the page shows once all its pieces are here. */
  private piece(ev: CoServicePageEvent): void {
    const url = this.pages.add(ev)
    if (!url) return
    const cs = this.v.coService
    if (cs.state !== 'sharing') return URL.revokeObjectURL(url)
    this.update({
      coService: { ...cs, pages: { ...cs.pages, [`${ev.materialId}:${ev.page}`]: url } },
    })
  }

  /**
   * A co-service action for the kiosk (open an item, propose values, ask for a card read, a
   * photo or the signature, print): listed as pending until the kiosk answers.
   */
  async act(action: ClerkAction): Promise<void> {
    const call = this.v.call
    const cs = this.v.coService
    if (!call || call.ended || cs.state !== 'sharing') return
    const callId = call.view.callId
    const actionId = newActionId()
    const sent: SentAction = { actionId, action, outcome: 'pending' }
    this.update({
      coService: { ...cs, actions: [...cs.actions, sent].slice(-LISTED_ACTIONS) },
    })
    const r = await this.run(() => this.c.request('cosvc:action', { callId, actionId, action }))
    if (r) return
    // Not relayed: the centre refused it (the error says why); it is not pending any more.
    const now = this.v.coService
    if (now.state === 'sharing')
      this.update({
        coService: { ...now, actions: now.actions.filter((a) => a.actionId !== actionId) },
        error: this.v.error,
      })
  }

  private onState(s: StaffSessionState): void {
    const patch: Partial<ClerkView> = { presence: s.presence, displayName: s.displayName }
    const call = this.v.call
    if (s.call && !call) {
      // Reconnected (or reloaded) during a call or its wrap-up: show it; an active call is
      // renegotiated by the server, an ended one still owes the outcome.
      const ended = s.call.state === 'ended' ? s.call.endReason : null
      const startedAt = startedAtOf(s.call, this.now())
      patch.call = { view: s.call, startedAt, ended, peerReconnecting: false }
      this.c.setResumeCall(s.call.callId)
    } else if (!s.call && call && !call.ended) {
      this.callMedia.finish(call.view.callId)
      patch.call = null
      patch.coService = idle
    }
    this.update(patch)
    if (s.presence === 'away' && this.serverPresence === 'available' && !s.call)
      void this.setPresence('available')
    // A clerk who is going to take calls has the camera ready, so calls start at once.
    if (s.presence !== 'away') this.media().catch(() => {})
  }

  private async run<T>(fn: () => Promise<T>): Promise<T | undefined> {
    try {
      this.update({ error: null })
      return await fn()
    } catch (err) {
      // The code, not the server's message: the console shows it in words (server-errors.ts).
      this.update({ error: errorCodeOf(err) })
      return undefined
    }
  }

  async setPresence(presence: 'available' | 'away'): Promise<void> {
    if (presence === 'available') this.media().catch(() => {})
    const r = await this.run(() => this.c.request('presence:set', { presence }))
    if (r) {
      this.serverPresence = r.presence
      this.update({ presence: r.presence, notice: null })
    }
  }

  /**
   * The presence the server last told us it set (an answer or `presence:changed`), not the one
   * a `session:state` reports: a restarted centre, or a cluster's new counter node, has
   * forgotten that this clerk was available, and the console says it again (the clerk did not
   * change their mind; a server that set them away said so with `presence:changed`).
   */
  private serverPresence: Presence | null = null

  async accept(callId: string, viaPick: boolean): Promise<void> {
    markOnce(`video:accept:${callId}`)
    // Camera first: the offer goes out as soon as call:start arrives.
    await this.media().catch(() => {})
    const accepted = this.c.request(viaPick ? 'queue:pick' : 'call:accept', { callId })
    // A peer prepared during the offer: our side goes live now (before any re-render), the
    // kiosk's on call:start.
    if (!viaPick) this.callMedia.engine?.acceptPrepared()
    await this.run(() => accepted)
  }

  async decline(callId: string): Promise<void> {
    await this.run(() => this.c.request('call:decline', { callId }))
    this.update({ offer: null })
  }

  /** End (if still running) and record the outcome; the server sets us available again. */
  async wrapup(outcome: Outcome, notes: string): Promise<void> {
    const call = this.v.call
    if (!call) return
    const r = await this.run(() =>
      this.c.request('call:wrapup', {
        callId: call.view.callId,
        outcome,
        ...(notes.trim() ? { notes: notes.trim() } : {}),
      }),
    )
    if (!r) return
    this.callMedia.finish(call.view.callId)
    this.c.setResumeCall(null)
    this.update({ call: null, coService: idle, identityCheck: noCheck })
  }

  setAudioOnly(on: boolean): void {
    this.callMedia.setAudioOnly(on)
  }
  setMuted(on: boolean): void {
    this.callMedia.setMuted(on)
  }

  /** Switch camera or microphone; mid-call the track is replaced without renegotiation. */
  async useDevice(kind: 'audio' | 'video', deviceId: string): Promise<void> {
    this.choice =
      kind === 'video'
        ? { ...this.choice, cameraId: deviceId }
        : { ...this.choice, micId: deviceId }
    const stream = this.stream
    if (!stream) return
    const track = await openTrack(kind, deviceId)
    for (const old of kind === 'video' ? stream.getVideoTracks() : stream.getAudioTracks()) {
      stream.removeTrack(old)
      old.stop()
    }
    stream.addTrack(track)
    await this.callMedia.engine?.replaceTrack(track)
    // New object so the self view re-renders.
    this.update({ localStream: new MediaStream(stream.getTracks()) })
  }

  close(): void {
    this.callMedia.engine?.finish()
    this.c.close()
    stopStream(this.stream)
    this.unsubscribeAll()
  }
}

function flatten(s: QueueSnapshot): QueueEntryView[] {
  return s.categories.flatMap((c) => c.entries).sort(compareQueueEntries)
}
