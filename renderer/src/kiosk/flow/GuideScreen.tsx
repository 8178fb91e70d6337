import type { TFunction } from 'i18next'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import {
  findEntry,
  type Material,
  type ServiceBundle,
  type ServiceItem,
} from '../../../../common/catalog/schema'
import { Screen } from '../../ui/Screen'
import { useKiosk } from '../store'
import { useLocalized } from '../text'

function materialNote(m: Material, t: TFunction): string {
  if (m.capture === 'data-sharing') return t('guide.dataSharing')
  if (m.requirement.kind === 'deferrable')
    return t('guide.deferrable', { count: m.requirement.deadlineDays })
  if (m.requirement.kind === 'optional') return t('guide.optional')
  return m.pages > 1 ? t('guide.requiredPages', { count: m.pages }) : t('guide.required')
}

/** 一次告知: everything the resident needs to know, on one screen, before anything is asked. */
export function GuideScreen(): ReactElement {
  const { t } = useTranslation()
  const l = useLocalized()
  const { catalog, code, set } = useKiosk()
  const found = catalog && code ? findEntry(catalog, code) : undefined
  if (!found) return <Screen id="guide" title={t('errors.INTERNAL')} />
  const e: ServiceItem | ServiceBundle = found.entry
  const days = e.timeLimits.promisedWorkingDays
  const spoken = [
    l(e.name),
    l(e.summary),
    t('guide.materials'),
    ...e.materials.map((m) => `${l(m.name)}，${materialNote(m, t)}`),
    e.fee.kind === 'free' ? t('guide.free') : t('guide.fee'),
    days === 0 ? t('guide.onTheSpot') : t('guide.promised', { count: days }),
    t('guide.spokenStart'),
  ].join('。')
  return (
    <Screen
      id="guide"
      title={l(e.name)}
      spoken={spoken}
      actions={
        <button
          type="button"
          className="primary-button big"
          onClick={() => set({ purpose: 'apply', screen: 'signin' })}
        >
          {t('guide.start')}
        </button>
      }
    >
      <p className="lead">{l(e.summary)}</p>
      <div className="guide-grid">
        <section aria-labelledby="g-conditions">
          <h3 id="g-conditions">{t('guide.conditions')}</h3>
          <ul>
            {e.conditions.map((c, i) => (
              <li key={i}>{l(c)}</li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="g-materials">
          <h3 id="g-materials">{t('guide.materials')}</h3>
          <ul className="materials">
            {e.materials.map((m) => (
              <li key={m.id}>
                <strong>{l(m.name)}</strong>
                <span className="note">{materialNote(m, t)}</span>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="g-facts">
          <h3 id="g-facts">{t('guide.facts')}</h3>
          <dl className="facts">
            <dt>{t('guide.feeLabel')}</dt>
            <dd>
              {e.fee.kind === 'free'
                ? t('guide.free')
                : e.fee.items
                    .map((f) => `${l(f.name)} ${(f.amountFen / 100).toFixed(2)} ${t('guide.yuan')}`)
                    .join('；')}
            </dd>
            <dt>{t('guide.timeLabel')}</dt>
            <dd>
              {days === 0 ? t('guide.onTheSpot') : t('guide.promised', { count: days })}
              {e.timeLimits.statutoryWorkingDays !== null
                ? `（${t('guide.statutory', { count: e.timeLimits.statutoryWorkingDays })}）`
                : ''}
            </dd>
            <dt>{t('guide.department')}</dt>
            <dd>{l(e.department)}</dd>
            {'output' in e ? (
              <>
                <dt>{t('guide.output')}</dt>
                <dd>{l(e.output.name)}</dd>
              </>
            ) : null}
            <dt>{t('guide.commitmentLabel')}</dt>
            <dd>{e.commitment.applies ? t('guide.commitmentYes') : t('guide.commitmentNo')}</dd>
            {'legalBasis' in e ? (
              <>
                <dt>{t('guide.legalBasis')}</dt>
                <dd>{e.legalBasis.map((b) => l(b)).join('；')}</dd>
              </>
            ) : null}
          </dl>
        </section>
      </div>
    </Screen>
  )
}
