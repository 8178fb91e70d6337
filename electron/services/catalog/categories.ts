import type { Catalog } from '../../../common/catalog/schema'
import { sampleCatalog } from '../../../common/catalog/sample'
import type { ServiceCategory } from '../../../common/domain/catalog'

/** The home-screen tiles of a catalog: its categories in order, each with its entry count. */
export function categoriesOf(catalog: Catalog): ServiceCategory[] {
  return [...catalog.categories]
    .sort((a, b) => a.order - b.order)
    .map((c) => ({
      id: c.id,
      name: c.name,
      icon: c.icon,
      itemCount: [...catalog.items, ...catalog.bundles].filter((e) => e.categoryId === c.id).length,
    }))
}

/**
 * The categories of the sample catalog (labelled sample content), until the terminal caches the
 * catalog served by the centre.
 */
export const sampleCategories: ServiceCategory[] = categoriesOf(sampleCatalog)
