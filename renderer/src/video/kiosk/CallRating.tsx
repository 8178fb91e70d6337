import { useEffect, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import {
  callRatingReasons,
  type RatingLevel,
  type RatingReason,
} from '../../../../common/applications/schema'
import { bridge } from '../../platform/bridge'
import { lowRatingLevels, RatingLevelTiles, RatingReasonTiles } from '../../ui/RatingTiles'
import { speak } from '../../ui/speech'
import { VideoDialog } from './VideoDialog'
import './identity.css'

/**
 * 好差评 of the call, asked when it ended (hang-up by either side): the five national levels,
 * the reasons on the two lowest (the link apart from the clerk, so the centre can tell a bad
 * call from a bad clerk), skippable; large and spoken like the application's rating screen. The
 * rating goes into the kiosk's durable queue (`call:rate`), so a link that dropped with the call
 * loses nothing.
 */
export function CallRating({
  callId,
  onDone,
}: {
  callId: string
  onDone: () => void
}): ReactElement {
  const { t, i18n } = useTranslation()
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN'
  const [level, setLevel] = useState<RatingLevel | null>(null)
  const [reasons, setReasons] = useState<RatingReason[]>([])
  const [sent, setSent] = useState(false)
  const needsReason = level !== null && lowRatingLevels.has(level)
  const title = sent
    ? t('video.rating.thanks')
    : needsReason
      ? t('video.rating.why')
      : t('video.rating.title')

  useEffect(() => {
    speak(sent || needsReason ? title : t('video.rating.spoken'), lang)
  }, [sent, needsReason, title, lang, t])
  useEffect(() => {
    if (!sent) return
    const timer = setTimeout(onDone, 1_500)
    return () => clearTimeout(timer)
  }, [sent, onDone])

  async function send() {
    if (!level) return
    await bridge()
      ?.request('call:rate', { callId, level, reasons })
      .catch(() => undefined)
    setSent(true)
  }

  return (
    <VideoDialog screen="call-rating" titleId="call-rating-title" className="call-rating">
      <h2 className="video-title" id="call-rating-title">
        {title}
      </h2>
      {sent ? null : (
        <>
          {needsReason ? null : <p className="video-lead">{t('video.rating.lead')}</p>}
          {!needsReason ? (
            <RatingLevelTiles
              level={level}
              onChoose={setLevel}
              labelledBy="call-rating-title"
              lang={lang}
            />
          ) : (
            <RatingReasonTiles
              options={callRatingReasons}
              chosen={reasons}
              onChange={setReasons}
              labelledBy="call-rating-title"
              lang={lang}
              className="choice-tiles rating"
            />
          )}
          <div className="video-actions">
            <button
              type="button"
              className="video-button"
              data-testid="call-rating-skip"
              onClick={onDone}
            >
              {t('video.rating.skip')}
            </button>
            <button
              type="button"
              className="video-button video-button-go"
              data-testid="call-rating-send"
              disabled={!level || (needsReason && reasons.length === 0)}
              onClick={() => void send()}
            >
              {t('video.rating.submit')}
            </button>
          </div>
        </>
      )}
    </VideoDialog>
  )
}
