import { useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import {
  applicationRatingReasons,
  RatingLevel,
  type RatingReason,
  ratingLevelText,
  ratingReasonText,
} from '../../../../common/applications/schema'
import { bridge } from '../../platform/bridge'
import { ChoiceTile } from '../../ui/ChoiceTile'
import { Screen } from '../../ui/Screen'
import { useKiosk } from '../store'

const low: ReadonlySet<string> = new Set(['dissatisfied', 'very-dissatisfied'])

/** 好差评: five levels; the two lowest ask why (tap, no typing). */
export default function RatingScreen({ onDone }: { onDone: () => void }): ReactElement {
  const { t, i18n } = useTranslation()
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN'
  const upload = useKiosk((s) => s.upload)
  const [level, setLevel] = useState<RatingLevel | null>(null)
  const [reasons, setReasons] = useState<RatingReason[]>([])
  const [sent, setSent] = useState(false)
  const needsReason = level !== null && low.has(level)

  async function send() {
    if (!level || !upload) return
    await bridge()
      ?.request('rating:submit', { applicationId: upload.applicationId, level, reasons })
      .catch(() => undefined)
    setSent(true)
    setTimeout(onDone, 1500)
  }

  if (sent) return <Screen id="rating" title={t('rating.thanks')} />
  return (
    <Screen
      id="rating"
      title={needsReason ? t('rating.why') : t('rating.title')}
      actions={
        <>
          <button type="button" className="secondary-button" onClick={onDone}>
            {t('rating.skip')}
          </button>
          <button
            type="button"
            className="primary-button big"
            disabled={!level || (needsReason && reasons.length === 0)}
            onClick={() => void send()}
          >
            {t('rating.submit')}
          </button>
        </>
      }
    >
      {!needsReason ? (
        <div className="choice-tiles rating" role="radiogroup" aria-labelledby="rating-title">
          {RatingLevel.options.map((v) => (
            <ChoiceTile key={v} kind="radio" on={level === v} onChoose={() => setLevel(v)}>
              {ratingLevelText[v][lang]}
            </ChoiceTile>
          ))}
        </div>
      ) : (
        <div className="choice-tiles" role="group" aria-labelledby="rating-title">
          {applicationRatingReasons.map((r) => {
            const on = reasons.includes(r)
            return (
              <ChoiceTile
                key={r}
                kind="checkbox"
                on={on}
                onChoose={() => setReasons(on ? reasons.filter((x) => x !== r) : [...reasons, r])}
              >
                {ratingReasonText[r][lang]}
              </ChoiceTile>
            )
          })}
        </div>
      )}
    </Screen>
  )
}
