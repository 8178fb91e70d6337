import { useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import {
  applicationRatingReasons,
  type RatingLevel,
  type RatingReason,
} from '../../../../common/applications/schema'
import { bridge } from '../../platform/bridge'
import { lowRatingLevels, RatingLevelTiles, RatingReasonTiles } from '../../ui/RatingTiles'
import { Screen } from '../../ui/Screen'
import { useKiosk } from '../store'

/** 好差评: five levels; the two lowest ask why (tap, no typing). */
export default function RatingScreen({ onDone }: { onDone: () => void }): ReactElement {
  const { t, i18n } = useTranslation()
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN'
  const upload = useKiosk((s) => s.upload)
  const [level, setLevel] = useState<RatingLevel | null>(null)
  const [reasons, setReasons] = useState<RatingReason[]>([])
  const [sent, setSent] = useState(false)
  const needsReason = level !== null && lowRatingLevels.has(level)

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
        <RatingLevelTiles level={level} onChoose={setLevel} labelledBy="rating-title" lang={lang} />
      ) : (
        <RatingReasonTiles
          options={applicationRatingReasons}
          chosen={reasons}
          onChange={setReasons}
          labelledBy="rating-title"
          lang={lang}
        />
      )}
    </Screen>
  )
}
