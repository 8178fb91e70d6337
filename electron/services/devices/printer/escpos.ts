import iconv from 'iconv-lite'
import { CodedError } from '../coded-error'

/**
 * ESC/POS command encoder: pure functions that return the exact bytes, plus a small builder
 * that concatenates them. Byte values follow shared/reference/hardware.md §2.
 */

export const ESC = 0x1b
export const GS = 0x1d
export const FS = 0x1c
export const DLE = 0x10
export const EOT = 0x04
export const LF = 0x0a

export class EscPosEncodeError extends CodedError<'BAD_ARGUMENT' | 'TOO_LONG' | 'UNENCODABLE'> {
  override readonly name = 'EscPosEncodeError'
}

export type Align = 'left' | 'center' | 'right'
export type QrErrorLevel = 'L' | 'M' | 'Q' | 'H'
export type Code128Set = 'A' | 'B' | 'C'

const u8 = (...bytes: number[]) => Uint8Array.from(bytes)

function intIn(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new EscPosEncodeError('BAD_ARGUMENT', `${name} must be an integer ${min}–${max}`)
  }
  return value
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0
  for (const p of parts) length += p.length
  const out = new Uint8Array(length)
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** ESC @: clears the print buffer and resets modes. */
export const init = () => u8(ESC, 0x40)
/** FS & / FS .: Chinese (double-byte) character mode on or off. */
export const chineseMode = (on: boolean) => (on ? u8(FS, 0x26) : u8(FS, 0x2e))
/** ESC a n: only takes effect at the start of a line. */
export const align = (a: Align) => u8(ESC, 0x61, { left: 0, center: 1, right: 2 }[a])
/** ESC E n */
export const bold = (on: boolean) => u8(ESC, 0x45, on ? 1 : 0)
/** GS ! n: high nibble = width multiplier − 1, low nibble = height multiplier − 1. */
export function size(width: number, height: number): Uint8Array {
  intIn('width', width, 1, 8)
  intIn('height', height, 1, 8)
  return u8(GS, 0x21, ((width - 1) << 4) | (height - 1))
}
/** FS ! n bit 2/3: double width/height for Chinese characters on printers that keep them apart. */
export function chineseSize(width: 1 | 2, height: 1 | 2): Uint8Array {
  return u8(FS, 0x21, (width === 2 ? 0x04 : 0) | (height === 2 ? 0x08 : 0))
}
export const lineFeed = () => u8(LF)
/** ESC d n: print and feed n lines. */
export const feedLines = (n: number) => u8(ESC, 0x64, intIn('lines', n, 0, 255))

/**
 * Text in GB18030. C0 control characters and DEL are replaced by spaces so that data typed by
 * a resident (or a corrupted record) can never inject printer commands.
 */
export function text(s: string): Uint8Array {
  const clean = Array.from(s, (c) => (c.charCodeAt(0) < 0x20 || c === '\x7f' ? ' ' : c)).join('')
  return new Uint8Array(iconv.encode(clean, 'gb18030'))
}

/** Text followed by LF. */
export const textLine = (s: string) => concatBytes([text(s), lineFeed()])

/** GS V: m 0 full / 1 partial; with feed, m 65/66 feed n dots then cut. */
export function cut(opts: { partial?: boolean; feed?: number } = {}): Uint8Array {
  const partial = opts.partial ?? false
  if (opts.feed === undefined) return u8(GS, 0x56, partial ? 1 : 0)
  return u8(GS, 0x56, partial ? 66 : 65, intIn('feed', opts.feed, 0, 255))
}

// ---- QR code: GS ( k, cn = 49 ----

const qrLevels: Record<QrErrorLevel, number> = { L: 48, M: 49, Q: 50, H: 51 }
/** Byte-mode capacity of a version-40 QR symbol at level L. */
export const QR_MAX_BYTES = 2953

function gsParenK(fn: number, params: readonly number[] | Uint8Array): Uint8Array {
  const len = params.length + 2 // cn + fn + parameters
  return concatBytes([u8(GS, 0x28, 0x6b, len & 0xff, len >> 8, 49, fn), Uint8Array.from(params)])
}

export const qrModel = (model: 1 | 2 = 2) => gsParenK(65, [model === 1 ? 49 : 50, 0])
export const qrModuleSize = (dots: number) => gsParenK(67, [intIn('QR module size', dots, 1, 16)])
export const qrErrorLevel = (level: QrErrorLevel) => gsParenK(69, [qrLevels[level]])
/** fn 80: pL/pH count the encoded payload bytes + 3 (cn, fn, m). */
export function qrStore(payload: Uint8Array): Uint8Array {
  if (payload.length === 0) throw new EscPosEncodeError('BAD_ARGUMENT', 'QR payload is empty')
  if (payload.length > QR_MAX_BYTES) {
    throw new EscPosEncodeError('TOO_LONG', `QR payload is ${payload.length} bytes`)
  }
  return gsParenK(80, concatBytes([Uint8Array.of(48), payload]))
}
export const qrPrint = () => gsParenK(81, [48])

/** The full QR sequence; the payload is UTF-8, which phone scanners assume for URLs. */
export function qr(
  payload: string,
  opts: { model?: 1 | 2; size?: number; level?: QrErrorLevel } = {},
): Uint8Array {
  return concatBytes([
    qrModel(opts.model ?? 2),
    qrModuleSize(opts.size ?? 6),
    qrErrorLevel(opts.level ?? 'M'),
    qrStore(new TextEncoder().encode(payload)),
    qrPrint(),
  ])
}

// ---- CODE128: GS k m=73 n d1…dn, data begins with {A / {B / {C ----

/** Code set C packs two digits per symbol: use it for even-length digit strings of 4 or more. */
export function chooseCode128Set(data: string): Code128Set {
  if (/^[0-9]+$/.test(data) && data.length >= 4 && data.length % 2 === 0) return 'C'
  return /^[\x20-\x7e]*$/.test(data) ? 'B' : 'A'
}

export function code128Data(data: string, set: Code128Set = chooseCode128Set(data)): Uint8Array {
  if (data.length === 0) throw new EscPosEncodeError('BAD_ARGUMENT', 'barcode data is empty')
  let body: number[]
  if (set === 'C') {
    if (!/^[0-9]+$/.test(data) || data.length % 2 !== 0) {
      throw new EscPosEncodeError('UNENCODABLE', 'code set C needs an even number of digits')
    }
    body = []
    for (let i = 0; i < data.length; i += 2) body.push(Number(data.slice(i, i + 2)))
  } else {
    const [lo, hi] = set === 'B' ? [0x20, 0x7e] : [0x00, 0x5f]
    if (!Array.from(data).every((c) => c.charCodeAt(0) >= lo && c.charCodeAt(0) <= hi)) {
      throw new EscPosEncodeError('UNENCODABLE', `code set ${set} cannot encode ${data}`)
    }
    // `{` introduces a code-set switch, so a literal `{` is sent as `{{`.
    body = Array.from(data.replace(/\{/g, '{{'), (c) => c.charCodeAt(0))
  }
  const bytes = [0x7b, set.charCodeAt(0), ...body]
  if (bytes.length > 255) throw new EscPosEncodeError('TOO_LONG', 'barcode data too long')
  return Uint8Array.from(bytes)
}

export function code128(
  data: string,
  opts: { set?: Code128Set; height?: number; moduleWidth?: number; hri?: 'none' | 'below' } = {},
): Uint8Array {
  const payload = code128Data(data, opts.set)
  return concatBytes([
    u8(GS, 0x68, intIn('barcode height', opts.height ?? 80, 1, 255)), // GS h
    u8(GS, 0x77, intIn('module width', opts.moduleWidth ?? 2, 1, 6)), // GS w
    u8(GS, 0x48, (opts.hri ?? 'below') === 'below' ? 2 : 0), // GS H
    u8(GS, 0x6b, 73, payload.length),
    payload,
  ])
}

// ---- Status requests ----

/** DLE EOT n: real-time status, 1 printer, 2 offline cause, 3 error cause, 4 roll paper. */
export const statusRequest = (n: 1 | 2 | 3 | 4) => u8(DLE, EOT, n)
/** GS a n: enable Automatic Status Back (bit0 drawer, bit1 online, bit2 error, bit3 paper). */
export const autoStatusBack = (mask = 0x0f) => u8(GS, 0x61, intIn('ASB mask', mask, 0, 255))
/**
 * GS r 1: paper sensor status, processed in order with print data, so its reply arrives only
 * after everything sent before it has been printed. The driver uses it as a "printed" receipt.
 */
export const paperStatusInOrder = () => u8(GS, 0x72, 1)
/** DLE DC4 fn=8: clear receive and print buffers (real-time), so nothing stale prints on refill. */
export const clearBuffers = () => u8(DLE, 0x14, 8, 1, 3, 20, 1, 6, 2, 8)

/** Accumulates commands into one byte string. */
export class EscPosBuilder {
  private readonly parts: Uint8Array[] = []
  raw(bytes: Uint8Array): this {
    this.parts.push(bytes)
    return this
  }
  init(): this {
    return this.raw(init())
  }
  chineseMode(on = true): this {
    return this.raw(chineseMode(on))
  }
  align(a: Align): this {
    return this.raw(align(a))
  }
  bold(on: boolean): this {
    return this.raw(bold(on))
  }
  size(width: number, height: number): this {
    return this.raw(size(width, height))
  }
  text(s: string): this {
    return this.raw(text(s))
  }
  line(s = ''): this {
    return this.raw(textLine(s))
  }
  feed(n: number): this {
    return this.raw(feedLines(n))
  }
  qr(payload: string, opts?: Parameters<typeof qr>[1]): this {
    return this.raw(qr(payload, opts))
  }
  code128(data: string, opts?: Parameters<typeof code128>[1]): this {
    return this.raw(code128(data, opts))
  }
  cut(opts?: Parameters<typeof cut>[0]): this {
    return this.raw(cut(opts))
  }
  bytes(): Uint8Array {
    return concatBytes(this.parts)
  }
}

/** Printed width in columns: GB18030 single-byte characters take one, all others two. */
export function charColumns(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0
  if (cp < 0x80) return 1
  return 2
}

export function textColumns(s: string): number {
  let n = 0
  for (const ch of s) n += charColumns(ch)
  return n
}
