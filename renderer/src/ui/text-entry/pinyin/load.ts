import { parseDictionary, type PinyinIndex } from './engine'

let loading: Promise<PinyinIndex> | null = null

/**
 * The dictionary is its own chunk (≈ 600 KB gzip), fetched the first time a panel opens, so the
 * kiosk's first screen never waits for it. Parsed once for the page's life (not personal).
 */
export function loadPinyin(): Promise<PinyinIndex> {
  loading ??= import('./dict.txt?raw').then((m) => parseDictionary(m.default))
  loading.catch(() => {
    loading = null // try again next time
  })
  return loading
}
