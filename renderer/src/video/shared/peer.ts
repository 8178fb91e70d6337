import SimplePeer from '@thaunknown/simple-peer'
import type { PeerFactory, PeerLike } from './call-engine'
import { withStartBitrate } from './sdp'

/**
 * Peers are @thaunknown/simple-peer (the maintained fork): trickle ICE, one bundled connection,
 * a data channel for the voice-only request. It cannot restart ICE, so the engine replaces the
 * whole peer through the server instead (see docs/video.md).
 */
export const simplePeerFactory: PeerFactory = ({ startKbps, ...opts }) =>
  new SimplePeer({
    ...opts,
    trickle: true,
    channelName: 'call',
    sdpTransform: (sdp) => (startKbps ? withStartBitrate(sdp, startKbps) : sdp),
  }) as unknown as PeerLike
