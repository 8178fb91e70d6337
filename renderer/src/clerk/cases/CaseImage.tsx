import { useEffect, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { CasesApi } from './cases-api'

/**
 * One image of a case (a photographed page, the signature), fetched with the clerk's session
 * (the centre checks the category and audits the read) and shown from an object URL, revoked
 * when the view closes. Pages can be zoomed and turned, as a clerk would turn the paper.
 */
export function CaseImage({
  api,
  path,
  alt,
  tools = true,
  testId,
}: {
  api: CasesApi
  path: string
  alt: string
  tools?: boolean
  testId?: string
}): ReactElement {
  const { t } = useTranslation()
  const [url, setUrl] = useState<string | null | undefined>(undefined)
  const [zoom, setZoom] = useState(1)
  const [turn, setTurn] = useState(0)
  useEffect(() => {
    let live = true
    let made: string | null = null
    void api.image(path).then((u) => {
      made = u
      if (live) setUrl(u)
      else if (u) URL.revokeObjectURL(u)
    })
    return () => {
      live = false
      if (made) URL.revokeObjectURL(made)
    }
  }, [api, path])
  if (url === undefined) return <p>{t('caseInbox.imageLoading')}</p>
  if (url === null) return <p className="console-alert">{t('caseInbox.imageFailed')}</p>
  return (
    <figure className="case-image">
      {/* Scrolls when zoomed: focusable, so the keyboard can scroll it too. */}
      <div
        className={tools ? 'case-image-frame' : 'case-image-frame case-signature'}
        {...(tools ? { tabIndex: 0, role: 'group', 'aria-label': alt } : {})}
      >
        <img
          src={url}
          alt={alt}
          data-testid={testId}
          style={{ transform: `scale(${zoom}) rotate(${turn}deg)` }}
        />
      </div>
      {tools ? (
        <figcaption className="console-actions">
          <button type="button" onClick={() => setZoom((z) => Math.min(4, z + 0.5))}>
            {t('caseInbox.zoomIn')}
          </button>
          <button type="button" onClick={() => setZoom((z) => Math.max(0.5, z - 0.5))}>
            {t('caseInbox.zoomOut')}
          </button>
          <button type="button" onClick={() => setTurn((r) => (r + 90) % 360)}>
            {t('caseInbox.rotate')}
          </button>
          <span>{alt}</span>
        </figcaption>
      ) : null}
    </figure>
  )
}
