import { vi } from 'vitest'
import type { CallStartEvent, CallView } from '../../../../common/signaling'
import type { PeerFactory, PeerLike } from '../../../../renderer/src/video/shared/call-engine'
import type { LinkState } from '../../../../renderer/src/video/shared/signaling-client'

/** Camera and microphone with no tracks (the engine clones the stream for prepared peers). */
export function fakeStream(): MediaStream {
  const s = { getAudioTracks: () => [], getTracks: () => [], clone: () => s }
  return s as unknown as MediaStream
}

/** A peer factory for the session tests: each peer only records whether it was destroyed. */
export function fakePeers(): { peers: { destroyed: boolean }[]; createPeer: PeerFactory } {
  const peers: { destroyed: boolean }[] = []
  const createPeer: PeerFactory = () => {
    const p = {
      destroyed: false,
      on: () => p,
      signal: () => {},
      send: () => {},
      destroy: () => (p.destroyed = true),
      _pc: { getSenders: () => [], getStats: async () => new Map() },
    }
    peers.push(p)
    return p as unknown as PeerLike
  }
  return { peers, createPeer }
}

export const callId = 'c_abcdefgh12'

/** A call as the server describes it to either party; each test overrides what it is about. */
export function callView(over: Partial<CallView> = {}): CallView {
  return {
    callId,
    state: 'connecting',
    category: 'social-security',
    hall: 'h',
    terminalName: 't',
    maskedName: null,
    item: { id: 'i', title: 'i' },
    step: { id: 's', label: 's' },
    mode: 'video',
    priority: 0,
    priorityReasons: [],
    clerk: { displayName: '王芳' },
    generation: 1,
    queuedAt: 0,
    endReason: null,
    ...over,
  }
}

/** `call:start` (or `call:prepare`) for a call, its generation taken from the call. */
export function callStart(
  call: CallView,
  initiator: boolean,
  peerName: string,
  iceServers: CallStartEvent['iceServers'] = [],
): CallStartEvent {
  return {
    call,
    generation: call.generation,
    initiator,
    iceServers,
    peer: { displayName: peerName },
  }
}

/**
 * A SignalingClient whose server side the test plays: `emit` delivers a server event, `setLink`
 * changes the link, `answer` gives each request's ack (default `{}`); requests are recorded.
 */
export function fakeSignalingClient(
  link: LinkState,
  answer: (event: string) => unknown = () => undefined,
) {
  const listeners = new Map<string, ((p: unknown) => void)[]>()
  const linkFns: ((l: LinkState) => void)[] = []
  const requests: { event: string; payload: unknown }[] = []
  const client = {
    get link() {
      return link
    },
    refusal: null,
    dropped: 0,
    on: (e: string, fn: (p: unknown) => void) => {
      listeners.set(e, [...(listeners.get(e) ?? []), fn])
      return () => {}
    },
    onLink: (fn: (l: LinkState) => void) => {
      linkFns.push(fn)
      return () => {}
    },
    request: vi.fn(async (event: string, payload: unknown) => {
      requests.push({ event, payload })
      return answer(event) ?? {}
    }),
    sendWhenOnline: vi.fn(),
    setResumeCall: vi.fn(),
    close: vi.fn(),
  }
  return {
    client,
    requests,
    setLink(l: LinkState) {
      link = l
      for (const fn of linkFns) fn(l)
    },
    emit(e: string, p: unknown) {
      for (const fn of listeners.get(e) ?? []) fn(p)
    },
  }
}
