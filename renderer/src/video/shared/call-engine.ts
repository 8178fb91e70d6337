import {
  SignalData,
  type CallStartEvent,
  type ConnectedPayload,
  type RenegotiateEvent,
  type QualitySummary,
  type RenegotiatePayload,
  type SignalEvent,
  type SignalPayload,
} from '../../../../common/signaling'
import {
  AudioOnlyRule,
  QualitySummaryBuilder,
  readStats,
  sampleBetween,
  type QualitySample,
  type StatsSnapshot,
} from './quality'

/**
 * One side of a call's media, across peer generations. The server decides generations: each
 * `call:start` / `call:renegotiate` means "throw the old peer away and build a new one"; the
 * clerk is always the initiator. When ICE fails, simple-peer destroys its peer (it cannot
 * restart ICE), so we ask the server for a renegotiation: same call, same clerk, new peer.
 *
 * `call:prepare` (the call is being offered to a clerk) builds the generation's peer sending
 * disabled copies of camera and microphone: ICE and DTLS complete while the clerk reads the
 * offer, and nothing of either person is sent. `call:start` for that generation (or, on the
 * console, the tap on 接听) switches the copies on.
 */

/** What a peer must offer; simple-peer in production, a fake in unit tests. */
export interface PeerLike {
  signal(data: unknown): void
  send(text: string): void
  destroy(): void
  on(event: 'signal', fn: (data: unknown) => void): unknown
  on(event: 'connect' | 'close', fn: () => void): unknown
  on(event: 'error', fn: (err: Error & { code?: string }) => void): unknown
  on(event: 'stream', fn: (stream: MediaStream) => void): unknown
  on(event: 'data', fn: (data: Uint8Array | string) => void): unknown
  on(event: 'iceStateChange', fn: (ice: RTCIceConnectionState) => void): unknown
  /** The RTCPeerConnection, for encoder parameters and getStats. */
  readonly _pc: Pick<RTCPeerConnection, 'getSenders' | 'getStats'>
}

export type PeerFactory = (opts: {
  initiator: boolean
  config: RTCConfiguration
  streams: MediaStream[]
  /** Congestion controller's start estimate for video (kbps), written into our SDP. */
  startKbps?: number
}) => PeerLike

export interface Caps {
  videoKbps: number
  audioKbps: number
}
/** §2.4: 300–500 kbps clerk→kiosk, 150–300 kbps kiosk→clerk; Opus speech 32 kbps. */
export const clerkCaps: Caps = { videoKbps: 500, audioKbps: 32 }
export const kioskCaps: Caps = { videoKbps: 300, audioKbps: 32 }

/** How long after connect the video stays at half size while the estimate grows. */
export const RAMP_UP_MS = 4_000

export type AudioOnlyReason = 'user' | 'auto' | 'peer'

export interface CallMediaState {
  phase: 'idle' | 'connecting' | 'connected' | 'retrying'
  generation: number
  remoteStream: MediaStream | null
  quality: QualitySample | null
  /** Video paused in both directions, and why. */
  audioOnly: AudioOnlyReason | null
  muted: boolean
  relayed: boolean
}

export interface CallApi {
  signal(p: SignalPayload): Promise<unknown>
  connected(p: ConnectedPayload): Promise<unknown>
  renegotiate(p: RenegotiatePayload): Promise<unknown>
}

export interface CallEngineOptions {
  side: 'terminal' | 'clerk'
  api: CallApi
  localStream: () => Promise<MediaStream>
  caps: Caps
  iceTransportPolicy?: RTCIceTransportPolicy
  onChange: (s: CallMediaState) => void
  /** simple-peer in production (peer.ts), a fake in unit tests. */
  createPeer: PeerFactory
  statsIntervalMs?: number
  now?: () => number
}

type ControlMessage = { t: 'audio-only'; on: boolean }

export class CallEngine {
  private peer: PeerLike | null = null
  private callId: string | null = null
  private pending: SignalEvent[] = []
  private statsTimer: ReturnType<typeof setInterval> | null = null
  private retryTimer: ReturnType<typeof setTimeout> | null = null
  private iceTimer: ReturnType<typeof setTimeout> | null = null
  private rampTimer: ReturnType<typeof setTimeout> | null = null
  /** Full resolution once the first seconds are past (see applyEncoding). */
  private rampedUp = false
  private lastStats: StatsSnapshot | null = null
  /** What the current peer does once connected with media on (set per peer in build()). */
  private onConnected: () => void = () => {}
  private summary = new QualitySummaryBuilder()
  private rule = new AudioOnlyRule()
  private iceRestarts = 0
  private finished = false
  /** Media may flow on the current generation's peer. */
  private mediaOn = false
  /** The disabled track copies a prepared peer sends (see disabledCopy); stopped with it. */
  private copies: MediaStreamTrack[] = []
  /** The prepared peer connected before media was allowed: report it once media is on. */
  private connectedEarly = false
  /** The prepared peer failed before `start`. */
  private prepareLost = false
  private s: CallMediaState = {
    phase: 'idle',
    generation: -1,
    remoteStream: null,
    quality: null,
    audioOnly: null,
    muted: false,
    relayed: false,
  }

  constructor(private readonly o: CallEngineOptions) {}

  get state(): CallMediaState {
    return this.s
  }

  private set(patch: Partial<CallMediaState>): void {
    this.s = { ...this.s, ...patch }
    this.o.onChange(this.s)
  }

  private now(): number {
    return (this.o.now ?? Date.now)()
  }

  /** `call:prepare`: connect this generation's peer now, with no media until `start`. */
  async prepare(ev: CallStartEvent): Promise<void> {
    if (this.finished || !this.isNew(ev)) return
    await this.build(ev, false)
  }

  /**
   * `call:start` or `call:renegotiate`: a fresh peer for this generation, or, when the
   * generation was prepared, media on for the peer that is already there.
   */
  async start(ev: CallStartEvent | RenegotiateEvent): Promise<void> {
    if (this.finished) return
    if (
      this.prepared &&
      ev.generation === this.s.generation &&
      ev.call.callId === this.callId &&
      !('reason' in ev)
    ) {
      this.goLive()
      return
    }
    // (A clerk who went live on tapping 接听 gets the same generation back: nothing to do.)
    if (!this.isNew(ev)) return
    await this.build(ev, true)
  }

  /** The current generation's peer was built by `prepare`: media stays off until `start`. */
  private get prepared(): boolean {
    return this.callId !== null && !this.mediaOn
  }

  /** Generations count per call; a console's engine may still hold an offer that went away. */
  private isNew(ev: CallStartEvent): boolean {
    return ev.call.callId !== this.callId || ev.generation > this.s.generation
  }

  /**
   * The clerk tapped 接听: their own camera and microphone go on without waiting for the
   * server's `call:start` (the kiosk's come on when it gets that). Requests sent after the
   * accept on the same socket reach the server after it, so reporting `connected` is safe.
   */
  acceptPrepared(): void {
    if (this.prepared && !this.finished) this.goLive()
  }

  private goLive(): void {
    this.mediaOn = true
    if (this.callId) markOnce(`video:start:${this.callId}`)
    this.set({ phase: 'connecting' })
    if (this.peer) this.mediaUp()
    // The prepared peer failed before the clerk accepted: rebuild now that the call is on.
    else if (this.prepareLost) this.failed('ice-failed')
    // Otherwise the camera is still opening, and build() puts the tracks in.
  }

  private async build(ev: CallStartEvent | RenegotiateEvent, media: boolean): Promise<void> {
    this.callId = ev.call.callId
    // A rebuild for a media reason is our form of ICE restart; both sides count it.
    if ('reason' in ev && ev.reason !== 'peer-resumed') this.iceRestarts++
    this.dropPeer()
    this.rampedUp = false
    this.mediaOn = media
    this.prepareLost = false
    this.set({
      phase: media ? 'connecting' : 'idle',
      generation: ev.generation,
      remoteStream: null,
    })
    if (media) markOnce(`video:start:${ev.call.callId}`)
    const stream = await this.o.localStream()
    markOnce(`video:media:${ev.call.callId}`)
    // A newer generation may have arrived while the camera opened.
    if (this.finished || this.s.generation !== ev.generation) return
    this.applyMute(stream)
    const peer = this.o.createPeer({
      initiator: ev.initiator,
      config: {
        iceServers: ev.iceServers.map((s) => ({ ...s })),
        iceTransportPolicy: this.o.iceTransportPolicy ?? 'all',
        bundlePolicy: 'max-bundle',
      },
      streams: [this.mediaOn ? stream : this.disabledCopy(stream)],
      startKbps: this.o.caps.videoKbps,
    })
    this.peer = peer
    const gen = ev.generation
    const mine = (): boolean => this.peer === peer && !this.finished

    peer.on('signal', (raw) => {
      if (!mine()) return
      const data = SignalData.safeParse(raw)
      // We never add tracks mid-call, so simple-peer's renegotiation requests are noise (#703).
      if (!data.success || data.data.type === 'renegotiate') return
      markOnce(`video:signal-${data.data.type}:${ev.call.callId}`)
      if (data.data.type === 'transceiverRequest') return
      this.o.api.signal({ callId: ev.call.callId, generation: gen, data: data.data }).catch(() => {
        // A lost signal shows up as an ICE failure, which renegotiates.
      })
    })
    peer.on('stream', (remote) => {
      if (!mine()) return
      markOnce(`video:stream:${ev.call.callId}`)
      this.set({ remoteStream: remote })
    })
    this.onConnected = () => {
      markOnce(`video:connected:${ev.call.callId}`)
      this.set({ phase: 'connected' })
      // Some browsers only accept encoder parameters once negotiated: then apply them now.
      void capped.then((ok) => (ok || !mine() ? undefined : this.applyEncoding()))
      this.rampTimer = setTimeout(() => {
        this.rampTimer = null
        if (!mine()) return
        this.rampedUp = true
        void this.applyEncoding()
      }, RAMP_UP_MS)
      if (this.s.audioOnly) this.tell({ t: 'audio-only', on: true })
      this.o.api.connected({ callId: ev.call.callId, generation: gen }).catch(() => {})
      this.startStats()
    }
    peer.on('connect', () => {
      if (!mine()) return
      if (this.mediaOn) this.onConnected()
      else this.connectedEarly = true
    })
    peer.on('data', (d) => {
      if (!mine()) return
      try {
        const msg = JSON.parse(typeof d === 'string' ? d : new TextDecoder().decode(d)) as
          ControlMessage | undefined
        if (msg?.t === 'audio-only') this.setAudioOnly(msg.on ? 'peer' : null, false)
      } catch {
        // not ours
      }
    })
    peer.on('iceStateChange', (ice) => {
      if (!mine()) return
      if (ice === 'disconnected') {
        // libwebrtc often recovers by itself within a few seconds; after 5 s we rebuild.
        this.iceTimer ??= setTimeout(() => {
          this.iceTimer = null
          if (mine()) this.failed('ice-disconnected')
        }, 5_000)
      } else if (this.iceTimer) {
        clearTimeout(this.iceTimer)
        this.iceTimer = null
      }
    })
    peer.on('error', () => {
      if (mine()) this.failed('ice-failed')
    })
    peer.on('close', () => {
      if (mine()) this.failed('ice-failed')
    })
    // Caps before the first frame is encoded: changing them after connect reconfigures the
    // encoder just as the first keyframe is due.
    await Promise.resolve()
    const capped = mine() ? this.applyEncoding() : Promise.resolve(true)
    for (const s of this.pending.splice(0)) this.onSignal(s)
  }

  /**
   * Disabled copies of the camera and microphone for a prepared peer: they send black frames
   * and silence (nothing of the person), and keep the encoders warm, so that switching them on
   * shows the next camera frame at once.
   */
  private disabledCopy(stream: MediaStream): MediaStream {
    const copy = stream.clone()
    this.copies = copy.getTracks()
    for (const t of this.copies) t.enabled = false
    return copy
  }

  private disabledTrack(track: MediaStreamTrack): MediaStreamTrack {
    const copy = track.clone()
    copy.enabled = false
    this.copies.push(copy)
    return copy
  }

  /** Switches a prepared peer's copies on; if it connected already, that is reported now. */
  private mediaUp(): void {
    for (const t of this.copies) t.enabled = t.kind === 'audio' ? !this.s.muted : true
    if (this.connectedEarly) {
      this.connectedEarly = false
      this.onConnected()
    }
  }

  onSignal(ev: SignalEvent): void {
    if (this.finished) return
    if (ev.generation > this.s.generation || (ev.generation === this.s.generation && !this.peer)) {
      this.pending.push(ev)
      return
    }
    if (ev.generation !== this.s.generation || !this.peer) return
    try {
      this.peer.signal(ev.data)
    } catch {
      this.failed('media-error')
    }
  }

  /** The peer died: rebuild it within the same call through the server. */
  private failed(reason: RenegotiatePayload['reason']): void {
    const gen = this.s.generation
    this.dropPeer()
    // Not accepted yet: nothing to renegotiate; start() rebuilds if the clerk accepts.
    if (!this.mediaOn) {
      this.prepareLost = true
      this.set({ phase: 'idle', remoteStream: null })
      return
    }
    this.set({ phase: 'retrying', remoteStream: null })
    // The clerk asks at once; the kiosk only if the clerk's request has not arrived (no glare).
    const first = this.o.side === 'clerk' ? 0 : 4_000
    const attempt = (n: number, delay: number): void => {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null
        if (this.finished || this.s.generation !== gen || !this.callId) return
        this.o.api.renegotiate({ callId: this.callId, reason }).catch((err: { code?: string }) => {
          // wrong_state: the server already knows (a party is reconnecting) and will restart us.
          if (err.code === 'wrong_state' || n >= 10) return
          attempt(n + 1, 2_500)
        })
      }, delay)
    }
    attempt(0, first)
  }

  /** Video off in both directions ('user' / 'auto' here, 'peer' when the other side asked). */
  setAudioOnly(reason: AudioOnlyReason | null, tellPeer = true): void {
    if ((reason === null) === (this.s.audioOnly === null)) {
      if (reason !== null && this.s.audioOnly !== reason) this.set({ audioOnly: reason })
      return
    }
    this.set({ audioOnly: reason })
    void this.applyEncoding()
    if (tellPeer) this.tell({ t: 'audio-only', on: reason !== null })
    if (reason === null) this.rule = new AudioOnlyRule()
  }

  setMuted(muted: boolean): void {
    this.set({ muted })
    // A prepared peer's microphone stays off whatever the button says; mediaUp() applies it.
    if (!this.mediaOn) return
    for (const sender of this.peer?._pc.getSenders() ?? [])
      if (sender.track?.kind === 'audio') sender.track.enabled = !muted
  }

  private applyMute(stream: MediaStream): void {
    for (const t of stream.getAudioTracks()) t.enabled = !this.s.muted
  }

  /** Camera or microphone switched: swap the track without renegotiating. */
  async replaceTrack(track: MediaStreamTrack): Promise<void> {
    for (const sender of this.peer?._pc.getSenders() ?? []) {
      const old = sender.track
      if (old?.kind !== track.kind) continue
      // Prepared, not accepted: the new device is sent as a disabled copy too.
      await sender.replaceTrack(this.mediaOn ? track : this.disabledTrack(track))
      // A copy made for a prepared peer would keep the old device open.
      if (this.copies.includes(old)) {
        old.stop()
        this.copies = this.copies.filter((t) => t !== old)
      }
    }
  }

  private tell(msg: ControlMessage): void {
    try {
      if (this.s.phase === 'connected') this.peer?.send(JSON.stringify(msg))
    } catch {
      // the data channel is not open yet; sent again on connect
    }
  }

  /** Bitrate caps for rural links; degrade resolution first; video off when voice only. */
  private async applyEncoding(): Promise<boolean> {
    let videoCapped = false
    for (const sender of this.peer?._pc.getSenders() ?? []) {
      const kind = sender.track?.kind
      if (!kind) continue
      try {
        const p = sender.getParameters()
        if (!p.encodings?.length) continue
        for (const e of p.encodings) {
          if (kind === 'video') {
            e.maxBitrate = this.o.caps.videoKbps * 1000
            e.maxFramerate = 15
            // Half size for the first seconds: below ~300 kbps libwebrtc drops the first frames
            // of a 640×360 stream as too big, then downscales; starting small skips that wait.
            e.scaleResolutionDownBy = this.rampedUp ? 1 : 2
            e.active = this.s.audioOnly === null
          } else {
            e.maxBitrate = this.o.caps.audioKbps * 1000
          }
        }
        await sender.setParameters(p)
        if (kind === 'video') videoCapped = true
      } catch {
        // An encoder that refuses caps still works; quality falls back on congestion control.
      }
    }
    return videoCapped
  }

  private startStats(): void {
    this.stopStats()
    this.lastStats = null
    const every = this.o.statsIntervalMs ?? 2_000
    this.statsTimer = setInterval(() => void this.pollStats(every), every)
  }

  private stopStats(): void {
    if (this.statsTimer) clearInterval(this.statsTimer)
    this.statsTimer = null
  }

  private async pollStats(intervalMs: number): Promise<void> {
    const peer = this.peer
    if (!peer) return
    let snap: StatsSnapshot
    try {
      snap = readStats(
        (await peer._pc.getStats()) as unknown as Parameters<typeof readStats>[0],
        this.now(),
      )
    } catch {
      return
    }
    if (peer !== this.peer) return
    const prev = this.lastStats
    this.lastStats = snap
    if (!prev) return
    const sample = sampleBetween(prev, snap)
    this.summary.add(sample, intervalMs, this.s.audioOnly !== null)
    this.set({ quality: sample, relayed: sample.relayed })
    if (this.s.audioOnly === null && this.rule.update(sample, snap.at)) this.setAudioOnly('auto')
  }

  private dropPeer(): void {
    this.stopStats()
    if (this.retryTimer) clearTimeout(this.retryTimer)
    if (this.iceTimer) clearTimeout(this.iceTimer)
    if (this.rampTimer) clearTimeout(this.rampTimer)
    this.rampTimer = null
    this.retryTimer = null
    this.iceTimer = null
    for (const t of this.copies.splice(0)) t.stop()
    this.connectedEarly = false
    const p = this.peer
    this.peer = null
    this.pending = this.pending.filter((s) => s.generation > this.s.generation)
    try {
      p?.destroy()
    } catch {
      // already gone
    }
  }

  /** Ends the media side of the call and returns the quality summary for the server. */
  finish(): QualitySummary {
    const summary = this.summary.summary(this.iceRestarts)
    this.dropPeer()
    this.finished = true
    this.set({ phase: 'idle', remoteStream: null })
    return summary
  }
}

/** A performance mark, once per name: the call-setup benchmark reads these. */
export function markOnce(name: string): void {
  try {
    if (performance.getEntriesByName(name, 'mark').length === 0) performance.mark(name)
  } catch {
    // no performance API
  }
}
