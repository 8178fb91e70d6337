import { useState, type ChangeEvent, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import {
  CatalogCheckResponse,
  CatalogPublishResponse,
  type CatalogDiff,
} from '../../../../common/catalog/publishing'
import { adminRequest } from '../admin-api'
import { serverErrorText } from '../server-errors'
import { entryName, issueLine, partName } from './catalog-text'
import { DraftItems } from './DraftItems'

type Checked = { text: string; result: CatalogCheckResponse }

/**
 * The draft of a catalog version: uploaded as a JSON file, loaded from a published version, and
 * edited as JSON (or its items' simple fields in the list); checked by the centre (the issues
 * name entry and field; a valid draft shows its difference against the version in force);
 * published only as checked: any edit asks for a new check first.
 */
export function CatalogDraft({
  serverUrl,
  token,
  initialText,
  onPublished,
}: {
  serverUrl: string
  token: string
  /** A published version's content to start from (the panel remounts the draft for each). */
  initialText: string
  onPublished: (version: string) => void
}): ReactElement {
  const { t } = useTranslation()
  const [text, setText] = useState(initialText)
  const [checked, setChecked] = useState<Checked | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [fileName, setFileName] = useState<string | null>(null)

  function parsed(): { ok: true; value: unknown } | { ok: false } {
    try {
      return { ok: true, value: JSON.parse(text) as unknown }
    } catch {
      return { ok: false }
    }
  }

  async function upload(e: ChangeEvent<HTMLInputElement>): Promise<void> {
    const file = e.target.files?.[0]
    if (!file) return
    setText(await file.text())
    setFileName(file.name)
    setChecked(null)
    e.target.value = ''
  }

  async function check(): Promise<void> {
    setProblem(null)
    const draft = parsed()
    if (!draft.ok)
      return setChecked({
        text,
        result: {
          valid: false,
          issues: [{ entry: null, field: '(JSON)', problem: 'not_json', detail: '' }],
        },
      })
    setBusy(true)
    const r = await adminRequest(
      serverUrl,
      token,
      'POST',
      '/api/admin/catalog/check',
      CatalogCheckResponse,
      { catalog: draft.value },
    )
    setBusy(false)
    if (!r.ok) return setProblem(serverErrorText(t, r.code))
    setChecked({ text, result: r.data })
  }

  async function publish(): Promise<void> {
    const draft = parsed()
    if (!draft.ok) return
    setBusy(true)
    setProblem(null)
    const r = await adminRequest(
      serverUrl,
      token,
      'POST',
      '/api/admin/catalog/publish',
      CatalogPublishResponse,
      { catalog: draft.value },
    )
    setBusy(false)
    if (!r.ok) return setProblem(serverErrorText(t, r.code))
    // Published: the draft is done; the next one starts from a version or a file again.
    setChecked(null)
    setText('')
    setFileName(null)
    onPublished(r.data.published.version)
  }

  const current = checked && checked.text === text ? checked.result : null
  const edit = (next: string) => {
    setText(next)
    setProblem(null)
  }

  return (
    <div className="catalog-draft">
      <h3>{t('clerk.catalog.draft')}</h3>
      <div className="console-actions">
        {/* The browser's own file button speaks the browser's language: a label of ours instead. */}
        <label className="catalog-upload">
          <input
            type="file"
            accept="application/json,.json"
            data-testid="catalog-file"
            onChange={(e) => void upload(e)}
          />
          <span>{t('clerk.catalog.upload')}</span>
        </label>
        {fileName ? <span className="console-note">{fileName}</span> : null}
      </div>
      <DraftItems text={text} onChange={edit} />
      <label className="field catalog-json">
        {t('clerk.catalog.json')}
        <textarea
          value={text}
          spellCheck={false}
          rows={12}
          data-testid="catalog-json"
          onChange={(e) => edit(e.target.value)}
        />
      </label>
      <div className="console-actions">
        <button type="button" disabled={busy || !text.trim()} onClick={() => void check()}>
          {t('clerk.catalog.check')}
        </button>
        <button
          type="button"
          className="console-primary"
          disabled={busy || !current?.valid}
          onClick={() => void publish()}
        >
          {current?.valid
            ? t('clerk.catalog.publishAs', { version: current.version })
            : t('clerk.catalog.publish')}
        </button>
      </div>
      {checked && !current ? <p className="console-note">{t('clerk.catalog.checkAgain')}</p> : null}
      {problem ? (
        <p className="console-alert" role="alert">
          {problem}
        </p>
      ) : null}
      {current && !current.valid ? (
        <div className="console-alert" role="alert" data-testid="catalog-issues">
          <p>{t('clerk.catalog.invalid', { count: current.issues.length })}</p>
          <ul>
            {current.issues.map((i, k) => (
              <li key={k}>
                {issueLine(t, i)}
                {i.detail ? <small className="catalog-detail"> — {i.detail}</small> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {current?.valid ? <DiffView diff={current.diff} against={current.against} /> : null}
    </div>
  )
}

function DiffView({ diff, against }: { diff: CatalogDiff; against: string }): ReactElement {
  const { t } = useTranslation()
  const none =
    diff.added.length + diff.removed.length + diff.changed.length + diff.catalogParts.length === 0
  return (
    <div className="console-notice catalog-diff" role="status" data-testid="catalog-diff">
      <p>{t('clerk.catalog.diffTitle', { version: against, unchanged: diff.unchanged })}</p>
      {none ? <p>{t('clerk.catalog.noChange')}</p> : null}
      {diff.added.length > 0 ? (
        <section data-testid="catalog-added">
          <h4>{t('clerk.catalog.added', { count: diff.added.length })}</h4>
          <ul>
            {diff.added.map((e) => (
              <li key={`${e.kind}:${e.code}`}>{entryName(t, e)}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {diff.removed.length > 0 ? (
        <section data-testid="catalog-removed">
          <h4>{t('clerk.catalog.removed', { count: diff.removed.length })}</h4>
          <ul>
            {diff.removed.map((e) => (
              <li key={`${e.kind}:${e.code}`}>{entryName(t, e)}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {diff.changed.length > 0 ? (
        <section data-testid="catalog-changed">
          <h4>{t('clerk.catalog.changed', { count: diff.changed.length })}</h4>
          <ul>
            {diff.changed.map((c) => (
              <li key={`${c.entry.kind}:${c.entry.code}`}>
                {entryName(t, c.entry)}
                {t('clerk.catalog.changedParts', {
                  parts: c.parts.map((p) => partName(t, p)).join('、'),
                })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {diff.catalogParts.length > 0 ? (
        <p>
          {t('clerk.catalog.catalogParts', {
            parts: diff.catalogParts.map((p) => partName(t, p)).join('、'),
          })}
        </p>
      ) : null}
    </div>
  )
}
