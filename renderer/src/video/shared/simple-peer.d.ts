// Types for the part of @thaunknown/simple-peer we use (the package ships none).
declare module '@thaunknown/simple-peer' {
  interface SimplePeerOptions {
    initiator?: boolean
    trickle?: boolean
    config?: RTCConfiguration
    streams?: MediaStream[]
    channelName?: string
    offerOptions?: RTCOfferOptions
    answerOptions?: RTCAnswerOptions
    sdpTransform?: (sdp: string) => string
  }
  interface SimplePeerError extends Error {
    code?: string
  }
  export default class SimplePeer {
    constructor(opts?: SimplePeerOptions)
    /** The underlying connection; not part of the documented API, but stable across 9.x–10.x. */
    _pc: RTCPeerConnection
    destroyed: boolean
    connected: boolean
    signal(data: unknown): void
    send(data: string): void
    destroy(err?: Error): void
    on(event: 'signal', fn: (data: unknown) => void): this
    on(event: 'connect' | 'close', fn: () => void): this
    on(event: 'error', fn: (err: SimplePeerError) => void): this
    on(event: 'stream', fn: (stream: MediaStream) => void): this
    on(event: 'data', fn: (data: Uint8Array | string) => void): this
    on(event: 'iceStateChange', fn: (ice: RTCIceConnectionState, gathering: string) => void): this
  }
}
