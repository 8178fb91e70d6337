/** Candidates shown at once in the pinyin bar (large buttons, one row at 1920 px). */
export const PINYIN_PAGE_SIZE = 8

export function pageOf<T>(list: readonly T[], page: number, size = PINYIN_PAGE_SIZE): T[] {
  return list.slice(page * size, page * size + size)
}

export function pageCount(length: number, size = PINYIN_PAGE_SIZE): number {
  return Math.max(1, Math.ceil(length / size))
}
