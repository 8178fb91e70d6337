import { findEntry } from '../../../common/catalog/schema'
import { maskIdNumbersIn } from '../../../common/privacy/mask'
import { MIRROR_LIMITS, type Mirror } from '../../../common/signaling/coservice'
import type { MirrorSource } from '../video/kiosk/coservice-session'
import { useKiosk, type KioskState } from './store'

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
      })),
    signed: s.signature !== null,
  }
}

/** The kiosk's store as the co-service session reads it. */
export const kioskMirrorSource: MirrorSource = {
  // The step as the resident reads it: the current screen's heading.
  snapshot: () =>
    mirrorOf(useKiosk.getState(), document.querySelector('main h2')?.textContent ?? ''),
  subscribe: (fn) => useKiosk.subscribe(fn),
}
