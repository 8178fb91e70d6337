import { useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { BridgeError } from '../../../../common/bridge/errors'
import { bridge } from '../../platform/bridge'
import { speak } from '../../ui/speech'
import { Screen } from '../../ui/Screen'
import { useKiosk } from '../store'
import { useLocalized } from '../text'

type State = 'confirm' | 'sending' | 'offline' | 'failed' | 'withdrawn' | 'too-late'

/**
 * 撤回 from the progress screen: one question (确定撤回这件申请吗？) with the item and its case
 * number, 确定撤回 or 不撤回. Online: the centre's answer is what the resident is told (withdrawn,
 * or too late because it was decided); unreachable, it says so and the question stays, and
 * asking again resends the same withdrawal (docs/back-office.md, "撤回 at the kiosk").
 */
export default function WithdrawScreen(): ReactElement | null {
  const { t, i18n } = useTranslation()
  const l = useLocalized()
  const withdraw = useKiosk((s) => s.withdraw)
  const [state, setState] = useState<State>('confirm')
  if (!withdraw) return null
  const name = l(withdraw.name)
  const { caseNumber } = withdraw
  // Back to the list, read again so the case shows what the centre has now.
  const back = () => useKiosk.getState().set({ withdraw: null, screen: 'progress', cases: null })

  async function confirm() {
    setState('sending')
    try {
      const r = await bridge()?.request('case:withdraw', { caseNumber })
      setState(r?.outcome ?? 'failed')
    } catch (e) {
      const offline = e instanceof BridgeError && e.code === 'OFFLINE'
      setState(offline ? 'offline' : 'failed')
      // Said each time it fails, also when the text on screen stays the same.
      speak(t(offline ? 'withdraw.offline' : 'withdraw.failed'), i18n.language)
    }
  }

  const what = (
    <div className="case withdraw-case">
      <p className="list-name">{name}</p>
      <p className="lead">
        {t('receipt.caseNumber')}：<span className="case-no">{caseNumber}</span>
      </p>
    </div>
  )
  const backButton = (
    <button type="button" className="primary-button big" onClick={back}>
      {t('withdraw.back')}
    </button>
  )

  if (state === 'withdrawn')
    return (
      <Screen
        id="withdraw-done"
        title={t('withdraw.doneTitle')}
        spoken={t('withdraw.doneSpoken', { name })}
        actions={backButton}
      >
        {what}
        <p className="lead" role="status">
          {t('withdraw.done')}
        </p>
      </Screen>
    )
  if (state === 'too-late')
    return (
      <Screen
        id="withdraw-too-late"
        title={t('withdraw.tooLateTitle')}
        spoken={t('withdraw.tooLateSpoken')}
        actions={backButton}
      >
        {what}
        <p className="lead" role="status">
          {t('withdraw.tooLate')}
        </p>
      </Screen>
    )
  const sending = state === 'sending'
  return (
    <Screen
      id="withdraw"
      title={t('withdraw.title')}
      spoken={t('withdraw.spoken', { name })}
      actions={
        <>
          <button type="button" className="secondary-button" disabled={sending} onClick={back}>
            {t('withdraw.keep')}
          </button>
          <button
            type="button"
            className="primary-button big"
            disabled={sending}
            onClick={() => void confirm()}
          >
            {sending ? t('withdraw.sending') : t('withdraw.confirm')}
          </button>
        </>
      }
    >
      {what}
      <p className="lead">{t('withdraw.explain')}</p>
      {state === 'offline' || state === 'failed' ? (
        <p className="notice" role="alert">
          {t(state === 'offline' ? 'withdraw.offline' : 'withdraw.failed')}
        </p>
      ) : null}
    </Screen>
  )
}
