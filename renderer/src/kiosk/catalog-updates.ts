import { useEffect, useRef } from 'react'
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
  const pending = useRef(false)
  const idle = useKiosk((s) => s.screen === 'home' && s.card === null)
  const apply = useRef<() => void>(() => {})
  apply.current = () => {
    const b = bridge()
    if (!b || !pending.current || !idle) return
    pending.current = false
    void Promise.all([
      b.request('catalog:categories', undefined),
      b.request('catalog:get', undefined),
    ])
      .then(([categories, catalog]) => {
        onCategories(categories)
        useKiosk.getState().set({ catalog })
      })
      // Kept for the next announcement; the catalog in use stays meanwhile.
      .catch(() => (pending.current = true))
  }
  useEffect(() => {
    const b = bridge()
    if (!b) return
    return b.subscribe('catalog:changed', () => {
      pending.current = true
      apply.current()
    })
  }, [])
  useEffect(() => {
    if (idle) apply.current()
  }, [idle])
}
