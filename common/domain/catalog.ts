import { z } from 'zod'

/** A localized label: Simplified Chinese is required, English is optional (falls back to zh-CN). */
export const LocalizedText = z.object({
  'zh-CN': z.string().min(1),
  en: z.string().min(1).optional(),
})
export type LocalizedText = z.infer<typeof LocalizedText>

export const CategoryId = z.string().regex(/^[a-z][a-z0-9-]{1,40}$/)

export const ServiceCategory = z.object({
  id: CategoryId,
  name: LocalizedText,
  /** Icon name from the renderer's icon set. */
  icon: z.string().regex(/^[a-z-]{1,30}$/),
  /** Number of service items in the category, shown on the tile. */
  itemCount: z.number().int().nonnegative(),
})
export type ServiceCategory = z.infer<typeof ServiceCategory>
