import { useEffect, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { ClerkAction, Mirror } from '../../../common/signaling'
import type { ClerkVideoSession, SentAction } from '../video/clerk/clerk-video-session'
import { fetchCatalogItems, type CatalogItem, type FieldLabel } from './field-labels'

/**
 * The clerk's co-service actions while the resident shares: open an item, propose a field's
 * value, ask for a card read, a photo of a material or the signature, print the 一次告知单 or
 * the receipt again. Each is only a request: the kiosk shows it to the resident, and the list
 * below says what became of it (a refusal in words: nothing changed on the kiosk).
 */
export function CoServiceActions({
  session,
  mirror,
  labels,
  actions,
  serverUrl,
}: {
  session: ClerkVideoSession
  mirror: Mirror
  labels: FieldLabel[]
  actions: SentAction[]
  serverUrl: string
}): ReactElement {
  const { t, i18n } = useTranslation()
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN'
  const items = useItems(serverUrl, lang)
  const [code, setCode] = useState('')
  const [path, setPath] = useState('')
  const [value, setValue] = useState('')
  const [material, setMaterial] = useState('')
  const act = (a: ClerkAction) => void session.act(a)
  const current = mirror.item?.code
  // The open item's materials first, then every other item's (the kiosk refuses those).
  const grouped = [...items].sort((a, b) => Number(b.code === current) - Number(a.code === current))
  // What the card fills is read-only on the kiosk: not offered for a proposal.
  const open = labels.filter((l) => !l.locked)
  const field = path || open[0]?.path || ''

  return (
    <div className="console-cosvc-actions" data-testid="cosvc-actions">
      <h4>{t('clerk.coService.actions')}</h4>
      <div className="console-cosvc-row">
        <label>
          {t('clerk.coService.openItem')}{' '}
          <select
            value={code}
            onChange={(e) => setCode(e.target.value)}
            data-testid="cosvc-item-select"
          >
            <option value="">{t('clerk.coService.chooseItem')}</option>
            {items.map((i) => (
              <option key={i.code} value={i.code}>
                {i.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" disabled={!code} onClick={() => act({ kind: 'open-item', code })}>
          {t('clerk.coService.open')}
        </button>
      </div>
      <div className="console-cosvc-row">
        <label>
          {t('clerk.coService.field')}{' '}
          <select
            value={field}
            onChange={(e) => setPath(e.target.value)}
            data-testid="cosvc-field-select"
          >
            {open.map((l) => (
              <option key={l.path} value={l.path}>
                {l.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('clerk.coService.value')}{' '}
          <input
            value={value}
            maxLength={400}
            onChange={(e) => setValue(e.target.value)}
            data-testid="cosvc-value"
          />
        </label>
        <button
          type="button"
          className="console-primary"
          data-testid="cosvc-propose"
          disabled={!field || !value.trim()}
          onClick={() => {
            act({ kind: 'propose', fields: [{ path: field, value: value.trim() }] })
            setValue('')
          }}
        >
          {t('clerk.coService.send')}
        </button>
      </div>
      <div className="console-cosvc-row">
        <label>
          {t('clerk.coService.photo')}{' '}
          <select
            value={material}
            onChange={(e) => setMaterial(e.target.value)}
            data-testid="cosvc-material-select"
          >
            <option value="">{t('clerk.coService.chooseMaterial')}</option>
            {grouped.map((i) => (
              <optgroup key={i.code} label={i.name}>
                {i.materials.map((m) => (
                  <option key={`${i.code}:${m.id}`} value={m.id}>
                    {m.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        <button
          type="button"
          data-testid="cosvc-photo"
          disabled={!material}
          onClick={() => act({ kind: 'photo', materialId: material })}
        >
          {t('clerk.coService.photoButton')}
        </button>
      </div>
      <div className="console-cosvc-row">
        <button type="button" onClick={() => act({ kind: 'read-card' })}>
          {t('clerk.coService.readCard')}
        </button>
        <button type="button" data-testid="cosvc-sign" onClick={() => act({ kind: 'sign' })}>
          {t('clerk.coService.sign')}
        </button>
        <button
          type="button"
          data-testid="cosvc-print-notice"
          onClick={() => act({ kind: 'print', document: 'notice' })}
        >
          {t('clerk.coService.printNotice')}
        </button>
        <button type="button" onClick={() => act({ kind: 'print', document: 'receipt' })}>
          {t('clerk.coService.printReceipt')}
        </button>
      </div>
      {actions.length ? (
        <>
          <h4>{t('clerk.coService.sent')}</h4>
          <ol className="console-cosvc-sent" data-testid="cosvc-sent">
            {actions.map((a) => (
              <li key={a.actionId} data-testid="cosvc-sent-action" data-outcome={a.outcome}>
                <strong>{t(`clerk.coService.kind.${a.action.kind}`)}</strong>{' '}
                {describe(a, labels, items, t)} ·{' '}
                {a.outcome === 'refused' ? (
                  <span role="alert" className="console-cosvc-refused">
                    {t('clerk.coService.outcome.refused', {
                      reason: t(`clerk.coService.refused.${a.reason ?? 'wrong_screen'}`),
                    })}
                  </span>
                ) : (
                  t(`clerk.coService.outcome.${a.outcome}`)
                )}
                {a.card ? (
                  <> · {t('clerk.coService.card', { name: a.card.name, id: a.card.idNumber })}</>
                ) : null}
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </div>
  )
}

/** What the action was about, in words: the field and value, the item, the material. */
function describe(
  a: SentAction,
  labels: FieldLabel[],
  items: CatalogItem[],
  t: (key: 'clerk.coService.printNotice' | 'clerk.coService.printReceipt') => string,
): string {
  const act = a.action
  switch (act.kind) {
    case 'propose':
      return act.fields
        .map((f) => `${labels.find((l) => l.path === f.path)?.title ?? f.path}：${f.value}`)
        .join('、')
    case 'open-item':
      return items.find((i) => i.code === act.code)?.name ?? act.code
    case 'photo':
      return (
        items.flatMap((i) => i.materials).find((m) => m.id === act.materialId)?.name ??
        act.materialId
      )
    case 'print':
      return t(
        act.document === 'notice' ? 'clerk.coService.printNotice' : 'clerk.coService.printReceipt',
      )
    default:
      return ''
  }
}

function useItems(serverUrl: string, lang: 'zh-CN' | 'en'): CatalogItem[] {
  const [items, setItems] = useState<CatalogItem[]>([])
  useEffect(() => {
    let live = true
    fetchCatalogItems(serverUrl, lang).then(
      (i) => live && setItems(i),
      () => live && setItems([]),
    )
    return () => {
      live = false
    }
  }, [serverUrl, lang])
  return items
}
