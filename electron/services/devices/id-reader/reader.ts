/**
 * The ID-card reader driver: request/response over a payload-level ByteTransport with
 * timeouts and retries, one full read (find → select → read), and a polling loop that emits
 * card-present / card-removed and does not re-read a card while it stays on the reader.
 */
import type { IdCard } from '../../../../common/devices/id-card'
import type { ReaderEvent, ReaderState } from '../../../../common/devices/reader-events'
import { maskIdNumber, maskName } from '../../../../common/privacy/mask'
import { silentLogger, type Logger } from '../../../../node-common/logger'
import { TransportError, type ByteTransport, type Unsubscribe } from '../ports'
import { Listeners } from '../framed-transport'
import { systemTimers, sleep, type Timers } from '../timers'
import { decodeCardText, PHOTO_LENGTH, TEXT_LENGTH } from './card-text'
import { errorForStatus, ReaderError, SW3_FIND_SUCCESS, SW3_SUCCESS } from './errors'
import { CardPhoto } from './photo'
import {
  encodeCommand,
  FrameDecoder,
  parseResponse,
  type CommandName,
  type SamResponse,
} from './sam-codec'

export interface CardRead {
  card: IdCard
  /** Opaque WLT photo; see photo.ts. */
  photo: CardPhoto
  /** The 8-byte card serial from select, hex; tells one card from the next. */
  serial: string
}

export interface IdReaderOptions {
  timers?: Timers
  logger?: Logger
  /** Per-command answer timeout (ms). */
  responseTimeoutMs?: number
  /** Timeout for the read command, whose answer is ~1.3 KB and needs the RF exchange. */
  readTimeoutMs?: number
  /** Extra attempts after a damaged frame or a timeout. */
  retries?: number
  pollIntervalMs?: number
  /** Consecutive failed finds before a present card counts as removed. */
  removeAfterMisses?: number
}

/** Errors worth repeating the same command for: the frame, not the card, was at fault. */
const retryable = new Set([
  'FRAME_CHECKSUM',
  'FRAME_LENGTH',
  'BAD_RESPONSE',
  'RESPONSE_TIMEOUT',
  'SAM_FRAME_CHECKSUM',
  'SAM_FRAME_LENGTH',
])

interface Pending {
  resolve: (r: SamResponse) => void
  reject: (e: ReaderError) => void
}

export type ReaderListener = (event: ReaderEvent, read?: CardRead) => void

export class IdCardReader {
  private readonly timers: Timers
  private readonly log: Logger
  private readonly decoder = new FrameDecoder()
  private readonly listeners = new Listeners<{ event: ReaderEvent; read?: CardRead }>()
  private readonly unsubs: Unsubscribe[] = []
  private pending: Pending | undefined
  private queue: Promise<unknown> = Promise.resolve()
  private disconnected = false
  private running = false
  private tickHandle: unknown
  private presentSerial: string | undefined
  private misses = 0
  private lastErrorCode: string | undefined
  private readonly opts: Required<Omit<IdReaderOptions, 'timers' | 'logger'>>
  state: ReaderState = 'stopped'
  lastError: ReaderError | undefined

  constructor(
    private readonly transport: ByteTransport,
    options: IdReaderOptions = {},
  ) {
    this.timers = options.timers ?? systemTimers
    this.log = options.logger ?? silentLogger()
    this.opts = {
      responseTimeoutMs: options.responseTimeoutMs ?? 1000,
      readTimeoutMs: options.readTimeoutMs ?? 3000,
      retries: options.retries ?? 2,
      pollIntervalMs: options.pollIntervalMs ?? 400,
      removeAfterMisses: options.removeAfterMisses ?? 2,
    }
    this.unsubs.push(
      transport.onData((bytes) => this.onBytes(bytes)),
      transport.onError((e) => {
        this.disconnected = true
        this.log.warn({ code: e.code, source: transport.source }, 'reader transport lost')
        this.pending?.reject(new ReaderError('DISCONNECTED', e.message))
        this.pending = undefined
        this.stopLoop()
        this.setState('disconnected')
      }),
    )
  }

  onEvent(listener: ReaderListener): Unsubscribe {
    return this.listeners.add(({ event, read }) => listener(event, read))
  }

  private onBytes(bytes: Uint8Array): void {
    for (const item of this.decoder.push(bytes)) {
      const p = this.pending
      if (!p) continue // unsolicited or late answer: nobody asked
      this.pending = undefined
      if (item.kind === 'error') p.reject(item.error)
      else {
        try {
          p.resolve(parseResponse(item.body))
        } catch (e) {
          p.reject(e instanceof ReaderError ? e : new ReaderError('BAD_RESPONSE'))
        }
      }
    }
  }

  /** One command, one answer; retried on damaged frames and timeouts. Serialised. */
  request(name: CommandName, data?: Uint8Array): Promise<SamResponse> {
    const run = async () => {
      let lastError: ReaderError | undefined
      for (let attempt = 0; attempt <= this.opts.retries; attempt++) {
        try {
          const r = await this.once(name, data)
          if (r.sw3 === 0x10 || r.sw3 === 0x11) throw errorForStatus(r.sw3)
          return r
        } catch (e) {
          const err = e instanceof ReaderError ? e : new ReaderError('BAD_RESPONSE', String(e))
          if (!retryable.has(err.code)) throw err
          lastError = err
          this.log.debug({ command: name, code: err.code, attempt }, 'reader retry')
        }
      }
      throw lastError!
    }
    const next = this.queue.then(run, run)
    this.queue = next.catch(() => undefined)
    return next
  }

  private once(name: CommandName, data?: Uint8Array): Promise<SamResponse> {
    if (this.disconnected) return Promise.reject(new ReaderError('DISCONNECTED'))
    this.decoder.reset() // a late or partial answer to an earlier command must not leak in
    const timeout =
      name === 'readText' || name === 'readWithFingerprint'
        ? this.opts.readTimeoutMs
        : this.opts.responseTimeoutMs
    return new Promise<SamResponse>((resolve, reject) => {
      const timer = this.timers.setTimeout(() => {
        if (this.pending === entry) this.pending = undefined
        reject(new ReaderError('RESPONSE_TIMEOUT', name))
      }, timeout)
      const entry: Pending = {
        resolve: (r) => {
          this.timers.clearTimeout(timer)
          resolve(r)
        },
        reject: (e) => {
          this.timers.clearTimeout(timer)
          reject(e)
        },
      }
      this.pending = entry
      this.transport.write(encodeCommand(name, data)).catch((e: unknown) => {
        if (this.pending === entry) this.pending = undefined
        const text = e instanceof Error ? e.message : String(e)
        const replay =
          e instanceof TransportError && (e.code === 'TRACE_MISMATCH' || e.code === 'TRACE_ENDED')
        entry.reject(new ReaderError(replay ? 'REPLAY_MISMATCH' : 'DISCONNECTED', text))
      })
    })
  }

  private async expect(name: CommandName, ok: number): Promise<Uint8Array> {
    const r = await this.request(name)
    if (r.sw3 !== ok) throw errorForStatus(r.sw3)
    return r.data
  }

  /** Find (retrying once when no card answers, as vendor drivers do). */
  async find(retryOnNoCard = false): Promise<void> {
    let r = await this.request('findCard')
    if (r.sw3 === 0x80 && retryOnNoCard) {
      await sleep(this.timers, 100)
      r = await this.request('findCard')
    }
    if (r.sw3 !== SW3_FIND_SUCCESS) throw errorForStatus(r.sw3)
  }

  async select(): Promise<string> {
    const sn = await this.expect('selectCard', SW3_SUCCESS)
    return Array.from(sn, (b) => b.toString(16).padStart(2, '0')).join('')
  }

  /** Reads text + photo of the selected card. */
  async readSelected(serial: string): Promise<CardRead> {
    const data = await this.expect('readText', SW3_SUCCESS)
    if (data.length < 4) throw new ReaderError('BAD_RESPONSE', 'read answer too short')
    const textLen = (data[0]! << 8) | data[1]!
    const photoLen = (data[2]! << 8) | data[3]!
    if (
      textLen !== TEXT_LENGTH ||
      photoLen > PHOTO_LENGTH ||
      data.length < 4 + textLen + photoLen
    ) {
      throw new ReaderError('BAD_RESPONSE', `text ${textLen} photo ${photoLen}`)
    }
    const card = decodeCardText(data.subarray(4, 4 + textLen))
    const photo = new CardPhoto(data.subarray(4 + textLen, 4 + textLen + photoLen))
    return { card, photo, serial }
  }

  /** One complete read: find → select → read. */
  async readCard(): Promise<CardRead> {
    await this.find(true)
    const serial = await this.select()
    return this.readSelected(serial)
  }

  /**
   * A screen asks for the card while one lies on the reader since before (read then, and its
   * session since wiped): forget it, so the next poll reads it again and announces it with
   * card-present, without a card-removed in between. False when no card is present.
   */
  rereadPresent(): boolean {
    if (this.presentSerial === undefined || !this.running) return false
    this.presentSerial = undefined
    this.misses = 0
    // Read now rather than at the next poll: the resident is looking at the screen.
    if (this.tickHandle !== undefined) {
      this.timers.clearTimeout(this.tickHandle)
      this.tickHandle = undefined
      this.schedule(0)
    }
    return true
  }

  // ---- the polling loop ----

  start(): void {
    if (this.running || this.disconnected) return
    this.running = true
    this.setState('waiting-card')
    this.schedule(0)
  }

  stop(): void {
    this.stopLoop()
    if (!this.disconnected) this.setState('stopped')
  }

  private stopLoop(): void {
    this.running = false
    if (this.tickHandle !== undefined) this.timers.clearTimeout(this.tickHandle)
    this.tickHandle = undefined
  }

  async close(): Promise<void> {
    this.stop()
    for (const u of this.unsubs.splice(0)) u()
    this.pending?.reject(new ReaderError('DISCONNECTED', 'closed'))
    this.pending = undefined
    await this.transport.close().catch(() => undefined)
  }

  private schedule(ms: number): void {
    if (!this.running) return
    this.tickHandle = this.timers.setTimeout(() => {
      this.tickHandle = undefined
      void this.tick().finally(() => this.schedule(this.opts.pollIntervalMs))
    }, ms)
  }

  private async tick(): Promise<void> {
    try {
      if (this.presentSerial === undefined) await this.lookForCard()
      else await this.watchPresentCard(this.presentSerial)
    } catch (e) {
      if (!this.running) return
      const err = e instanceof ReaderError ? e : new ReaderError('BAD_RESPONSE', String(e))
      if (err.code === 'DISCONNECTED') return
      this.presentSerial = undefined
      this.fail(err)
    }
  }

  private async lookForCard(): Promise<void> {
    const r = await this.request('findCard')
    if (r.sw3 === 0x80) {
      this.lastErrorCode = undefined
      this.lastError = undefined
      this.setState('waiting-card')
      return
    }
    if (r.sw3 !== SW3_FIND_SUCCESS) throw errorForStatus(r.sw3)
    this.setState('reading')
    const serial = await this.select()
    await this.readAndAnnounce(serial)
  }

  private async readAndAnnounce(serial: string): Promise<void> {
    const read = await this.readSelected(serial)
    if (!this.running) return
    this.presentSerial = serial
    this.misses = 0
    this.lastErrorCode = undefined
    this.lastError = undefined
    this.log.info(
      {
        event: 'card-present',
        cardType: read.card.cardType,
        name: maskName(read.card.name),
        idNumber: maskIdNumber(read.card.idNumber),
      },
      'card read',
    )
    this.emit({ type: 'card-present', card: read.card, at: this.iso() }, read)
    this.setState('card-present')
  }

  private async watchPresentCard(serial: string): Promise<void> {
    const r = await this.request('findCard')
    if (r.sw3 === SW3_FIND_SUCCESS) {
      const s = await this.request('selectCard')
      if (s.sw3 === SW3_SUCCESS) {
        const now = Array.from(s.data, (b) => b.toString(16).padStart(2, '0')).join('')
        this.misses = 0
        if (now === serial) return // same card still there: do not read it again
        this.announceRemoved()
        this.setState('reading')
        await this.readAndAnnounce(now)
        return
      }
    } else if (r.sw3 !== 0x80) {
      throw errorForStatus(r.sw3)
    }
    if (++this.misses >= this.opts.removeAfterMisses) {
      this.announceRemoved()
      this.setState('waiting-card')
    }
  }

  private announceRemoved(): void {
    this.presentSerial = undefined
    this.misses = 0
    this.log.info({ event: 'card-removed' }, 'card removed')
    this.emit({ type: 'card-removed', at: this.iso() })
  }

  private fail(err: ReaderError): void {
    this.lastError = err
    if (this.lastErrorCode !== err.code) {
      this.lastErrorCode = err.code
      this.log.warn({ code: err.code, sw3: err.sw3 }, 'reader error')
      this.emit({ type: 'error', error: err.toShape(), at: this.iso() })
    }
    this.setState('error')
  }

  private setState(state: ReaderState): void {
    if (this.state === state) return
    this.state = state
    this.emit({ type: 'state', state, at: this.iso() })
  }

  private emit(event: ReaderEvent, read?: CardRead): void {
    this.listeners.emit(read ? { event, read } : { event })
  }

  private iso(): string {
    return new Date(this.timers.now()).toISOString()
  }
}
