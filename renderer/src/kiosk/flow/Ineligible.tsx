import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { documentNames } from '../../../../common/catalog/card-form'
import type { IneligibleReason } from '../../../../common/catalog/eligibility'
import { findEntry } from '../../../../common/catalog/schema'
import type { CardType } from '../../../../common/devices/id-card'
import { Icon } from '../../ui/icons'
import { Screen } from '../../ui/Screen'
import { eligibilityOf } from '../signin'
import { useKiosk } from '../store'
import { useLocalized } from '../text'

/** 2024年1月1日 / January 1, 2024: a card's date as the resident reads it. */
function longDate(iso: string, lang: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number]
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, d)),
  )
}

/**
 * Before the form: the card decides against the chosen item (too young, an expired card, a
 * hukou elsewhere). Says why in plain words, offers video help with a clerk, and the way home is
 * in the bar below. Nothing is filled in or submitted.
 */
export function IneligibleScreen({ onHelp }: { onHelp: () => void }): ReactElement {
  const { t, i18n } = useTranslation()
  const l = useLocalized()
  const s = useKiosk()
  const entry = s.catalog && s.code ? findEntry(s.catalog, s.code)?.entry : undefined
  const verdict = s.card ? eligibilityOf(s, s.card) : { eligible: true as const }
  const reasons: IneligibleReason[] = verdict.eligible ? [] : verdict.reasons
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN'
  const item = l(entry?.name)
  const documentName = (type: CardType) => documentNames[type][lang === 'en' ? 1 : 0]
  const sentence = (r: IneligibleReason): string => {
    switch (r.kind) {
      case 'too-young':
        return t('eligibility.tooYoung', { item, minAge: r.minAge, age: r.age })
      case 'too-old':
        return t('eligibility.tooOld', { item, maxAge: r.maxAge, age: r.age })
      case 'card-expired':
        return t('eligibility.cardExpired', {
          document: documentName(s.card?.cardType ?? 'resident'),
          date: longDate(r.validUntil, lang),
        })
      case 'hukou-elsewhere':
        return t('eligibility.hukouElsewhere', { item, region: l(r.region.name) })
      case 'no-hukou':
        return t('eligibility.noHukou', {
          item,
          region: l(r.region.name),
          document: documentName(r.cardType),
        })
    }
  }
  const lines = reasons.map(sentence)
  return (
    <Screen
      id="ineligible"
      title={t('eligibility.title')}
      spoken={[t('eligibility.title'), ...lines, t('eligibility.help')].join('。')}
      actions={
        <button type="button" className="primary-button big" onClick={onHelp}>
          <Icon name="video" />
          {t('eligibility.video')}
        </button>
      }
    >
      <ul className="ineligible-reasons" data-testid="ineligible-reasons">
        {lines.map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ul>
      <p className="lead">{t('eligibility.help')}</p>
    </Screen>
  )
}
