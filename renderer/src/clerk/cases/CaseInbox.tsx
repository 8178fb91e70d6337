import { useCallback, useEffect, useMemo, useRef, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { Queue } from '../../../../common/cases/api'
import {
  CaseViewBody,
  IdSearchView,
  InboxPageView,
  QueueCountsView,
  type InboxRowView,
} from '../../../../common/cases/view'
import type { StaffClient } from '../../video/shared/signaling-client'
import { ConsoleTable } from '../console-parts'
import { casesApi, localized, useCatalogItems, type CatalogItem } from './cases-api'
import { CaseView } from './CaseView'
import { caseErrorText, dayTime, itemName, statusText } from './case-texts'

type QueueName = (typeof Queue.options)[number]
interface Filters {
  item: string
  hall: string
  from: string
  to: string
}
const noFilters: Filters = { item: '', hall: '', from: '', to: '' }
const PAGE = 50
const ID_NUMBER = /^[0-9]{17}[0-9Xx]$|^[A-Z]{3}[0-9]{12}$/

function query(f: Filters, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries({ ...f, ...extra })) if (v) q.set(k, v)
  const s = q.toString()
  return s ? `?${s}` : ''
}

/**
 * The clerk's case inbox (docs/back-office.md, "Queues and the inbox"): the named queues with
 * their counts, a page of the chosen queue as the centre sorts it (earliest clock first), more
 * pages by the centre's cursor, filters by item, hall and submission date, search by case
 * number or ID number (the centre audits it). The centre's `cases:changed` on the console's
 * socket (no personal data) makes it refetch, so a new submission shows without a reload.
 */
export function CaseInbox({
  serverUrl,
  token,
  role,
  categories,
  client,
}: {
  serverUrl: string
  token: string
  role: 'clerk' | 'supervisor'
  /** A clerk's categories: the item filter offers only their items. */
  categories?: readonly string[]
  client: StaffClient
}): ReactElement | null {
  const { t, i18n } = useTranslation()
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN'
  const api = useMemo(() => casesApi(serverUrl, token), [serverUrl, token])
  const allItems = useCatalogItems(serverUrl)
  const items = useMemo(
    () => (categories ? allItems.filter((i) => categories.includes(i.categoryId)) : allItems),
    [allItems, categories],
  )
  const [queue, setQueue] = useState<QueueName>('to-accept')
  const [filters, setFilters] = useState<Filters>(noFilters)
  const [rows, setRows] = useState<InboxRowView[] | null>(null)
  const [next, setNext] = useState<string | null>(null)
  const [counts, setCounts] = useState<QueueCountsView | null>(null)
  const [error, setError] = useState<string | null>(null)
  // A centre without the back office (signaling only) answers 404 for the inbox: no inbox then.
  const [absent, setAbsent] = useState(false)
  const [open, setOpen] = useState<string | null>(null)
  const [search, setSearch] = useState('')
  const [found, setFound] = useState<{ caseNumber: string; status: string }[] | null>(null)
  const shown = useRef(PAGE)

  const reload = useCallback(async () => {
    const [page, c] = await Promise.all([
      api.request(
        'GET',
        query(filters, { queue, limit: String(Math.min(100, shown.current)) }),
        InboxPageView,
      ),
      api.request('GET', `/counts${query(filters)}`, QueueCountsView),
    ])
    if (page.ok) {
      setRows(page.data.rows)
      setNext(page.data.next)
    }
    if (c.ok) setCounts(c.data)
    setAbsent(!page.ok && page.code === 'not_found')
    setError(page.ok ? (c.ok ? null : c.code) : page.code)
  }, [api, filters, queue])

  useEffect(() => {
    shown.current = PAGE
    void reload()
  }, [reload])
  // Live: refetch whenever the centre says a case of this console's scope moved, and after a
  // reconnect (events sent while the link was down are not replayed).
  useEffect(() => {
    const offs = [
      client.on('cases:changed', () => void reload()),
      client.onLink((link) => link === 'online' && void reload()),
    ]
    return () => offs.forEach((off) => off())
  }, [client, reload])

  async function more() {
    if (!next) return
    const page = await api.request(
      'GET',
      query(filters, { queue, cursor: next, limit: String(PAGE) }),
      InboxPageView,
    )
    if (!page.ok) return setError(page.code)
    setRows((r) => [...(r ?? []), ...page.data.rows])
    setNext(page.data.next)
    shown.current += page.data.rows.length
  }

  async function find(e: React.FormEvent) {
    e.preventDefault()
    const s = search.trim().toUpperCase()
    if (!s) return
    if (ID_NUMBER.test(s)) {
      const r = await api.request('POST', '/search-id', IdSearchView, { idNumber: s })
      if (!r.ok) return setError(r.code)
      setError(null)
      setFound(r.data.cases)
    } else {
      // Checked first, so a refusal (another category, no such case) is said here in the inbox.
      const r = await api.request('GET', `/${encodeURIComponent(s)}`, CaseViewBody)
      setFound(null)
      if (!r.ok) return setError(r.code)
      setError(null)
      setOpen(s)
    }
  }

  if (absent) return null
  if (open)
    return (
      <CaseView
        api={api}
        caseNumber={open}
        role={role}
        items={items}
        client={client}
        onClose={() => {
          setOpen(null)
          void reload()
        }}
      />
    )

  return (
    <section aria-labelledby="cases-title" className="case-inbox" data-testid="case-inbox">
      <h2 id="cases-title">{t('caseInbox.title')}</h2>
      <div className="console-actions" data-testid="queues">
        {Queue.options.map((q) => (
          <button
            key={q}
            type="button"
            aria-pressed={queue === q}
            className={queue === q ? 'console-primary' : ''}
            data-testid={`queue-${q}`}
            onClick={() => setQueue(q)}
          >
            {t(`caseInbox.queue.${q}`)}{' '}
            <span data-testid={`count-${q}`}>({counts ? counts[q] : '…'})</span>
          </button>
        ))}
      </div>
      <InboxFilters items={items} lang={lang} filters={filters} onChange={setFilters} />
      <form className="case-search" onSubmit={(e) => void find(e)} role="search">
        <label className="field">
          {t('caseInbox.searchLabel')}
          <input
            data-testid="case-search"
            value={search}
            maxLength={40}
            autoComplete="off"
            onChange={(e) => setSearch(e.target.value)}
          />
        </label>
        <button type="submit">{t('caseInbox.search')}</button>
      </form>
      <p className="console-note">{t('caseInbox.searchNote')}</p>
      {found ? (
        <div data-testid="search-results">
          {found.length === 0 ? (
            <p>{t('caseInbox.searchNone')}</p>
          ) : (
            <ul>
              {found.map((c) => (
                <li key={c.caseNumber}>
                  <button type="button" onClick={() => setOpen(c.caseNumber)}>
                    {c.caseNumber} · {statusText(c.status, lang)}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
      {error ? (
        <p className="console-alert" role="alert">
          {caseErrorText(t, error)}
        </p>
      ) : null}
      {rows === null ? (
        <p>{t('caseInbox.loading')}</p>
      ) : rows.length === 0 ? (
        <p data-testid="inbox-empty">{t('caseInbox.empty')}</p>
      ) : (
        <ConsoleTable
          testId="inbox"
          columns={[
            t('caseInbox.colCase'),
            t('caseInbox.colItem'),
            t('caseInbox.colHall'),
            t('caseInbox.colStatus'),
            t('caseInbox.colSubmitted'),
            t('caseInbox.colDue'),
            t('caseInbox.colClaim'),
            null,
          ]}
        >
          {rows.map((r) => (
            <tr key={r.caseNumber} data-testid="inbox-row" data-case={r.caseNumber}>
              <td>{r.caseNumber}</td>
              <td>{itemName(items, r.itemCode, lang)}</td>
              <td>{r.hall}</td>
              <td>{statusText(r.status, lang)}</td>
              <td>{dayTime(r.submittedAt)}</td>
              <td>{r.dueOn ?? '—'}</td>
              <td data-testid="inbox-claim">
                {r.claim ? t('caseInbox.claimedBy', { name: r.claim.name }) : '—'}
              </td>
              <td>
                <button type="button" onClick={() => setOpen(r.caseNumber)}>
                  {t('caseInbox.open')}
                </button>
              </td>
            </tr>
          ))}
        </ConsoleTable>
      )}
      {next ? (
        <button type="button" onClick={() => void more()} data-testid="inbox-more">
          {t('caseInbox.more')}
        </button>
      ) : null}
    </section>
  )
}

function InboxFilters({
  items,
  lang,
  filters,
  onChange,
}: {
  items: CatalogItem[]
  lang: string
  filters: Filters
  onChange: (f: Filters) => void
}): ReactElement {
  const { t } = useTranslation()
  // The hall is typed and applied on 筛选, not per keystroke.
  const [hall, setHall] = useState(filters.hall)
  return (
    <form
      className="case-filters"
      onSubmit={(e) => {
        e.preventDefault()
        onChange({ ...filters, hall: hall.trim() })
      }}
    >
      <label className="field">
        {t('caseInbox.filterItem')}
        <select
          data-testid="filter-item"
          value={filters.item}
          onChange={(e) => onChange({ ...filters, item: e.target.value })}
        >
          <option value="">{t('caseInbox.filterAll')}</option>
          {items.map((i) => (
            <option key={i.code} value={i.code}>
              {localized(i.name, lang)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        {t('caseInbox.filterHall')}
        <input value={hall} maxLength={64} onChange={(e) => setHall(e.target.value)} />
      </label>
      <label className="field">
        {t('caseInbox.filterFrom')}
        <input
          type="date"
          value={filters.from}
          onChange={(e) => onChange({ ...filters, from: e.target.value })}
        />
      </label>
      <label className="field">
        {t('caseInbox.filterTo')}
        <input
          type="date"
          value={filters.to}
          onChange={(e) => onChange({ ...filters, to: e.target.value })}
        />
      </label>
      <button type="submit">{t('caseInbox.filterApply')}</button>
      <button
        type="button"
        onClick={() => {
          setHall('')
          onChange(noFilters)
        }}
      >
        {t('caseInbox.filterClear')}
      </button>
    </form>
  )
}
