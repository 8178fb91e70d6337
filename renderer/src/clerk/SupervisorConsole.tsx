import { useEffect, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { QueueOverview } from '../../../common/signaling'
import { connectStaff, type LinkState, type StaffClient } from '../video/shared/signaling-client'
import { categoryName, useCentreCategories } from './categories'
import { ConsoleBar } from './ConsoleBar'
import { ConsoleTable, LinkNotice, type ConsoleProps } from './console-parts'
import { FollowUpPanel } from './supervision/FollowUpPanel'
import { StatsPanel } from './supervision/StatsPanel'
import { mmss, useTick } from './time'
import { CaseInbox } from './cases/CaseInbox'

type Row = QueueOverview['categories'][number]

/** The staff socket's overview, pushed by the centre whenever it changes. */
function useOverview(client: StaffClient): { overview: QueueOverview | null; link: LinkState } {
  const [overview, setOverview] = useState<QueueOverview | null>(null)
  const [link, setLink] = useState<LinkState>(client.link)
  useEffect(() => {
    const offs = [client.on('queue:overview', setOverview), client.onLink(setLink)]
    return () => offs.forEach((off) => off())
  }, [client])
  return { overview, link }
}

/**
 * A supervisor's console: every category's queue at a glance (waiting, longest wait, clerks
 * online, free and in a call), live. Read-only: supervisors do not take calls. Below it the
 * 好差评 follow-ups and the statistics (supervision/).
 */
export function SupervisorConsole({ login, serverUrl, onLogout }: ConsoleProps): ReactElement {
  const { t, i18n } = useTranslation()
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN'
  const [client] = useState(() => connectStaff(serverUrl, login.token, { win: window }))
  useEffect(() => () => client.close(), [client])
  const { overview, link } = useOverview(client)
  const categories = useCentreCategories(serverUrl)
  const now = useTick(1_000)
  useEffect(() => {
    if (link === 'refused') onLogout(client.refusal ?? 'unauthorized')
  }, [link, client, onLogout])

  // Every category of the centre's catalog, with zeros where nobody waits and no clerk is on;
  // then any category the queue knows and the catalog does not.
  const byId = new Map((overview?.categories ?? []).map((r) => [r.category, r]))
  const empty = (category: string): Row => ({
    category,
    waiting: 0,
    longestWaitingSince: null,
    clerksOnline: 0,
    clerksAvailable: 0,
    clerksBusy: 0,
  })
  const ids = [
    ...(categories ?? []).map((c) => c.id),
    ...[...byId.keys()].filter((id) => !categories?.some((c) => c.id === id)),
  ]
  const rows = ids.map((id) => byId.get(id) ?? empty(id))
  const totalWaiting = rows.reduce((n, r) => n + r.waiting, 0)

  return (
    <div className="console">
      <ConsoleBar displayName={login.displayName} role={login.role} onLogout={() => onLogout()} />
      <main className="console-body">
        <LinkNotice link={link} />
        <section aria-labelledby="overview-title">
          <h2 id="overview-title">
            {t('clerk.overviewTitle')} ({t('clerk.overviewWaitingTotal', { count: totalWaiting })})
          </h2>
          {overview === null ? (
            <p>{t('clerk.overviewLoading')}</p>
          ) : (
            <ConsoleTable
              testId="overview"
              columns={[
                t('clerk.colCategory'),
                t('clerk.colWaiting'),
                t('clerk.colLongestWait'),
                t('clerk.colClerksOnline'),
                t('clerk.colClerksAvailable'),
                t('clerk.colClerksBusy'),
              ]}
            >
              {rows.map((r) => {
                const waited =
                  r.longestWaitingSince === null ? null : (now - r.longestWaitingSince) / 1000
                return (
                  <tr key={r.category} data-testid="overview-row" data-category={r.category}>
                    <td>{categoryName(categories, r.category, lang)}</td>
                    <td data-testid="waiting">{r.waiting}</td>
                    {/* Red after 5 minutes, as in the clerk's queue. */}
                    <td className={waited !== null && waited > 300 ? 'late-cell' : ''}>
                      {waited === null ? '—' : mmss(waited)}
                    </td>
                    <td data-testid="clerks-online">{r.clerksOnline}</td>
                    <td>{r.clerksAvailable}</td>
                    <td>{r.clerksBusy}</td>
                  </tr>
                )
              })}
            </ConsoleTable>
          )}
          <p className="console-note">{t('clerk.overviewNote')}</p>
        </section>
        <CaseInbox serverUrl={serverUrl} token={login.token} role="supervisor" client={client} />
        <FollowUpPanel serverUrl={serverUrl} token={login.token} />
        <StatsPanel serverUrl={serverUrl} token={login.token} />
      </main>
    </div>
  )
}
