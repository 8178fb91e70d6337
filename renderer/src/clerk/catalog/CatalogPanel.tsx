import { useEffect, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import {
  CatalogPublishResponse,
  CatalogVersionsResponse,
  type CatalogVersionView,
} from '../../../../common/catalog/publishing'
import { adminRequest } from '../admin-api'
import { ConsoleTable } from '../console-parts'
import { serverErrorText } from '../server-errors'
import { CatalogDraft } from './CatalogDraft'

/**
 * Catalog publishing, for admins (docs/catalog.md, "Publishing"): the published versions (the
 * one in force marked; any earlier one restored as a new version, asked once more first), and a
 * draft to upload or edit, check against the catalog schema and the version in force, and
 * publish. Kiosks take a new version on their next refresh.
 */
export function CatalogPanel({
  serverUrl,
  token,
}: {
  serverUrl: string
  token: string
}): ReactElement {
  const { t, i18n } = useTranslation()
  const [versions, setVersions] = useState<CatalogVersionView[] | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [asking, setAsking] = useState<string | null>(null)
  /** A version's content handed to the draft editor, with a counter so the same one reloads. */
  const [loaded, setLoaded] = useState<{ text: string; n: number } | null>(null)
  const [reads, setReads] = useState(0)

  useEffect(() => {
    let live = true
    void adminRequest(
      serverUrl,
      token,
      'GET',
      '/api/admin/catalog/versions',
      CatalogVersionsResponse,
    ).then((r) => {
      if (!live) return
      if (r.ok) setVersions(r.data.versions)
      else setProblem(serverErrorText(t, r.code))
    })
    return () => {
      live = false
    }
  }, [serverUrl, token, t, reads])

  const when = (ms: number) =>
    new Date(ms).toLocaleString(i18n.language === 'en' ? 'en-GB' : 'zh-CN', {
      dateStyle: 'short',
      timeStyle: 'short',
    })
  const who = (v: CatalogVersionView) =>
    v.publishedBy.id === 'system' ? t('clerk.catalog.bySystem') : v.publishedBy.name

  async function edit(version: string): Promise<void> {
    setProblem(null)
    const r = await adminRequest(
      serverUrl,
      token,
      'GET',
      `/api/admin/catalog/versions/${version}`,
      z.unknown(),
    )
    if (!r.ok) return setProblem(serverErrorText(t, r.code))
    setLoaded((l) => ({ text: JSON.stringify(r.data, null, 2), n: (l?.n ?? 0) + 1 }))
  }

  async function restore(version: string): Promise<void> {
    setAsking(null)
    setProblem(null)
    const r = await adminRequest(
      serverUrl,
      token,
      'POST',
      `/api/admin/catalog/versions/${version}/restore`,
      CatalogPublishResponse,
    )
    if (!r.ok) return setProblem(serverErrorText(t, r.code))
    setNotice(t('clerk.catalog.restored', { version: r.data.published.version, from: version }))
    setReads((n) => n + 1)
  }

  return (
    <section aria-labelledby="catalog-title" className="console-panel" data-testid="catalog-panel">
      <h2 id="catalog-title">{t('clerk.catalog.title')}</h2>
      <p className="console-note">{t('clerk.catalog.lead')}</p>
      {problem ? (
        <p className="console-alert" role="alert">
          {problem}
        </p>
      ) : null}
      {notice ? (
        <p className="console-notice" role="status" data-testid="catalog-notice">
          {notice}
        </p>
      ) : null}
      {versions ? (
        <ConsoleTable
          testId="catalog-versions"
          columns={[
            t('clerk.catalog.version'),
            t('clerk.catalog.publishedAt'),
            t('clerk.catalog.publishedBy'),
            t('clerk.catalog.entries'),
            t('clerk.catalog.actions'),
          ]}
        >
          {versions.map((v) => (
            <tr key={v.version} data-testid={`catalog-version-${v.version}`}>
              <td>
                {v.version}
                {v.current ? (
                  <span className="console-badge" data-testid="catalog-current">
                    {t('clerk.catalog.current')}
                  </span>
                ) : null}
                {v.restoredFrom ? (
                  <small className="console-note">
                    {' '}
                    {t('clerk.catalog.restoredFrom', { version: v.restoredFrom })}
                  </small>
                ) : null}
              </td>
              <td>{when(v.publishedAt)}</td>
              <td>{who(v)}</td>
              <td>{v.entries}</td>
              <td className="console-actions">
                <button type="button" onClick={() => void edit(v.version)}>
                  {t('clerk.catalog.edit')}
                </button>
                {v.current ? null : asking === v.version ? (
                  <>
                    <span>{t('clerk.catalog.restoreAsk', { version: v.version })}</span>
                    <button
                      type="button"
                      className="console-danger"
                      onClick={() => void restore(v.version)}
                    >
                      {t('clerk.catalog.restoreConfirm')}
                    </button>
                    <button type="button" onClick={() => setAsking(null)}>
                      {t('clerk.catalog.cancel')}
                    </button>
                  </>
                ) : (
                  <button type="button" onClick={() => setAsking(v.version)}>
                    {t('clerk.catalog.restore')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </ConsoleTable>
      ) : null}
      <CatalogDraft
        key={loaded?.n ?? 0}
        serverUrl={serverUrl}
        token={token}
        initialText={loaded?.text ?? ''}
        onPublished={(version) => {
          setNotice(t('clerk.catalog.published', { version }))
          setReads((n) => n + 1)
        }}
      />
    </section>
  )
}
