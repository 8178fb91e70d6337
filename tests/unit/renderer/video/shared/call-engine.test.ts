import { EventEmitter } from 'node:events'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CallStartEvent, RenegotiateEvent, SignalEvent } from '../../../../../common/signaling'
import {
  CallEngine,
  RAMP_UP_MS,
  type CallApi,
  type PeerLike,
} from '../../../../../renderer/src/video/shared/call-engine'
import { callStart, callView } from '../session-fakes'

class FakePeer extends EventEmitter {
  signals: unknown[] = []
  sent: string[] = []
  destroyed = false
  /** The video sender's encodings (the audio sender has its own). */
  encodings: { active?: boolean; maxBitrate?: number; scaleResolutionDownBy?: number }[] = [{}]
  audioEncodings: FakePeer['encodings'] = [{}]
  /** One sender per track of the stream given, as simple-peer's addTrack makes them. */
  readonly senders: { track: FakeTrack }[]
  readonly _pc = {
    getSenders: () => this.senders,
    getStats: async () => new Map(),
  }
  constructor(
    readonly initiator: boolean,
    readonly config: RTCConfiguration,
    readonly streams: MediaStream[] = [],
  ) {
    super()
    const tracks = (streams[0] as unknown as FakeStream | undefined)?.getTracks() ?? []
    this.senders = tracks.map((track) => {
      const video = track.kind === 'video'
      const sender = {
        track,
        getParameters: () => ({ encodings: video ? this.encodings : this.audioEncodings }),
        setParameters: async (p: { encodings: FakePeer['encodings'] }) => {
          if (video) this.encodings = p.encodings
          else this.audioEncodings = p.encodings
        },
        replaceTrack: async (t: FakeTrack) => {
          sender.track = t
        },
      }
      return sender
    })
  }
  signal(d: unknown): void {
    this.signals.push(d)
  }
  send(t: string): void {
    this.sent.push(t)
  }
  destroy(): void {
    this.destroyed = true
  }
}

class FakeTrack {
  enabled = true
  stopped = false
  constructor(
    readonly kind: 'audio' | 'video',
    readonly copyOf: FakeTrack | null = null,
  ) {}
  clone(): FakeTrack {
    return new FakeTrack(this.kind, this)
  }
  stop(): void {
    this.stopped = true
  }
}
class FakeStream {
  constructor(readonly tracks: FakeTrack[]) {}
  getTracks = (): FakeTrack[] => this.tracks
  getAudioTracks = (): FakeTrack[] => this.tracks.filter((t) => t.kind === 'audio')
  clone = (): FakeStream => new FakeStream(this.tracks.map((t) => t.clone()))
}
/** The tracks a peer was given to send. */
const sentTracks = (p: FakePeer): FakeTrack[] =>
  (p.streams[0] as unknown as FakeStream | undefined)?.getTracks() ?? []

const call = callView()

const start = (generation: number, initiator = true): CallStartEvent =>
  callStart({ ...call, generation }, initiator, 'x', [
    { urls: ['turn:127.0.0.1:3478'], username: 'u', credential: 'p' },
  ])
const signal = (generation: number, sdp = 'v=0'): SignalEvent => ({
  callId: call.callId,
  generation,
  data: { type: 'offer', sdp },
})

function setup(side: 'clerk' | 'terminal') {
  const peers: FakePeer[] = []
  const api = {
    signal: vi.fn(async () => ({})),
    connected: vi.fn(async () => ({})),
    renegotiate: vi.fn(async () => ({})),
  } satisfies CallApi
  let resolveMedia: (s: MediaStream) => void = () => {}
  const media = new Promise<MediaStream>((r) => (resolveMedia = r))
  const engine = new CallEngine({
    side,
    api,
    localStream: () => media,
    caps: { videoKbps: 300, audioKbps: 32 },
    iceTransportPolicy: 'relay',
    onChange: () => {},
    createPeer: ({ initiator, config, streams }) => {
      const p = new FakePeer(initiator, config, streams)
      peers.push(p)
      return p as unknown as PeerLike
    },
  })
  const stream = new FakeStream([new FakeTrack('audio'), new FakeTrack('video')])
  return {
    engine,
    api,
    peers,
    stream,
    camera: () => resolveMedia(stream as unknown as MediaStream),
  }
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('call engine', () => {
  it('keeps signals that arrive before the camera is open and feeds them to the new peer', async () => {
    const { engine, peers, camera } = setup('terminal')
    const started = engine.start(start(1, false))
    engine.onSignal(signal(1, 'early'))
    camera()
    await started
    expect(peers).toHaveLength(1)
    expect(peers[0]!.config.iceTransportPolicy).toBe('relay')
    expect(peers[0]!.config.iceServers?.[0]?.username).toBe('u')
    expect(peers[0]!.signals).toEqual([{ type: 'offer', sdp: 'early' }])
  })

  it('forwards its own signals with the generation, and drops renegotiation noise', async () => {
    const { engine, api, peers, camera } = setup('clerk')
    camera()
    await engine.start(start(3))
    const p = peers[0]!
    p.emit('signal', { type: 'offer', sdp: 'v=0' })
    p.emit('signal', { type: 'renegotiate', renegotiate: true })
    p.emit('signal', { type: 'transceiverRequest', transceiverRequest: { kind: 'video' } })
    p.emit('signal', { type: 'bogus' })
    expect(api.signal).toHaveBeenCalledTimes(1)
    expect(api.signal).toHaveBeenCalledWith({
      callId: call.callId,
      generation: 3,
      data: { type: 'offer', sdp: 'v=0' },
    })
  })

  it('a new generation replaces the peer; old-generation signals are ignored', async () => {
    const { engine, peers, camera } = setup('clerk')
    camera()
    await engine.start(start(1))
    await engine.start(start(2))
    expect(peers[0]!.destroyed).toBe(true)
    engine.onSignal(signal(1, 'stale'))
    engine.onSignal(signal(2, 'fresh'))
    expect(peers[0]!.signals).toEqual([])
    expect(peers[1]!.signals).toEqual([{ type: 'offer', sdp: 'fresh' }])
  })

  it('on connect: reports connected and caps the video bitrate', async () => {
    const { engine, api, peers, camera } = setup('clerk')
    camera()
    await engine.start(start(1))
    peers[0]!.emit('connect')
    await vi.advanceTimersByTimeAsync(0)
    expect(engine.state.phase).toBe('connected')
    expect(api.connected).toHaveBeenCalledWith({ callId: call.callId, generation: 1 })
    expect(peers[0]!.encodings[0]).toMatchObject({ maxBitrate: 300_000, active: true })
  })

  it('starts video at half size with the caps on, and goes to full size once connected a while', async () => {
    const { engine, peers, camera } = setup('terminal')
    camera()
    await engine.start(start(1, false))
    await vi.advanceTimersByTimeAsync(0)
    const p = peers[0]!
    // Before negotiation: small first keyframe, caps already set.
    expect(p.encodings[0]).toMatchObject({ maxBitrate: 300_000, scaleResolutionDownBy: 2 })
    p.emit('connect')
    await vi.advanceTimersByTimeAsync(RAMP_UP_MS - 100)
    expect(p.encodings[0]!.scaleResolutionDownBy).toBe(2)
    await vi.advanceTimersByTimeAsync(200)
    expect(p.encodings[0]).toMatchObject({ maxBitrate: 300_000, scaleResolutionDownBy: 1 })
  })

  it('ICE failure: the clerk asks for a renegotiation at once, the kiosk only as a fallback', async () => {
    const clerk = setup('clerk')
    clerk.camera()
    await clerk.engine.start(start(1))
    clerk.peers[0]!.emit(
      'error',
      Object.assign(new Error('ice'), { code: 'ERR_ICE_CONNECTION_FAILURE' }),
    )
    await vi.advanceTimersByTimeAsync(0)
    expect(clerk.api.renegotiate).toHaveBeenCalledWith({
      callId: call.callId,
      reason: 'ice-failed',
    })
    expect(clerk.engine.state.phase).toBe('retrying')

    const kiosk = setup('terminal')
    kiosk.camera()
    await kiosk.engine.start(start(1, false))
    kiosk.peers[0]!.emit('error', new Error('ice'))
    await vi.advanceTimersByTimeAsync(1_000)
    expect(kiosk.api.renegotiate).not.toHaveBeenCalled()
    // The clerk's renegotiation arrives: the kiosk never sends its own.
    await kiosk.engine.start(start(2, false))
    await vi.advanceTimersByTimeAsync(10_000)
    expect(kiosk.api.renegotiate).not.toHaveBeenCalled()
    expect(kiosk.peers).toHaveLength(2)
  })

  it('voice only turns our video encoding off and tells the other side', async () => {
    const { engine, peers, camera } = setup('terminal')
    camera()
    await engine.start(start(1, false))
    peers[0]!.emit('connect')
    await vi.advanceTimersByTimeAsync(0)
    engine.setAudioOnly('user')
    await vi.advanceTimersByTimeAsync(0)
    expect(peers[0]!.encodings[0]!.active).toBe(false)
    expect(peers[0]!.sent.map((s) => JSON.parse(s))).toContainEqual({ t: 'audio-only', on: true })
    // The other side's request works the same way, without echoing it back.
    engine.setAudioOnly(null)
    peers[0]!.sent = []
    peers[0]!.emit('data', JSON.stringify({ t: 'audio-only', on: true }))
    await vi.advanceTimersByTimeAsync(0)
    expect(engine.state.audioOnly).toBe('peer')
    expect(peers[0]!.sent).toEqual([])
  })

  it('finish() destroys the peer and returns a summary with the ICE rebuilds', async () => {
    const { engine, peers, camera } = setup('clerk')
    camera()
    await engine.start(start(1))
    peers[0]!.emit('error', new Error('x'))
    const rebuilt: RenegotiateEvent = { ...start(2), reason: 'ice-failed' }
    const resumed: RenegotiateEvent = { ...start(3), reason: 'peer-resumed' }
    await engine.start(rebuilt)
    await engine.start(resumed)
    const summary = engine.finish()
    // Media rebuilds count as ICE restarts; a resume after a signaling drop does not.
    expect(summary.iceRestarts).toBe(1)
    expect(peers[2]!.destroyed).toBe(true)
    await engine.start(start(5))
    expect(peers).toHaveLength(3)
  })

  describe('prepared while the clerk reads the offer', () => {
    it('connects without sending anything of either person, and reports nothing yet', async () => {
      const { engine, api, peers, stream, camera } = setup('terminal')
      camera()
      await engine.prepare(start(1, false))
      const p = peers[0]!
      // Copies of camera and microphone, switched off: black frames and silence only.
      expect(sentTracks(p).map((t) => [t.kind, t.enabled])).toEqual([
        ['audio', false],
        ['video', false],
      ])
      expect(sentTracks(p).every((t) => stream.tracks.includes(t.copyOf!))).toBe(true)
      // The resident's own view is untouched.
      expect(stream.tracks.every((t) => t.enabled)).toBe(true)
      p.emit('connect')
      await vi.advanceTimersByTimeAsync(0)
      expect(engine.state.phase).toBe('idle')
      expect(api.connected).not.toHaveBeenCalled()
    })

    it('call:start for the prepared generation switches media on in the same peer', async () => {
      const { engine, api, peers, camera } = setup('terminal')
      camera()
      await engine.prepare(start(1, false))
      peers[0]!.emit('connect')
      engine.setMuted(true)
      await engine.start(start(1, false))
      await vi.advanceTimersByTimeAsync(0)
      expect(peers).toHaveLength(1)
      // Video on; the microphone stays as the resident set it (muted).
      expect(sentTracks(peers[0]!).map((t) => [t.kind, t.enabled])).toEqual([
        ['audio', false],
        ['video', true],
      ])
      expect(engine.state.phase).toBe('connected')
      expect(api.connected).toHaveBeenCalledExactlyOnceWith({ callId: call.callId, generation: 1 })
    })

    it('the clerk goes live on tapping accept, before the server answers', async () => {
      const { engine, api, peers, camera } = setup('clerk')
      camera()
      await engine.prepare(start(2))
      engine.acceptPrepared()
      expect(sentTracks(peers[0]!).every((t) => t.enabled)).toBe(true)
      peers[0]!.emit('connect')
      await vi.advanceTimersByTimeAsync(0)
      expect(api.connected).toHaveBeenCalledTimes(1)
      // The server's call:start for that generation changes nothing.
      await engine.start(start(2))
      expect(peers).toHaveLength(1)
      expect(peers[0]!.destroyed).toBe(false)
    })

    it('a prepared peer that fails asks nothing of the server until the call is accepted', async () => {
      const { engine, api, peers, camera } = setup('clerk')
      camera()
      await engine.prepare(start(1))
      peers[0]!.emit('error', new Error('ice'))
      await vi.advanceTimersByTimeAsync(10_000)
      expect(api.renegotiate).not.toHaveBeenCalled()
      expect(sentTracks(peers[0]!).every((t) => t.stopped)).toBe(true)
      await engine.start(start(1))
      await vi.advanceTimersByTimeAsync(0)
      expect(api.renegotiate).toHaveBeenCalledWith({ callId: call.callId, reason: 'ice-failed' })
    })

    it('a later generation (the offer went elsewhere and came back) builds a new peer', async () => {
      const { engine, peers, camera } = setup('terminal')
      camera()
      await engine.prepare(start(1, false))
      await engine.prepare(start(2, false))
      expect(peers[0]!.destroyed).toBe(true)
      expect(sentTracks(peers[0]!).every((t) => t.stopped)).toBe(true)
      await engine.start(start(2, false))
      expect(peers).toHaveLength(2)
      expect(sentTracks(peers[1]!).every((t) => t.enabled && !t.stopped)).toBe(true)
    })

    it('a console that kept a prepared peer of a vanished offer still takes the next call', async () => {
      const { engine, peers, camera } = setup('clerk')
      camera()
      await engine.prepare(start(4))
      // Another call, whose generations start again from 1.
      const other = { ...start(1), call: { ...start(1).call, callId: 'c_zyxwvuts98' } }
      await engine.prepare(other)
      expect(peers).toHaveLength(2)
      expect(peers[0]!.destroyed).toBe(true)
    })

    it('unmuting or switching the camera before the accept sends nothing either', async () => {
      const { engine, peers, camera } = setup('terminal')
      camera()
      await engine.prepare(start(1, false))
      engine.setMuted(false)
      const p = peers[0]!
      await engine.replaceTrack(new FakeTrack('video') as unknown as MediaStreamTrack)
      expect(p.senders.map((s) => [s.track.kind, s.track.enabled])).toEqual([
        ['audio', false],
        ['video', false],
      ])
      await engine.start(start(1, false))
      expect(p.senders.every((s) => s.track.enabled)).toBe(true)
      // The copy of the camera switched away from is closed.
      expect(sentTracks(p).find((t) => t.kind === 'video')!.stopped).toBe(true)
    })
  })
})
