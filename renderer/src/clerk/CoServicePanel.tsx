import { useEffect, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { Mirror } from '../../../common/signaling'
import type { ClerkVideoSession, ConsoleCoService } from '../video/clerk/clerk-video-session'
import { CoServiceActions } from './CoServiceActions'
import { fetchFieldLabels, type FieldLabel } from './field-labels'

/**
 * Co-service on the console during a call: 查看申请, the resident's answer, and while the
 * resident shares it the application as they fill it in, under the item's own field labels.
 * Renders nothing of the application once sharing or the call has ended (the session drops it).
 */
export function CoServicePanel({
  session,
  coService,
  serverUrl,
}: {
  session: ClerkVideoSession
  coService: ConsoleCoService
  serverUrl: string
}): ReactElement {
  const { t } = useTranslation()
  const shared = coService.state === 'sharing' ? coService : null
  const mirror = shared?.mirror ?? null
  return (
    <section className="console-cosvc" aria-labelledby="cosvc-title" data-testid="cosvc-panel">
      <div className="console-cosvc-head">
        <h3 id="cosvc-title">{t('clerk.coService.title')}</h3>
        {coService.state === 'sharing' ? null : (
          <button
            type="button"
            className="console-primary"
            data-testid="cosvc-request"
            disabled={coService.state === 'asking'}
            onClick={() => void session.requestView()}
          >
            {t('clerk.coService.request')}
          </button>
        )}
      </div>
      {coService.state === 'asking' ? (
        <p role="status">{t('clerk.coService.requesting')}</p>
      ) : coService.state === 'declined' || coService.state === 'withdrawn' ? (
        <p role="status" data-testid="cosvc-status">
          {t(`clerk.coService.${coService.state}`)}
        </p>
      ) : null}
      {shared && mirror ? (
        <MirrorView
          mirror={mirror}
          serverUrl={serverUrl}
          pages={shared.pages}
          actions={(labels) => (
            <CoServiceActions
              session={session}
              mirror={mirror}
              labels={labels}
              actions={shared.actions}
              serverUrl={serverUrl}
            />
          )}
        />
      ) : null}
    </section>
  )
}

function useLabels(serverUrl: string, code: string | null): FieldLabel[] {
  const { i18n } = useTranslation()
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN'
  const [labels, setLabels] = useState<FieldLabel[]>([])
  useEffect(() => {
    if (!code) return
    let live = true
    fetchFieldLabels(serverUrl, code, lang).then(
      (l) => live && setLabels(l),
      () => live && setLabels([]),
    )
    return () => {
      live = false
    }
  }, [serverUrl, code, lang])
  return labels
}

function MirrorView({
  mirror,
  serverUrl,
  pages,
  actions,
}: {
  mirror: Mirror
  serverUrl: string
  /** Kept pages by `material:page`, as blob URLs. */
  pages: Record<string, string>
  actions: (labels: FieldLabel[]) => ReactElement
}): ReactElement {
  const { t } = useTranslation()
  const labels = useLabels(serverUrl, mirror.item?.code ?? null)
  const [full, setFull] = useState<{ url: string; alt: string } | null>(null)
  // Schema order for known fields, then anything the catalog does not name (under its path).
  const known = labels.filter((l) => l.path in mirror.fields)
  const named = new Set(known.map((l) => l.path))
  const rest = Object.keys(mirror.fields)
    .filter((p) => !named.has(p))
    .map((path) => ({ path, title: path, options: {} as Record<string, string> }))
  const rows = [...known, ...rest]
  return (
    <div className="console-mirror" data-testid="cosvc-mirror">
      <p>
        <strong>{mirror.item?.title ?? '—'}</strong> · {t('clerk.coService.step')}:{' '}
        <span data-testid="cosvc-step">{mirror.step || mirror.screen}</span>
      </p>
      <h4>{t('clerk.coService.fields')}</h4>
      {rows.length === 0 ? (
        <p>{t('clerk.coService.noFields')}</p>
      ) : (
        <dl className="console-mirror-fields">
          {rows.map((l) => {
            const raw = mirror.fields[l.path] ?? ''
            const value = raw
              .split('、')
              .map((v) => l.options[v] ?? v)
              .join('、')
            return (
              <div key={l.path} data-testid="cosvc-field" data-path={l.path}>
                <dt>{l.title}</dt>
                <dd>{value}</dd>
              </div>
            )
          })}
        </dl>
      )}
      {mirror.materials.length ? (
        <>
          <h4>{t('clerk.coService.materials')}</h4>
          <ul data-testid="cosvc-materials">
            {mirror.materials.map((m) => (
              <li key={m.id} data-material={m.id}>
                {m.name}:{' '}
                {m.status === 'photographed'
                  ? t('clerk.coService.photographed', { count: m.pages })
                  : m.status === 'deferred'
                    ? `${t('clerk.coService.deferred')}${m.dueDate ? `（${t('clerk.coService.due', { date: m.dueDate })}）` : ''}`
                    : t('clerk.coService.notCaptured')}
                {m.status === 'photographed' ? (
                  <span className="console-thumbs">
                    {Array.from({ length: m.pages }, (_, n) => {
                      const url = pages[`${m.id}:${n}`]
                      const alt = t('clerk.coService.pageAlt', { name: m.name, n: n + 1 })
                      return url ? (
                        <button
                          key={n}
                          type="button"
                          className="console-thumb"
                          data-testid="cosvc-thumb"
                          onClick={() => setFull({ url, alt })}
                        >
                          <img src={url} alt={alt} />
                        </button>
                      ) : null
                    })}
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {full ? (
        <div
          className="console-page-full"
          role="dialog"
          aria-label={full.alt}
          data-testid="cosvc-page-full"
        >
          <img src={full.url} alt={full.alt} />
          <button type="button" onClick={() => setFull(null)}>
            {t('clerk.coService.closePage')}
          </button>
        </div>
      ) : null}
      <p data-testid="cosvc-commitment">
        {t('clerk.coService.commitment')}:{' '}
        {mirror.signed ? t('clerk.coService.signed') : t('clerk.coService.unsigned')}
      </p>
      {actions(labels)}
    </div>
  )
}
