import type { ConsentDecision, Mirror } from '../../../../common/signaling'

/**
 * The resident's side of co-service (键对键) in one call: the clerk's 查看申请 asks the
 * resident; only after 同意 is the application mirrored, as a whole snapshot on consent and on
 * every reconnect and then on each change (coalesced: at most `debounceMs` after the change).
 * Consent holds for this call only: 停止共享, the end of the call or a session reset end it.
 * I/O (the socket, the store, the clock) is injected, so tests drive it directly.
 */
export type ConsentState = 'none' | 'asked' | 'granted'

/** Where the mirror comes from: the kiosk's store (renderer/src/kiosk/mirror.ts). */
export interface MirrorSource {
  snapshot(): Mirror
  subscribe(onChange: () => void): () => void
}

export interface CoServiceDeps {
  source: MirrorSource
  consent(callId: string, decision: ConsentDecision): Promise<unknown>
  mirror(callId: string, seq: number, mirror: Mirror): Promise<unknown>
  onChange(state: ConsentState): void
  /** Coalescing window; the console shows a keystroke at most this much later (plus the link). */
  debounceMs?: number
  timers?: {
    set(fn: () => void, ms: number): unknown
    clear(handle: unknown): void
  }
}

export const MIRROR_DEBOUNCE_MS = 50

export class CoServiceSession {
  private current: ConsentState = 'none'
  private callId: string | null = null
  private seq = 0
  private stopWatching: (() => void) | null = null
  private timer: unknown = null
  private readonly timers: NonNullable<CoServiceDeps['timers']>

  constructor(private readonly deps: CoServiceDeps) {
    this.timers = deps.timers ?? {
      set: (fn, ms) => setTimeout(fn, ms),
      clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    }
  }

  get state(): ConsentState {
    return this.current
  }

  /** The clerk of call `callId` asks to see. Already shared in this call: nothing to ask. */
  request(callId: string): void {
    if (this.current === 'granted' && this.callId === callId) return
    this.stop()
    this.callId = callId
    this.set('asked')
  }

  /** 同意 / 不同意. */
  answer(granted: boolean): void {
    const callId = this.callId
    if (this.current !== 'asked' || !callId) return
    if (!granted) {
      this.set('none')
      void this.deps.consent(callId, 'declined').catch(() => undefined)
      return
    }
    this.set('granted')
    this.deps.consent(callId, 'granted').then(
      () => {
        if (this.current !== 'granted' || this.callId !== callId) return
        this.stopWatching = this.deps.source.subscribe(() => this.changed())
        this.flush()
      },
      // Not recorded by the centre (offline, call over): nothing is shared.
      () => {
        if (this.callId === callId && this.current === 'granted') this.set('none')
      },
    )
  }

  /** 停止共享: the console is told and shows nothing of the application any more. */
  withdraw(): void {
    const callId = this.callId
    if (this.current !== 'granted' || !callId) return
    this.stop()
    this.set('none')
    void this.deps.consent(callId, 'withdrawn').catch(() => undefined)
  }

  /** After a reconnect (either side): the whole mirror again. */
  resync(): void {
    if (this.current === 'granted' && this.stopWatching) this.flush()
  }

  /** The call ended, went back to the queue, or the session was reset: consent ends with it. */
  end(): void {
    this.stop()
    this.callId = null
    this.set('none')
  }

  private changed(): void {
    if (this.timer !== null) return
    this.timer = this.timers.set(() => {
      this.timer = null
      this.flush()
    }, this.deps.debounceMs ?? MIRROR_DEBOUNCE_MS)
  }

  private flush(): void {
    if (this.current !== 'granted' || !this.callId) return
    this.seq += 1
    // A lost one is healed by the next change or resync: each mirror is whole.
    void this.deps.mirror(this.callId, this.seq, this.deps.source.snapshot()).catch(() => undefined)
  }

  private stop(): void {
    this.stopWatching?.()
    this.stopWatching = null
    if (this.timer !== null) this.timers.clear(this.timer)
    this.timer = null
  }

  private set(state: ConsentState): void {
    if (this.current === state) return
    this.current = state
    this.deps.onChange(state)
  }
}
