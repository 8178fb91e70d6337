import { useEffect, useRef, useState } from 'react'
import type { ServiceCategory } from '../../../common/domain/catalog'
import { bridge } from '../platform/bridge'
import { useKiosk } from './store'

/**
 * A catalog the centre published reaches the home screen without a restart: the main process
 * announces each version it takes (`catalog:changed`), and the kiosk reads the catalog and its
 * tiles again as soon as no resident is in a flow (on the home screen with no card), never under
 * a resident's feet: an item's form or materials must not change while someone fills it in.
 */
export function useCatalogUpdates(onCategories: (categories: ServiceCategory[]) => void): void {
  const [announced, setAnnounced] = useState(0)
  /** The announcement last read; -1 after a failed read, so the next idle moment tries again. */
  const applied = useRef(0)
  const idle = useKiosk((s) => s.screen === 'home' && s.card === null)
  useEffect(() => {
    const b = bridge()
    if (!b) return
    return b.subscribe('catalog:changed', () => setAnnounced((n) => n + 1))
  }, [])
  useEffect(() => {
    const b = bridge()
    if (!b || !idle || applied.current === announced) return
    applied.current = announced
    void Promise.all([
      b.request('catalog:categories', undefined),
      b.request('catalog:get', undefined),
    ]).then(
      ([categories, catalog]) => {
        onCategories(categories)
        useKiosk.getState().set({ catalog })
      },
      () => (applied.current = -1),
    )
  }, [announced, idle, onCategories])
}
