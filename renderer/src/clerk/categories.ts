import { useEffect, useState } from 'react'
import { z } from 'zod'
import { CategoryId, LocalizedText } from '../../../common/domain/catalog'

/** Only what the consoles read of the centre's catalog; the rest of it is not needed here. */
const CatalogCategories = z.object({
  categories: z
    .array(z.object({ id: CategoryId, name: LocalizedText, order: z.number() }))
    .max(200),
})

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
  const res = await fetch(`${serverUrl}/api/v1/catalog`, {
    headers: { accept: 'application/json' },
  })
  if (!res.ok) throw new Error(`catalog: http ${res.status}`)
  const parsed = CatalogCategories.parse(await res.json())
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
