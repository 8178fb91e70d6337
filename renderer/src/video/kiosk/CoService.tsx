import { useEffect, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { speak } from '../../ui/speech'
import { VideoTile } from '../shared/VideoTile'
import './coservice.css'

/**
 * The resident's two co-service screens: the question when the clerk asks to see the
 * application (large and spoken, one decision), and, while sharing, the call docked beside the
 * resident's own screens with 停止共享 always on it.
 */

function useSay(): (text: string) => void {
  const { i18n } = useTranslation()
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN'
  return (text) => speak(text, lang)
}

export function CoServiceConsent({ onAnswer }: { onAnswer: (yes: boolean) => void }): ReactElement {
  const { t } = useTranslation()
  const say = useSay()
  useEffect(() => {
    say(t('video.coService.question'))
    // Once, when the question appears.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])
  return (
    <div
      className="cosvc-consent"
      role="alertdialog"
      aria-labelledby="cosvc-question"
      data-testid="cosvc-consent"
    >
      <p id="cosvc-question" className="cosvc-question">
        {t('video.coService.question')}
      </p>
      <p className="video-lead">{t('video.coService.note')}</p>
      <div className="video-actions">
        <button
          type="button"
          className="video-button video-button-go"
          data-testid="cosvc-agree"
          onClick={() => onAnswer(true)}
        >
          {t('video.coService.agree')}
        </button>
        <button
          type="button"
          className="video-button"
          data-testid="cosvc-disagree"
          onClick={() => {
            say(t('video.coService.declinedSpoken'))
            onAnswer(false)
          }}
        >
          {t('video.coService.disagree')}
        </button>
      </div>
    </div>
  )
}

export function SharingStrip({
  clerkName,
  callId,
  stream,
  audioOnly,
  onStop,
  onHangUp,
}: {
  clerkName: string
  callId: string
  stream: MediaStream | null
  audioOnly: boolean
  onStop: () => void
  onHangUp: () => void
}): ReactElement {
  const { t } = useTranslation()
  const say = useSay()
  useEffect(() => {
    say(t('video.coService.sharingSpoken'))
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])
  return (
    <aside className="cosvc-strip" data-screen="sharing" aria-label={t('video.coService.sharing')}>
      {/* The clerk's voice plays through this element, also when the picture is off. */}
      <VideoTile
        stream={stream}
        label={t('video.clerkLabel', { name: clerkName })}
        testId="remote-video"
        markKey={callId}
        className={audioOnly ? 'cosvc-remote video-hidden' : 'cosvc-remote'}
        soundLabel={t('video.soundOn')}
      />
      <p className="cosvc-sharing" role="status">
        {t('video.coService.sharing')}
      </p>
      <button
        type="button"
        className="video-button cosvc-stop"
        data-testid="cosvc-stop"
        onClick={() => {
          say(t('video.coService.stoppedSpoken'))
          onStop()
        }}
      >
        {t('video.coService.stopSharing')}
      </button>
      <button
        type="button"
        className="video-button video-button-danger"
        data-testid="hang-up"
        onClick={onHangUp}
      >
        {t('video.hangUp')}
      </button>
    </aside>
  )
}
