/**
 * GA 467 SAM frame codec (hardware.md 1.2–1.4): pure functions and a streaming decoder.
 *
 *   AA AA AA 96 69 | LEN (big-endian) | body (LEN − 1 bytes) | CHK
 *
 * LEN counts everything after itself; CHK is the XOR of LEN and body. Requests and responses
 * share the frame shape, so one decoder serves the host (responses) and the simulator
 * (requests).
 */
import { ReaderError } from './errors'

export const PREAMBLE = Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69)
/** Smallest LEN: CMD + PARA + CHK. */
export const MIN_LEN = 3
/** Largest LEN accepted; the biggest documented response (read + 1024-byte fingerprint) is 2314. */
export const MAX_LEN = 4096

export const Commands = {
  resetSam: [0x10, 0xff],
  samStatus: [0x11, 0xff],
  samId: [0x12, 0xff],
  findCard: [0x20, 0x01],
  selectCard: [0x20, 0x02],
  readText: [0x30, 0x01],
  readNewAddress: [0x30, 0x03],
  readWithFingerprint: [0x30, 0x10],
  setBaud115200: [0x60, 0x00],
  setBaud57600: [0x60, 0x01],
  setBaud38400: [0x60, 0x02],
  setBaud19200: [0x60, 0x03],
  setBaud9600: [0x60, 0x04],
  setMaxRfBytes: [0x61, 0xff],
} as const satisfies Record<string, readonly [number, number]>
export type CommandName = keyof typeof Commands

export function commandName(cmd: number, para: number): CommandName | undefined {
  for (const [name, [c, p]] of Object.entries(Commands)) {
    if (c === cmd && p === para) return name as CommandName
  }
  return undefined
}

function xor(bytes: Uint8Array, from: number, to: number): number {
  let x = 0
  for (let i = from; i < to; i++) x ^= bytes[i]!
  return x
}

/** A complete frame around `body` (everything between LEN and CHK). */
export function encodeFrame(body: Uint8Array): Uint8Array {
  const len = body.length + 1
  if (len > 0xffff) throw new RangeError('frame body too long')
  const out = new Uint8Array(7 + len)
  out.set(PREAMBLE, 0)
  out[5] = len >> 8
  out[6] = len & 0xff
  out.set(body, 7)
  out[out.length - 1] = xor(out, 5, out.length - 1)
  return out
}

export function encodeRequest(
  cmd: number,
  para: number,
  data: Uint8Array = new Uint8Array(0),
): Uint8Array {
  const body = new Uint8Array(2 + data.length)
  body[0] = cmd
  body[1] = para
  body.set(data, 2)
  return encodeFrame(body)
}

export function encodeCommand(name: CommandName, data?: Uint8Array): Uint8Array {
  const [cmd, para] = Commands[name]
  return encodeRequest(cmd, para, data)
}

export interface SamResponse {
  sw1: number
  sw2: number
  sw3: number
  data: Uint8Array
}

export interface SamRequest {
  cmd: number
  para: number
  data: Uint8Array
}

export function encodeResponse(r: SamResponse): Uint8Array {
  const body = new Uint8Array(3 + r.data.length)
  body[0] = r.sw1
  body[1] = r.sw2
  body[2] = r.sw3
  body.set(r.data, 3)
  return encodeFrame(body)
}

export function parseResponse(body: Uint8Array): SamResponse {
  if (body.length < 3)
    throw new ReaderError('BAD_RESPONSE', `response body of ${body.length} bytes`)
  return { sw1: body[0]!, sw2: body[1]!, sw3: body[2]!, data: body.subarray(3) }
}

export function parseRequest(body: Uint8Array): SamRequest {
  if (body.length < 2) throw new ReaderError('BAD_RESPONSE', `request body of ${body.length} bytes`)
  return { cmd: body[0]!, para: body[1]!, data: body.subarray(2) }
}

export type DecodeItem = { kind: 'frame'; body: Uint8Array } | { kind: 'error'; error: ReaderError }

/**
 * Streaming decoder: feed it chunks as they arrive, get whole frames (or typed errors) back.
 * Bytes before a preamble are discarded (garbage, report padding). A frame whose checksum or
 * length is wrong is reported and the search restarts one byte after its preamble, so a good
 * frame hidden behind a damaged one is still found. Memory is bounded by 7 + MAX_LEN.
 */
export class FrameDecoder {
  private buf = new Uint8Array(256)
  private start = 0
  private end = 0
  /** Bytes thrown away while looking for a preamble (padding included). */
  discarded = 0

  reset(): void {
    this.start = 0
    this.end = 0
  }

  get buffered(): number {
    return this.end - this.start
  }

  push(chunk: Uint8Array): DecodeItem[] {
    const out: DecodeItem[] = []
    let offset = 0
    // Feed in slices no larger than one maximal frame so the buffer stays bounded even
    // when a caller hands over megabytes at once.
    while (offset < chunk.length) {
      const n = Math.min(chunk.length - offset, 7 + MAX_LEN)
      this.append(chunk.subarray(offset, offset + n))
      offset += n
      this.drain(out)
    }
    return out
  }

  private append(chunk: Uint8Array): void {
    if (this.end + chunk.length > this.buf.length) {
      const live = this.end - this.start
      const need = live + chunk.length
      if (need > this.buf.length) {
        const grown = new Uint8Array(Math.max(need, this.buf.length * 2))
        grown.set(this.buf.subarray(this.start, this.end))
        this.buf = grown
      } else {
        this.buf.copyWithin(0, this.start, this.end)
      }
      this.start = 0
      this.end = live
    }
    this.buf.set(chunk, this.end)
    this.end += chunk.length
  }

  private drain(out: DecodeItem[]): void {
    const b = this.buf
    for (;;) {
      // Find a preamble at or after start.
      let p = this.start
      const last = this.end - PREAMBLE.length
      while (
        p <= last &&
        !(
          b[p] === 0xaa &&
          b[p + 1] === 0xaa &&
          b[p + 2] === 0xaa &&
          b[p + 3] === 0x96 &&
          b[p + 4] === 0x69
        )
      ) {
        p++
      }
      if (p > last) {
        // Keep a tail that may be the beginning of a preamble.
        const keepFrom = Math.max(this.start, this.end - (PREAMBLE.length - 1))
        this.discarded += keepFrom - this.start
        this.start = keepFrom
        this.compactIfEmpty()
        return
      }
      this.discarded += p - this.start
      this.start = p
      if (this.end - p < 7) return
      const len = (b[p + 5]! << 8) | b[p + 6]!
      if (len < MIN_LEN || len > MAX_LEN) {
        out.push({ kind: 'error', error: new ReaderError('FRAME_LENGTH', `LEN=${len}`) })
        this.start = p + 1
        continue
      }
      const total = 7 + len
      if (this.end - p < total) return
      if (xor(b, p + 5, p + total) !== 0) {
        out.push({ kind: 'error', error: new ReaderError('FRAME_CHECKSUM') })
        this.start = p + 1
        continue
      }
      out.push({ kind: 'frame', body: b.slice(p + 7, p + total - 1) })
      this.start = p + total
      this.compactIfEmpty()
    }
  }

  private compactIfEmpty(): void {
    if (this.start === this.end) {
      this.start = 0
      this.end = 0
    }
  }
}
