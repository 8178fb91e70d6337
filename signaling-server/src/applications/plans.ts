import type { Application } from '../../../common/applications/schema'
import type { Catalog, LocalizedText } from '../../../common/catalog/schema'
import type { CasePlan } from './cases'

/**
 * Which cases an application opens: one for an item, one per part for a bundle (一件事), each
 * with the deferred materials (容缺) that belong to it. Null when the code is not in the catalog
 * or names the other kind.
 */
export function planCases(catalog: Catalog, app: Application): CasePlan[] | null {
  const deferred = app.materials.flatMap((m) =>
    m.kind === 'deferred' ? [{ materialId: m.materialId, dueDate: m.dueDate }] : [],
  )
  const nameOf = (materials: { id: string; name: LocalizedText }[], id: string) =>
    materials.find((m) => m.id === id)?.name ?? { 'zh-CN': id }

  if (app.kind === 'item') {
    const item = catalog.items.find((i) => i.code === app.code)
    if (!item) return null
    return [
      {
        itemCode: item.code,
        categoryId: item.categoryId,
        itemName: item.name,
        missing: deferred.map((d) => ({ ...d, name: nameOf(item.materials, d.materialId) })),
      },
    ]
  }
  const bundle = catalog.bundles.find((b) => b.code === app.code)
  if (!bundle) return null
  const claimed = new Set(bundle.fanOut.flatMap((p) => p.materialIds))
  return bundle.fanOut.map((part, i) => {
    const item = catalog.items.find((it) => it.code === part.itemCode)
    // A deferred material no part names stays with the first part, so it is never lost.
    const mine = deferred.filter(
      (d) => part.materialIds.includes(d.materialId) || (i === 0 && !claimed.has(d.materialId)),
    )
    return {
      itemCode: part.itemCode,
      categoryId: item?.categoryId ?? bundle.categoryId,
      itemName: item?.name ?? { 'zh-CN': part.itemCode },
      missing: mine.map((d) => ({ ...d, name: nameOf(bundle.materials, d.materialId) })),
    }
  })
}
