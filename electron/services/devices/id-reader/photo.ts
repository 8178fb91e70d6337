/**
 * The card photo is 1024 bytes of the proprietary WLT format; only a licensed vendor library
 * can turn it into a 102 × 126 BMP (hardware.md 1.9). It stays in the main process, in memory:
 * no log line, no file, no JSON ever carries it. A deployment with a licence registers a
 * `PhotoDecoder` at the composition root; without one the kiosk works without the photo.
 */
export interface DecodedPhoto {
  mime: 'image/bmp'
  bytes: Uint8Array
}

/** The plug-in point for a licensed WLT decoder (WltRs.dll, libwltdecode.so, a vendor service). */
export interface PhotoDecoder {
  readonly name: string
  decode(wlt: Uint8Array): Promise<DecodedPhoto>
}

const secret = new WeakMap<CardPhoto, Uint8Array>()

/**
 * Opaque holder of the WLT bytes. The bytes are kept outside the object (a WeakMap), so
 * JSON.stringify, util.inspect and a logger's deep copy all see nothing but a size.
 */
export class CardPhoto {
  readonly byteLength: number
  constructor(wlt: Uint8Array) {
    secret.set(this, wlt.slice())
    this.byteLength = wlt.length
  }
  /** Hands the bytes to a decoder; the only way out. */
  decodeWith(decoder: PhotoDecoder): Promise<DecodedPhoto> {
    return decoder.decode(secret.get(this)!.slice())
  }
  toJSON(): string {
    return `[photo ${this.byteLength} bytes]`
  }
  toString(): string {
    return this.toJSON()
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toJSON()
  }
}
