import { useEffect, useState } from 'react'
import { z } from 'zod'
import { CategoryId, LocalizedText } from '../../../common/domain/catalog'

/** Only what the consoles read of the centre's catalog; the rest of it is not needed here. */
const CatalogCategories = z.object({
  categories: z
    .array(z.object({ id: CategoryId, name: LocalizedText, order: z.number() }))
    .max(200),
})

/** What the inbox and the statistics read of the catalog's items: names and categories. */
const CatalogItems = z.object({
  items: z
    .array(z.object({ code: z.string(), categoryId: z.string(), name: LocalizedText }))
    .max(2000),
})
export type CatalogItem = z.infer<typeof CatalogItems>['items'][number]

/** The centre's items (GET /api/v1/catalog, as for the categories below). */
export async function fetchCentreItems(serverUrl: string): Promise<CatalogItem[]> {
  return CatalogItems.parse(await readCatalog(serverUrl)).items
}

async function readCatalog(serverUrl: string): Promise<unknown> {
  const res = await fetch(`${serverUrl}/api/v1/catalog`, {
    headers: { accept: 'application/json' },
  })
  if (!res.ok) throw new Error(`catalog: http ${res.status}`)
  return res.json()
}

export interface CentreCategory {
  id: string
  name: LocalizedText
}

/**
 * The centre's categories (GET /api/v1/catalog, the catalog kiosks use), in catalog order; not
 * the sample compiled into the app. Null while loading or if the centre cannot be read, in
 * which case the consoles show the category id.
 */
export async function fetchCentreCategories(serverUrl: string): Promise<CentreCategory[]> {
  const parsed = CatalogCategories.parse(await readCatalog(serverUrl))
  return [...parsed.categories]
    .sort((a, b) => a.order - b.order)
    .map((c) => ({ id: c.id, name: c.name }))
}

export function useCentreCategories(serverUrl: string): CentreCategory[] | null {
  const [categories, setCategories] = useState<CentreCategory[] | null>(null)
  useEffect(() => {
    let live = true
    fetchCentreCategories(serverUrl).then(
      (c) => live && setCategories(c),
      () => live && setCategories(null),
    )
    return () => {
      live = false
    }
  }, [serverUrl])
  return categories
}

/** A category's name in the console's language (zh-CN when it has no English name). */
export function categoryName(
  categories: CentreCategory[] | null,
  id: string,
  lang: 'zh-CN' | 'en',
): string {
  const c = categories?.find((x) => x.id === id)
  return c ? (lang === 'en' ? (c.name.en ?? c.name['zh-CN']) : c.name['zh-CN']) : id
}
