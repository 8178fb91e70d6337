import { findEntry, type Material } from '../../../common/catalog/schema'
import { chinaDayPlus } from '../../../common/domain/china-day'
import { maskIdNumbersIn } from '../../../common/privacy/mask'
import { MIRROR_LIMITS, PAGE_LIMITS, type Mirror } from '../../../common/signaling/coservice'
import { toBase64 } from '../platform/base64'
import type { MirrorSource } from '../video/kiosk/coservice-session'
import { useKiosk, type KioskState, type MaterialChoice } from './store'

/**
 * What the clerk's console mirrors of the resident's application once the resident consented
 * (co-service): read from the kiosk's store, never written back. Values go as text under their
 * field paths; ID numbers are masked here, so a full one never leaves the kiosk this way.
 */

const FIELD_KEY = /^[A-Za-z][A-Za-z0-9_]*$/

/** `{ applicant: { phone: '138…' } }` → `{ 'applicant.phone': '138…' }`, bounded. */
export function flattenForm(data: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {}
  let count = 0
  const walk = (value: unknown, path: string): void => {
    if (count >= MIRROR_LIMITS.fields || value === undefined || value === null) return
    if (typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value as Record<string, unknown>))
        if (FIELD_KEY.test(k)) walk(v, path ? `${path}.${k}` : k)
      return
    }
    const text = Array.isArray(value) ? value.map(String).join('、') : String(value)
    if (!path || text === '') return
    out[path] = maskIdNumbersIn(text).slice(0, MIRROR_LIMITS.valueChars)
    count++
  }
  walk(data, '')
  return out
}

/** A deferred material's due day, as the review screen shows it. */
function dueOf(m: Material, c: MaterialChoice): { dueDate?: string } {
  if (c.kind !== 'deferred' || m.requirement.kind !== 'deferrable') return {}
  return { dueDate: c.dueDate ?? chinaDayPlus(Date.now(), m.requirement.deadlineDays) }
}

export function mirrorOf(s: KioskState, stepLabel: string): Mirror {
  const entry = s.catalog && s.code ? findEntry(s.catalog, s.code)?.entry : undefined
  return {
    item: entry ? { code: entry.code, title: entry.name['zh-CN'].slice(0, 120) } : null,
    screen: s.screen,
    step: stepLabel.slice(0, 120),
    fields: flattenForm(s.formData),
    materials: (entry?.materials ?? [])
      .filter((m) => s.materials[m.id])
      .slice(0, MIRROR_LIMITS.materials)
      .map((m) => ({
        id: m.id,
        name: m.name['zh-CN'].slice(0, 120),
        status: s.materials[m.id]!.kind,
        pages: Math.min(50, s.materials[m.id]!.previews.length),
        ...dueOf(m, s.materials[m.id]!),
      })),
    signed: s.signature !== null,
  }
}

/** Every kept page of the open item's materials, by its preview URL. */
export function pagesOf(
  s: KioskState,
): { materialId: string; page: number; url: string; blob: Blob }[] {
  return Object.entries(s.materials).flatMap(([materialId, m]) =>
    m.kind === 'photographed'
      ? m.previews.flatMap((url, page) => {
          const blob = m.blobs?.[page]
          return blob ? [{ materialId, page, url, blob }] : []
        })
      : [],
  )
}

/** The longest side a page is scaled to when its photo is over the bound. */
const SCALED_SIDE = 1600

/**
 * A page's image for the console: the kept JPEG as it is when within the bound, else scaled
 * down (the clerk reads a document, not a 4K photo).
 */
async function pageData(p: { blob: Blob }): Promise<{ mediaType: 'image/jpeg'; base64: string }> {
  let blob = p.blob
  for (let quality = 0.8; blob.size > PAGE_LIMITS.pageBytes && quality > 0.3; quality -= 0.2) {
    const bitmap = await createImageBitmap(blob)
    const scale = Math.min(1, SCALED_SIDE / Math.max(bitmap.width, bitmap.height))
    const canvas = new OffscreenCanvas(
      Math.round(bitmap.width * scale),
      Math.round(bitmap.height * scale),
    )
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height)
    bitmap.close()
    blob = await canvas.convertToBlob({ type: 'image/jpeg', quality })
  }
  if (blob.size > PAGE_LIMITS.pageBytes) throw new Error('page too large')
  return { mediaType: 'image/jpeg', base64: toBase64(new Uint8Array(await blob.arrayBuffer())) }
}

/** The kiosk's store as the co-service session reads it. */
export const kioskMirrorSource: MirrorSource = {
  // The step as the resident reads it: the current screen's heading.
  snapshot: () =>
    mirrorOf(useKiosk.getState(), document.querySelector('main h2')?.textContent ?? ''),
  subscribe: (fn) => useKiosk.subscribe(fn),
  pages: () => pagesOf(useKiosk.getState()),
  pageData,
}
