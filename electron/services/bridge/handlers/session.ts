import type { IdCard } from '../../../../common/devices/id-card'

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
  private readonly pages = new Map<string, StoredPage[]>()

  get card(): IdCard | null {
    return this.cardValue
  }

  get isCardPresent(): boolean {
    return this.cardPresent
  }

  /** Returns true when this card belongs to someone else than the session's resident. */
  placeCard(card: IdCard): boolean {
    const other = this.cardValue !== null && this.cardValue.idNumber !== card.idNumber
    if (other) this.wipe()
    this.cardValue = card
    this.cardPresent = true
    return other
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
    this.pages.clear()
  }

  /** For the test control surface only: what a privacy test searches for personal data. */
  dump(): string {
    return JSON.stringify({
      card: this.cardValue,
      pages: [...this.pages.entries()].map(([id, p]) => [id, p.length]),
    })
  }
}
