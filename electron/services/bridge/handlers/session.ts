import type { IdCard } from '../../../../common/devices/id-card'
import { videoIdentityFields } from '../../../../common/catalog/card-form'
import type { IdCardField } from '../../../../common/catalog/schema'
import {
  birthDateOfNumber,
  cardTypeOfNumber,
  genderOfNumber,
  idNumberCheckValid,
} from '../../../../common/devices/id-number'
import type { VideoIdentityCheck } from '../../../../common/signaling/identity-check'

/** An identity a clerk checked by video, as the resident confirmed it on the kiosk. */
export interface VideoIdentity {
  name: string
  idNumber: string
  address?: string | undefined
  check: VideoIdentityCheck
}

/** One photographed page, assembled from the pieces the renderer sends. */
export interface StoredPage {
  mediaType: 'image/jpeg' | 'image/png' | 'image/webp'
  width?: number
  height?: number
  chunks: string[]
  complete: boolean
}

/**
 * Everything the main process holds about the resident at the kiosk right now: the card read in
 * this session and the photographed pages not yet submitted. `wipe()` forgets all of it; it runs
 * on session:reset (idle, card removed and not brought back, finished) and when a different card
 * is placed. Nothing here is written to disk or logged.
 */
export class ResidentSession {
  private cardValue: IdCard | null = null
  private cardPresent = false
  private videoCheck: VideoIdentityCheck | null = null
  private videoAddress = false
  private readonly pages = new Map<string, StoredPage[]>()

  get card(): IdCard | null {
    return this.cardValue
  }

  get isCardPresent(): boolean {
    return this.cardPresent
  }

  /** Set when the identity was checked by video instead of read from a card. */
  get identityCheck(): VideoIdentityCheck | null {
    return this.videoCheck
  }

  /** What the session's card carries for the form (card-form.ts); undefined for a real card. */
  get formFields(): readonly IdCardField[] | undefined {
    return this.videoCheck ? videoIdentityFields(this.videoAddress) : undefined
  }

  /** Returns true when this card belongs to someone else than the session's resident. */
  placeCard(card: IdCard): boolean {
    const other = this.cardValue !== null && this.cardValue.idNumber !== card.idNumber
    if (other) this.wipe()
    // A card read is the better proof: it replaces an identity checked by video.
    this.videoCheck = null
    this.videoAddress = false
    this.cardValue = card
    this.cardPresent = true
    return other
  }

  /**
   * 身份经视频核验: the resident confirmed what the clerk checked. The session's card is made
   * from it (gender and birth date from the number), with no validity of its own: the
   * application leaves `validUntil` out and carries the check instead. A resident already
   * signed in as someone else is wiped first, as for a different card.
   */
  signInByVideo(identity: VideoIdentity): IdCard {
    const { name, idNumber, address, check } = identity
    const cardType = cardTypeOfNumber(idNumber)
    const birthDate = birthDateOfNumber(idNumber, check.checkedAt.slice(0, 10))
    const gender = genderOfNumber(idNumber)
    if (!idNumberCheckValid(idNumber) || !cardType || !birthDate || !gender)
      throw new Error('not a checkable ID number')
    if (this.cardValue !== null && this.cardValue.idNumber !== idNumber) this.wipe()
    const card: IdCard = {
      cardType,
      name,
      gender,
      genderCode: gender === '男' ? '1' : '2',
      birthDate,
      ...(address ? { address } : {}),
      idNumber,
      idNumberValid: true,
      // Placeholders the form never shows (validity is not among the video fields) and the
      // application never sends.
      validFrom: check.checkedAt.slice(0, 10),
      validUntil: '长期',
    }
    this.cardValue = card
    this.cardPresent = false
    this.videoCheck = check
    this.videoAddress = address !== undefined
    return card
  }

  cardRemoved(): void {
    this.cardPresent = false
  }

  putPage(
    materialId: string,
    page: number,
    chunk: number,
    last: boolean,
    piece: Omit<StoredPage, 'chunks' | 'complete'> & { data: string },
  ): number {
    const list = this.pages.get(materialId) ?? []
    if (chunk === 0) {
      list[page] = {
        mediaType: piece.mediaType,
        ...(piece.width ? { width: piece.width } : {}),
        ...(piece.height ? { height: piece.height } : {}),
        chunks: [],
        complete: false,
      }
    }
    const stored = list[page]
    if (!stored || stored.complete || stored.chunks.length !== chunk) {
      throw new Error('photo pieces out of order')
    }
    stored.chunks.push(piece.data)
    stored.complete = last
    this.pages.set(materialId, list)
    return list.filter((p) => p?.complete).length
  }

  dropMaterial(materialId: string): number {
    const n = this.pages.get(materialId)?.length ?? 0
    this.pages.delete(materialId)
    return n
  }

  /** The complete pages of a material, in order, as base64 images. */
  pagesOf(
    materialId: string,
  ): { mediaType: StoredPage['mediaType']; base64: string; width?: number; height?: number }[] {
    return (this.pages.get(materialId) ?? [])
      .filter((p): p is StoredPage => p !== undefined && p.complete)
      .map((p) => ({
        mediaType: p.mediaType,
        base64: p.chunks.join(''),
        ...(p.width ? { width: p.width } : {}),
        ...(p.height ? { height: p.height } : {}),
      }))
  }

  clearPhotos(): void {
    this.pages.clear()
  }

  wipe(): void {
    this.cardValue = null
    this.cardPresent = false
    this.videoCheck = null
    this.videoAddress = false
    this.pages.clear()
  }

  /** For the test control surface only: what a privacy test searches for personal data. */
  dump(): string {
    return JSON.stringify({
      card: this.cardValue,
      identityCheck: this.videoCheck,
      pages: [...this.pages.entries()].map(([id, p]) => [id, p.length]),
    })
  }
}
