import iconv from 'iconv-lite'
import type { Align } from './escpos'

/**
 * An incremental ESC/POS parser: bytes in (split anywhere), tokens out. Used by the printer
 * simulator and by tests to read back what the encoder produced. It knows the commands this
 * project sends plus common ones it should tolerate; anything else becomes an error token and
 * parsing resumes at the next byte, as a real printer would carry on.
 */

export class EscPosParseError extends Error {
  override readonly name = 'EscPosParseError'
  constructor(
    readonly code: 'UNKNOWN_COMMAND' | 'BAD_PARAMETER' | 'UNKNOWN_CONTROL' | 'TRUNCATED',
    message: string,
    /** Offset in the whole stream where the offending command starts. */
    readonly offset: number,
  ) {
    super(message)
  }
}

export type EscPosToken =
  | { t: 'text'; bytes: Uint8Array }
  | { t: 'lf' }
  | { t: 'feed'; lines: number }
  | { t: 'init' }
  | { t: 'chinese'; on: boolean }
  | { t: 'align'; align: Align }
  | { t: 'bold'; on: boolean }
  | { t: 'size'; width: number; height: number }
  | { t: 'cut'; partial: boolean; feed?: number }
  | { t: 'qr-model'; model: number }
  | { t: 'qr-size'; size: number }
  | { t: 'qr-level'; level: number }
  | { t: 'qr-store'; data: Uint8Array }
  | { t: 'qr-print' }
  | { t: 'barcode'; m: number; data: Uint8Array }
  | { t: 'asb'; mask: number }
  | { t: 'gs-r'; n: number }
  /** Real-time commands: a printer executes them on arrival, even while stopped. */
  | { t: 'status-request'; n: number }
  | { t: 'clear-buffers' }
  | { t: 'recover'; n: number }
  | { t: 'setting'; name: string; value: number }
  | { t: 'error'; error: EscPosParseError }

const ESC = 0x1b
const GS = 0x1d
const FS = 0x1c
const DLE = 0x10

/** Result of trying to read one token at the head of the buffer. */
type Step = { token: EscPosToken | null; length: number } | 'need-more'

/** One-parameter commands that only change a setting we do not model. */
const escSettings: Record<number, string> = {
  0x21: 'ESC !',
  0x2d: 'ESC -',
  0x33: 'ESC 3',
  0x4a: 'ESC J',
  0x3d: 'ESC =',
  0x4d: 'ESC M',
  0x74: 'ESC t',
  0x47: 'ESC G',
  0x56: 'ESC V',
  0x7b: 'ESC {',
  0x52: 'ESC R',
}
const gsSettings: Record<number, string> = {
  0x68: 'GS h',
  0x77: 'GS w',
  0x48: 'GS H',
  0x66: 'GS f',
  0x42: 'GS B',
}
const fsSettings: Record<number, string> = { 0x21: 'FS !', 0x57: 'FS W' }

export class EscPosParser {
  private pending = new Uint8Array(0)
  /** Stream offset of `pending[0]`. */
  private offset = 0

  /** Bytes held waiting for the rest of a command (bounded by the longest command, 65 540). */
  get pendingBytes(): number {
    return this.pending.length
  }

  push(chunk: Uint8Array): EscPosToken[] {
    const buf = new Uint8Array(this.pending.length + chunk.length)
    buf.set(this.pending)
    buf.set(chunk, this.pending.length)
    const tokens: EscPosToken[] = []
    let at = 0
    while (at < buf.length) {
      const b = buf[at]!
      if (b >= 0x20 || b === 0x09) {
        // A run of text. Double-byte GB18030 trail bytes are ≥ 0x30, so they never look like
        // a command introducer.
        let end = at + 1
        while (end < buf.length && (buf[end]! >= 0x20 || buf[end] === 0x09)) end++
        tokens.push({ t: 'text', bytes: buf.slice(at, end) })
        at = end
        continue
      }
      const step = this.step(buf, at)
      if (step === 'need-more') break
      if (step.token) tokens.push(step.token)
      at += step.length
    }
    this.pending = buf.slice(at)
    this.offset += at
    return tokens
  }

  private error(code: EscPosParseError['code'], message: string, at: number): EscPosToken {
    return { t: 'error', error: new EscPosParseError(code, message, this.offset + at) }
  }

  private step(buf: Uint8Array, at: number): Step {
    const avail = buf.length - at
    const b0 = buf[at]!
    const need = (n: number) => avail < n
    const p = (i: number) => buf[at + i]!
    const hex = (n: number) => `0x${n.toString(16).padStart(2, '0')}`

    if (b0 === 0x0a) return { token: { t: 'lf' }, length: 1 }
    if (b0 === 0x0d) return { token: null, length: 1 } // CR: ignored by most printers
    if (b0 !== ESC && b0 !== GS && b0 !== FS && b0 !== DLE) {
      return {
        token: this.error('UNKNOWN_CONTROL', `control byte ${hex(b0)}`, at),
        length: 1,
      }
    }
    if (need(2)) return 'need-more'
    const b1 = p(1)
    const unknown = (): Step => ({
      token: this.error('UNKNOWN_COMMAND', `unknown command ${hex(b0)} ${hex(b1)}`, at),
      length: 2,
    })

    if (b0 === ESC) {
      if (b1 === 0x40) return { token: { t: 'init' }, length: 2 }
      if (b1 === 0x32) return { token: { t: 'setting', name: 'ESC 2', value: 0 }, length: 2 }
      if (need(3)) return 'need-more'
      const n = p(2)
      if (b1 === 0x61) {
        const a = n % 48 // 0/48 left, 1/49 centre, 2/50 right
        if (a > 2) return { token: this.error('BAD_PARAMETER', `ESC a ${n}`, at), length: 3 }
        return {
          token: { t: 'align', align: (['left', 'center', 'right'] as const)[a]! },
          length: 3,
        }
      }
      if (b1 === 0x45) return { token: { t: 'bold', on: (n & 1) === 1 }, length: 3 }
      if (b1 === 0x64) return { token: { t: 'feed', lines: n }, length: 3 }
      const setting = escSettings[b1]
      if (setting) return { token: { t: 'setting', name: setting, value: n }, length: 3 }
      return unknown()
    }

    if (b0 === FS) {
      if (b1 === 0x26) return { token: { t: 'chinese', on: true }, length: 2 }
      if (b1 === 0x2e) return { token: { t: 'chinese', on: false }, length: 2 }
      const setting = fsSettings[b1]
      if (setting) {
        if (need(3)) return 'need-more'
        return { token: { t: 'setting', name: setting, value: p(2) }, length: 3 }
      }
      return unknown()
    }

    if (b0 === DLE) {
      if (b1 === 0x04 || b1 === 0x05) {
        if (need(3)) return 'need-more'
        const n = p(2)
        if (b1 === 0x05) return { token: { t: 'recover', n }, length: 3 }
        if (n < 1 || n > 4)
          return { token: this.error('BAD_PARAMETER', `DLE EOT ${n}`, at), length: 3 }
        return { token: { t: 'status-request', n }, length: 3 }
      }
      if (b1 === 0x14) {
        if (need(3)) return 'need-more'
        const fn = p(2)
        const lengths: Record<number, number> = { 1: 5, 2: 5, 7: 5, 8: 10 }
        const len = lengths[fn]
        if (!len) return { token: this.error('BAD_PARAMETER', `DLE DC4 fn ${fn}`, at), length: 3 }
        if (need(len)) return 'need-more'
        return { token: fn === 8 ? { t: 'clear-buffers' } : null, length: len }
      }
      return unknown()
    }

    // GS
    if (b1 === 0x28) {
      if (need(5)) return 'need-more'
      const fnByte = p(2)
      const len = p(3) | (p(4) << 8)
      if (need(5 + len)) return 'need-more'
      const params = buf.subarray(at + 5, at + 5 + len)
      const length = 5 + len
      if (fnByte !== 0x6b) return { token: null, length } // other GS ( functions: skipped whole
      if (len < 2 || params[0] !== 49) {
        return { token: this.error('BAD_PARAMETER', `GS ( k with cn ${params[0]}`, at), length }
      }
      const fn = params[1]!
      const arg = params[2]
      switch (fn) {
        case 65:
          return { token: { t: 'qr-model', model: arg ?? 0 }, length }
        case 67:
          return { token: { t: 'qr-size', size: arg ?? 0 }, length }
        case 69:
          return { token: { t: 'qr-level', level: arg ?? 0 }, length }
        case 80:
          if (len < 3)
            return { token: this.error('BAD_PARAMETER', 'QR store too short', at), length }
          return { token: { t: 'qr-store', data: params.slice(3) }, length }
        case 81:
          return { token: { t: 'qr-print' }, length }
        default:
          return { token: null, length }
      }
    }
    if (b1 === 0x6b) {
      if (need(3)) return 'need-more'
      const m = p(2)
      if (m <= 6) {
        let end = at + 3
        while (end < buf.length && buf[end] !== 0) end++
        if (end >= buf.length) return avail > 258 ? unknownLong() : 'need-more'
        return { token: { t: 'barcode', m, data: buf.slice(at + 3, end) }, length: end - at + 1 }
      }
      if (m >= 65 && m <= 79) {
        if (need(4)) return 'need-more'
        const n = p(3)
        if (need(4 + n)) return 'need-more'
        return { token: { t: 'barcode', m, data: buf.slice(at + 4, at + 4 + n) }, length: 4 + n }
      }
      return { token: this.error('BAD_PARAMETER', `GS k m=${m}`, at), length: 3 }
    }
    if (b1 === 0x56) {
      if (need(3)) return 'need-more'
      const m = p(2)
      if (m === 0 || m === 48) return { token: { t: 'cut', partial: false }, length: 3 }
      if (m === 1 || m === 49) return { token: { t: 'cut', partial: true }, length: 3 }
      if (m === 65 || m === 66) {
        if (need(4)) return 'need-more'
        return { token: { t: 'cut', partial: m === 66, feed: p(3) }, length: 4 }
      }
      return { token: this.error('BAD_PARAMETER', `GS V ${m}`, at), length: 3 }
    }
    if (need(3)) return 'need-more'
    const n = p(2)
    if (b1 === 0x21) {
      return { token: { t: 'size', width: (n >> 4) + 1, height: (n & 0x0f) + 1 }, length: 3 }
    }
    if (b1 === 0x61) return { token: { t: 'asb', mask: n }, length: 3 }
    if (b1 === 0x72) return { token: { t: 'gs-r', n }, length: 3 }
    const setting = gsSettings[b1]
    if (setting) return { token: { t: 'setting', name: setting, value: n }, length: 3 }
    return unknown()

    function unknownLong(): Step {
      // A NUL-terminated barcode longer than any symbology allows: give up on it.
      return {
        token: {
          t: 'error',
          error: new EscPosParseError('BAD_PARAMETER', 'unterminated barcode', at),
        },
        length: 3,
      }
    }
  }
}

export interface ParsedSegment {
  text: string
  bold: boolean
  width: number
  height: number
}

export interface ParsedLine {
  text: string
  align: Align
  /** True when any part of the line is bold. */
  bold: boolean
  /** Largest character width/height multiplier on the line. */
  width: number
  height: number
  segments: ParsedSegment[]
}

export type ParsedBlock =
  | ({ kind: 'line' } & ParsedLine)
  | { kind: 'qr'; payload: string; size: number; level: 'L' | 'M' | 'Q' | 'H' | '?' }
  | { kind: 'barcode'; symbology: string; data: string }

export interface ParsedReceipt {
  blocks: ParsedBlock[]
  lines: ParsedLine[]
  qrCodes: string[]
  barcodes: { symbology: string; data: string }[]
  cut: 'full' | 'partial' | null
  /** The receipt was never finished: paper ran out or the buffer was cleared mid-receipt. */
  interrupted: boolean
  /** Lines as printed (QR and barcodes shown as `[QR …]` / `[CODE128 …]`). */
  text: string
}

const qrLevelNames = { 48: 'L', 49: 'M', 50: 'Q', 51: 'H' } as const

/** Decodes CODE128 data as sent after GS k 73 n (`{A`/`{B`/`{C` prefixes, `{{` for `{`). */
export function decodeCode128(data: Uint8Array): string {
  let set: 'A' | 'B' | 'C' = 'B'
  let out = ''
  for (let i = 0; i < data.length; i++) {
    const b = data[i]!
    if (b === 0x7b && i + 1 < data.length) {
      const next = String.fromCharCode(data[i + 1]!)
      if (next === 'A' || next === 'B' || next === 'C') {
        set = next
        i++
        continue
      }
      if (next === '{') {
        out += '{'
        i++
        continue
      }
    }
    out += set === 'C' ? String(b).padStart(2, '0') : String.fromCharCode(b)
  }
  return out
}

/**
 * Turns tokens into receipts the way a printer would put them on paper: mode commands apply
 * to the following text, alignment only at the start of a line, a cut ends a receipt.
 */
export class ReceiptRenderer {
  private align: Align = 'left'
  private lineAlign: Align | null = null
  private bold = false
  private width = 1
  private height = 1
  private segments: { bytes: number[]; bold: boolean; width: number; height: number }[] = []
  private blocks: ParsedBlock[] = []
  private qrData: Uint8Array | null = null
  private qrSize = 3
  private qrLevel = 48
  private readonly done: ParsedReceipt[] = []
  /** Lines fed since creation: the paper a real printer would have used. */
  linesFed = 0

  /** Applies one printing token; returns how many paper lines it feeds (0 for most). */
  feedsFor(token: EscPosToken): number {
    switch (token.t) {
      case 'lf':
        return 1
      case 'feed':
        return token.lines
      case 'qr-print':
        return this.qrData ? 4 * this.qrSize : 0
      case 'barcode':
        return 4
      default:
        return 0
    }
  }

  apply(token: EscPosToken): void {
    switch (token.t) {
      case 'text': {
        this.lineAlign ??= this.align
        const last = this.segments.at(-1)
        if (
          last &&
          last.bold === this.bold &&
          last.width === this.width &&
          last.height === this.height
        ) {
          last.bytes.push(...token.bytes)
        } else {
          this.segments.push({
            bytes: [...token.bytes],
            bold: this.bold,
            width: this.width,
            height: this.height,
          })
        }
        break
      }
      case 'lf':
        this.endLine(true)
        break
      case 'feed':
        this.endLine(token.lines > 0)
        for (let i = 1; i < token.lines; i++) this.endLine(true)
        break
      case 'init':
        this.endLine(false)
        this.align = 'left'
        this.bold = false
        this.width = 1
        this.height = 1
        this.qrData = null
        break
      case 'align':
        this.align = token.align
        break
      case 'bold':
        this.bold = token.on
        break
      case 'size':
        this.width = token.width
        this.height = token.height
        break
      case 'qr-size':
        this.qrSize = token.size
        break
      case 'qr-level':
        this.qrLevel = token.level
        break
      case 'qr-store':
        this.qrData = token.data
        break
      case 'qr-print':
        if (this.qrData) {
          this.endLine(false)
          this.blocks.push({
            kind: 'qr',
            payload: new TextDecoder().decode(this.qrData),
            size: this.qrSize,
            level: qrLevelNames[this.qrLevel as keyof typeof qrLevelNames] ?? '?',
          })
        }
        break
      case 'barcode': {
        this.endLine(false)
        const symbology = token.m === 73 ? 'CODE128' : `m=${token.m}`
        const data = token.m === 73 ? decodeCode128(token.data) : String.fromCharCode(...token.data)
        this.blocks.push({ kind: 'barcode', symbology, data })
        break
      }
      case 'cut':
        this.endLine(false)
        this.finish(token.partial ? 'partial' : 'full', false)
        break
      default:
        break
    }
  }

  /** The receipt in progress is abandoned (buffer cleared, power lost). */
  abandon(): void {
    this.endLine(false)
    if (this.blocks.length > 0) this.finish(null, true)
    this.segments = []
  }

  receipts(): ParsedReceipt[] {
    return [...this.done]
  }

  private endLine(evenIfEmpty: boolean): void {
    if (this.segments.length === 0 && !evenIfEmpty) return
    const segments = this.segments.map((s) => ({
      text: iconv.decode(Uint8Array.from(s.bytes) as unknown as Buffer, 'gb18030'),
      bold: s.bold,
      width: s.width,
      height: s.height,
    }))
    this.blocks.push({
      kind: 'line',
      text: segments.map((s) => s.text).join(''),
      align: this.lineAlign ?? this.align,
      bold: segments.some((s) => s.bold),
      width: Math.max(1, ...segments.map((s) => s.width)),
      height: Math.max(1, ...segments.map((s) => s.height)),
      segments,
    })
    this.segments = []
    this.lineAlign = null
  }

  private finish(cut: 'full' | 'partial' | null, interrupted: boolean): void {
    const blocks = this.blocks
    this.blocks = []
    const lines = blocks.flatMap((b) => (b.kind === 'line' ? [b] : []))
    const text = blocks
      .map((b) =>
        b.kind === 'line'
          ? b.text
          : b.kind === 'qr'
            ? `[QR ${b.payload}]`
            : `[${b.symbology} ${b.data}]`,
      )
      .join('\n')
    this.done.push({
      blocks,
      lines: lines.map(({ kind: _k, ...l }) => l),
      qrCodes: blocks.flatMap((b) => (b.kind === 'qr' ? [b.payload] : [])),
      barcodes: blocks.flatMap((b) =>
        b.kind === 'barcode' ? [{ symbology: b.symbology, data: b.data }] : [],
      ),
      cut,
      interrupted,
      text,
    })
  }
}

/** Parses a whole byte string into receipts; the errors are returned, not thrown. */
export function parseEscPos(bytes: Uint8Array): {
  receipts: ParsedReceipt[]
  errors: EscPosParseError[]
} {
  const parser = new EscPosParser()
  const renderer = new ReceiptRenderer()
  const errors: EscPosParseError[] = []
  for (const token of parser.push(bytes)) {
    if (token.t === 'error') errors.push(token.error)
    else renderer.apply(token)
  }
  if (parser.pendingBytes > 0) {
    const at = bytes.length - parser.pendingBytes
    errors.push(new EscPosParseError('TRUNCATED', `stream ends inside a command at ${at}`, at))
  }
  renderer.abandon()
  return { receipts: renderer.receipts(), errors }
}
