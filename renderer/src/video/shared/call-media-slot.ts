import type { TerminalClientToServer } from '../../../../common/signaling'
import {
  CallEngine,
  type Caps,
  type CallEngineOptions,
  type CallMediaState,
  type PeerFactory,
} from './call-engine'
import { simplePeerFactory } from './peer'
import type { SignalingClient } from './signaling-client'

/** The requests a call's media sends; the kiosk and the clerk console send them alike. */
type CallMediaRequests = Pick<
  TerminalClientToServer,
  'call:signal' | 'call:connected' | 'call:renegotiate' | 'call:quality'
>
export type CallMediaClient = Pick<SignalingClient<CallMediaRequests, unknown>, 'request'>

export interface CallMediaSlotOptions {
  side: CallEngineOptions['side']
  caps: Caps
  /** The party's socket; asked when the engine is built and when it reports quality. */
  client: () => CallMediaClient
  localStream: () => Promise<MediaStream>
  createPeer?: PeerFactory
  iceTransportPolicy?: RTCIceTransportPolicy
  /** The engine's media state changed. */
  onChange: (media: CallMediaState) => void
  /** The engine is gone (dropped or finished): the session shows no media. */
  onEmpty: () => void
  /** Build each engine with video off by the user's choice (a voice-only call). */
  audioOnly?: boolean
}

/**
 * The one call engine a party's video session holds at a time, for the kiosk and the clerk
 * console alike: built on first need (`call:prepare` or `call:start`), dropped without a report
 * when an offer is taken back, finished with its quality summary sent to the centre when the
 * call leaves this party.
 */
export class CallMediaSlot {
  private e: CallEngine | null = null

  constructor(private readonly o: CallMediaSlotOptions) {}

  get engine(): CallEngine | null {
    return this.e
  }

  ensure(): CallEngine {
    if (!this.e) {
      const c = this.o.client()
      this.e = new CallEngine({
        side: this.o.side,
        api: {
          signal: (p) => c.request('call:signal', p),
          connected: (p) => c.request('call:connected', p),
          renegotiate: (p) => c.request('call:renegotiate', p),
        },
        localStream: this.o.localStream,
        caps: this.o.caps,
        createPeer: this.o.createPeer ?? simplePeerFactory,
        iceTransportPolicy: this.o.iceTransportPolicy,
        onChange: this.o.onChange,
      })
      // A voice-only call: our side has no camera, and the other side's video is switched off
      // too (told over the data channel once connected), so the link carries only Opus.
      if (this.o.audioOnly) this.e.setAudioOnly('user')
    }
    return this.e
  }

  /** A peer prepared for an offer that was taken back: nothing was sent, nothing to report. */
  drop(): void {
    if (!this.e) return
    this.e.finish()
    this.e = null
    this.o.onEmpty()
  }

  /** The call left this party: stop its media and send the centre its quality summary. */
  finish(callId: string): void {
    const e = this.e
    this.e = null
    if (!e) return
    const summary = e.finish()
    this.o.onEmpty()
    this.o
      .client()
      .request('call:quality', { callId, summary })
      .catch(() => {})
  }

  setAudioOnly(on: boolean): void {
    this.e?.setAudioOnly(on ? 'user' : null)
  }
  setMuted(on: boolean): void {
    this.e?.setMuted(on)
  }
}
