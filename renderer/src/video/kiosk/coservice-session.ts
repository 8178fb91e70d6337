import {
  PAGE_LIMITS,
  type ConsentDecision,
  type CoServiceActionEvent,
  type CoServiceOutcomePayload,
  type CoServicePagePayload,
  type Mirror,
} from '../../../../common/signaling'

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
  /** The kept pages (each once per URL), and one page's image within PAGE_LIMITS.pageBytes. */
  pages?(): { materialId: string; page: number; url: string; blob: Blob }[]
  pageData?(page: {
    blob: Blob
  }): Promise<{ mediaType: CoServicePagePayload['mediaType']; base64: string }>
}

/** The clerk's actions while sharing (renderer/src/kiosk/action-desk.ts). */
export interface ActionSink {
  open(callId: string, send: (o: CoServiceOutcomePayload) => Promise<unknown>): void
  close(): void
  receive(ev: CoServiceActionEvent): void
}

export interface CoServiceDeps {
  source: MirrorSource
  consent(callId: string, decision: ConsentDecision): Promise<unknown>
  mirror(callId: string, seq: number, mirror: Mirror): Promise<unknown>
  page?(p: CoServicePagePayload): Promise<unknown>
  outcome?(o: CoServiceOutcomePayload): Promise<unknown>
  actions?: ActionSink
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
  /** Pages sent under this consent (`material:page:url`); a retake has a new URL. */
  private sentPages = new Set<string>()
  private pageChain: Promise<void> = Promise.resolve()
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
        const send = this.deps.outcome
        if (send) this.deps.actions?.open(callId, send)
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

  /** After a reconnect (either side): the whole mirror again, and its pages. */
  resync(): void {
    if (this.current !== 'granted' || !this.stopWatching) return
    this.sentPages.clear()
    this.flush()
  }

  /** A clerk's action: only while the resident shares with this call. */
  action(ev: CoServiceActionEvent): void {
    if (this.current === 'granted' && this.stopWatching && ev.callId === this.callId)
      this.deps.actions?.receive(ev)
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
    this.sendPages()
  }

  /** New kept pages go one after another, each in pieces the socket accepts. */
  private sendPages(): void {
    const { pages, pageData } = this.deps.source
    const send = this.deps.page
    const callId = this.callId
    if (!pages || !pageData || !send || !callId) return
    for (const p of pages()) {
      const key = `${p.materialId}:${p.page}:${p.url}`
      if (this.sentPages.has(key)) continue
      this.sentPages.add(key)
      this.pageChain = this.pageChain
        .then(async () => {
          if (this.callId !== callId || this.current !== 'granted') return
          const { mediaType, base64 } = await pageData(p)
          const chunks = Math.ceil(base64.length / PAGE_LIMITS.chunkChars)
          if (chunks < 1 || chunks > PAGE_LIMITS.chunks) return
          for (let chunk = 0; chunk < chunks; chunk++) {
            if (this.callId !== callId || this.current !== 'granted') return
            const data = base64.slice(
              chunk * PAGE_LIMITS.chunkChars,
              (chunk + 1) * PAGE_LIMITS.chunkChars,
            )
            await send({
              callId,
              materialId: p.materialId,
              page: p.page,
              chunk,
              chunks,
              mediaType,
              data,
            })
          }
        })
        .catch(() => {
          // Not sent (offline, the call over): the next resync sends it again.
          this.sentPages.delete(key)
        })
    }
  }

  private stop(): void {
    this.stopWatching?.()
    this.stopWatching = null
    this.sentPages.clear()
    this.deps.actions?.close()
    if (this.timer !== null) this.timers.clear(this.timer)
    this.timer = null
  }

  private set(state: ConsentState): void {
    if (this.current === state) return
    this.current = state
    this.deps.onChange(state)
  }
}
