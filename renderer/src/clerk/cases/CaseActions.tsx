import { useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { CaseActionType } from '../../../../common/cases/api'
import { CaseViewBody } from '../../../../common/cases/view'
import { localized, type CasesApi } from './cases-api'
import { caseErrorText } from './case-texts'

type Reasons = NonNullable<CaseViewBody['submission']>['reasons']
type ReasonList = keyof Reasons

/** The actions the case's status offers (the centre's state table decides; it refuses others). */
function offered(v: CaseViewBody, role: string): CaseActionType[] {
  const s = v.case.status
  const list: CaseActionType[] = []
  if (s === 'received') list.push('accept', 'not-accept', 'request-supplement')
  if (s === 'awaiting-materials') list.push('not-accept')
  if (s === 'accepted') list.push('start-review', 'request-extension')
  if (s === 'in-review') list.push('approve', 'reject', 'request-supplement', 'request-extension')
  if (v.pendingExtension && role === 'supervisor')
    list.push('approve-extension', 'refuse-extension')
  return list
}

/** Which of the item's reason lists an action takes its codes from. */
const REASONS: Partial<Record<CaseActionType, ReasonList | null>> = {
  'not-accept': 'notAccepted',
  'request-supplement': 'supplement',
  reject: 'rejection',
  'request-extension': null,
  'refuse-extension': null,
}

const dayAfter = (days: number) =>
  new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10)

/**
 * The clerk's actions on a case, each a form of its own: what it needs (reason codes from the
 * item's catalog reasons and free text; the materials and due date of a 补正 notice; the days of
 * an extension), then one button that sends it. The centre's answer replaces the view; a
 * refusal is said in words and the form keeps what was entered.
 */
export function CaseActions({
  api,
  view,
  role,
  disabled,
  onDone,
}: {
  api: CasesApi
  view: CaseViewBody
  role: string
  disabled: boolean
  onDone: (v: CaseViewBody) => void
}): ReactElement | null {
  const { t, i18n } = useTranslation()
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN'
  const [action, setAction] = useState<CaseActionType | null>(null)
  const [codes, setCodes] = useState<string[]>([])
  const [text, setText] = useState('')
  const [materials, setMaterials] = useState<string[]>([])
  const [dueDate, setDueDate] = useState(dayAfter(15))
  const [days, setDays] = useState(5)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const actions = offered(view, role)
  if (actions.length === 0) return null
  const sub = view.submission ?? null

  function choose(a: CaseActionType) {
    setAction(a)
    setCodes([])
    setText('')
    setMaterials([])
    setError(null)
  }

  async function send() {
    if (!action) return
    const reason = { codes, ...(text.trim() ? { text: text.trim() } : {}) }
    const body =
      action === 'request-supplement'
        ? { reason, materials: materials.map((materialId) => ({ materialId, dueDate })) }
        : action === 'request-extension'
          ? { days, reason }
          : action in REASONS
            ? { reason }
            : {}
    setBusy(true)
    const r = await api.request(
      'POST',
      `/${view.case.caseNumber}/actions/${action}`,
      CaseViewBody,
      body,
    )
    setBusy(false)
    if (!r.ok) return setError(r.code)
    setAction(null)
    setError(null)
    onDone(r.data)
  }

  const list = action ? REASONS[action] : undefined
  const reasonOptions = list && sub ? sub.reasons[list] : []
  return (
    <section className="console-panel case-actions" aria-labelledby="case-actions-title">
      <h3 id="case-actions-title">{t('caseInbox.actionsTitle')}</h3>
      <div className="console-actions">
        {actions.map((a) => (
          <button
            key={a}
            type="button"
            data-testid={`action-${a}`}
            aria-pressed={action === a}
            disabled={disabled || busy}
            className={action === a ? 'console-primary' : ''}
            onClick={() => choose(a)}
          >
            {t(`caseInbox.action.${a}`)}
          </button>
        ))}
      </div>
      {action ? (
        <form
          className="case-action-form"
          data-testid="action-form"
          aria-label={t(`caseInbox.action.${action}`)}
          onSubmit={(e) => {
            e.preventDefault()
            void send()
          }}
        >
          <p className="console-note">{t(`caseInbox.actionHelp.${action}`)}</p>
          {action === 'request-supplement' && sub ? (
            <fieldset className="console-choices">
              <legend>{t('caseInbox.supplementMaterials')}</legend>
              {sub.itemMaterials.map((m) => (
                <label key={m.materialId}>
                  <input
                    type="checkbox"
                    data-testid={`supplement-${m.materialId}`}
                    checked={materials.includes(m.materialId)}
                    onChange={(e) =>
                      setMaterials((l) =>
                        e.target.checked
                          ? [...l, m.materialId]
                          : l.filter((x) => x !== m.materialId),
                      )
                    }
                  />
                  {localized(m.name, lang)}
                </label>
              ))}
            </fieldset>
          ) : null}
          {action === 'request-supplement' ? (
            <label className="field">
              {t('caseInbox.supplementDue')}
              <input
                type="date"
                data-testid="supplement-due"
                required
                value={dueDate}
                onChange={(e) => setDueDate(e.target.value)}
              />
            </label>
          ) : null}
          {action === 'request-extension' ? (
            <label className="field">
              {t('caseInbox.extensionDays')}
              <input
                type="number"
                min={1}
                max={15}
                value={days}
                onChange={(e) => setDays(Number(e.target.value))}
              />
            </label>
          ) : null}
          {reasonOptions.length > 0 ? (
            <fieldset className="console-choices">
              <legend>{t('caseInbox.reasonCodes')}</legend>
              {reasonOptions.map((r) => (
                <label key={r.code}>
                  <input
                    type="checkbox"
                    data-testid={`reason-${r.code}`}
                    checked={codes.includes(r.code)}
                    onChange={(e) =>
                      setCodes((l) =>
                        e.target.checked ? [...l, r.code] : l.filter((x) => x !== r.code),
                      )
                    }
                  />
                  {localized(r.text, lang)}
                </label>
              ))}
            </fieldset>
          ) : null}
          {list !== undefined ? (
            <label className="field">
              {t('caseInbox.reasonText')}
              <textarea
                data-testid="reason-text"
                maxLength={500}
                value={text}
                onChange={(e) => setText(e.target.value)}
              />
            </label>
          ) : null}
          {error ? (
            <p className="console-alert" role="alert" data-testid="action-error">
              {caseErrorText(t, error)}
            </p>
          ) : null}
          <div className="console-actions">
            <button
              type="submit"
              className="console-primary"
              data-testid="action-send"
              disabled={disabled || busy}
            >
              {t('caseInbox.send', { action: t(`caseInbox.action.${action}`) })}
            </button>
            <button type="button" onClick={() => setAction(null)}>
              {t('caseInbox.cancel')}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  )
}
