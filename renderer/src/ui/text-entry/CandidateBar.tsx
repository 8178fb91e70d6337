import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

/**
 * One row of large candidate buttons, optionally paged with large arrows. The candidate already
 * entered (`chosen`) is marked pressed. Each button's accessible name is its text.
 */
export function CandidateBar({
  candidates,
  chosen,
  label,
  onPick,
  testId,
  paging,
}: {
  candidates: string[]
  chosen?: string
  label: string
  onPick: (candidate: string) => void
  testId: string
  paging?: { page: number; pages: number; onPage: (page: number) => void }
}): ReactElement {
  const { t } = useTranslation()
  return (
    <div className="te-candidates" role="group" aria-label={label} data-testid={testId}>
      {paging ? (
        <button
          type="button"
          className="te-key te-arrow"
          aria-label={t('textEntry.previousPage')}
          disabled={paging.page === 0}
          onClick={() => paging.onPage(paging.page - 1)}
        >
          ◀
        </button>
      ) : null}
      <div className="te-candidate-list">
        {candidates.length === 0 ? <span className="te-placeholder">{'\u00a0'}</span> : null}
        {candidates.map((c, i) => (
          <button
            key={`${i}-${c}`}
            type="button"
            className={`te-key te-candidate${c === chosen ? ' on' : ''}`}
            aria-pressed={c === chosen}
            onClick={() => onPick(c)}
          >
            {c}
          </button>
        ))}
      </div>
      {paging ? (
        <button
          type="button"
          className="te-key te-arrow"
          aria-label={t('textEntry.nextPage')}
          disabled={paging.page + 1 >= paging.pages}
          onClick={() => paging.onPage(paging.page + 1)}
        >
          ▶
        </button>
      ) : null}
    </div>
  )
}
