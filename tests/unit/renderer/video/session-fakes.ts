import type { PeerFactory, PeerLike } from '../../../../renderer/src/video/shared/call-engine'

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
