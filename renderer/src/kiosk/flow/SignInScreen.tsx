import { useEffect, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { bridge } from '../../platform/bridge'
import { Icon } from '../../ui/icons'
import { Screen } from '../../ui/Screen'
import { signIn } from '../signin'
import { useKiosk } from '../store'

/** Sign in by placing the ID card on the reader; the card event moves on by itself. */
export function SignInScreen({ onNoCard }: { onNoCard: () => void }): ReactElement {
  const { t } = useTranslation()
  const purpose = useKiosk((s) => s.purpose)
  useEffect(() => {
    // A card already lying on the reader counts (the event came before this screen): the main
    // process reads it again if its session was wiped meanwhile. Whichever of this answer and
    // the card:present event comes first signs in; the other finds the screen moved on.
    void bridge()
      ?.request('session:card', undefined)
      .then(({ card }) => {
        if (card) signIn(card)
      })
      .catch(() => undefined)
  }, [])
  return (
    <Screen
      id="signin"
      title={t('signin.title')}
      spoken={t(purpose === 'progress' ? 'signin.spokenProgress' : 'signin.spoken')}
      actions={
        <button type="button" className="secondary-button" onClick={onNoCard}>
          {t('signin.noCard')}
        </button>
      }
    >
      <div className="card-prompt">
        <Icon name="card" />
        <p className="lead">{t('signin.hint')}</p>
      </div>
    </Screen>
  )
}
