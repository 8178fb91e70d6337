import SimplePeer from '@thaunknown/simple-peer'
import type { PeerFactory, PeerLike } from './call-engine'

/**
 * Peers are @thaunknown/simple-peer (the maintained fork): trickle ICE, one bundled connection,
 * a data channel for the voice-only request. It cannot restart ICE, so the engine replaces the
 * whole peer through the server instead (see docs/video.md).
 */
export const simplePeerFactory: PeerFactory = (opts) =>
  new SimplePeer({ ...opts, trickle: true, channelName: 'call' }) as unknown as PeerLike
