import type { ReactElement, ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Icon } from './icons'

/**
 * The bottom-bar controls of content turned page by page (`Pages.tsx`): 第 n 页，共 m 页 when
 * there is more than one, 上一页 after the first, and 下一页 until the last, where `onLast`
 * (e.g. 确认提交) stands instead, if given.
 */
export function PageTurner({
  page,
  pages,
  onPage,
  onLast = null,
}: {
  page: number
  pages: number
  onPage: (page: number) => void
  onLast?: ReactNode
}): ReactElement {
  const { t } = useTranslation()
  return (
    <>
      {pages > 1 ? (
        <span className="page-count" aria-live="polite">
          {t('review.page', { page: page + 1, total: pages })}
        </span>
      ) : null}
      {page > 0 ? (
        <button type="button" className="secondary-button" onClick={() => onPage(page - 1)}>
          <Icon name="back" />
          {t('review.previousPage')}
        </button>
      ) : null}
      {page >= pages - 1 ? (
        onLast
      ) : (
        <button
          type="button"
          className="primary-button big next-page"
          onClick={() => onPage(page + 1)}
        >
          {t('review.nextPage')}
          <Icon name="forward" />
        </button>
      )}
    </>
  )
}
