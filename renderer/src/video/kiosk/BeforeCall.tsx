import { useEffect, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { ServiceCategory } from '../../../../common/domain/catalog'
import { bridge } from '../../platform/bridge'
import { Icon } from '../../ui/icons'
import { speak } from '../../ui/speech'
import { hasCamera, openCameraAndMic } from '../shared/media'
import { BackButton, BackOnly, VideoDialog } from './VideoDialog'

/**
 * The screens before the resident joins the queue: which topic (only where the screen they
 * came from had none: clerks are routed by category and there is no queue of "anything"), and
 * how to talk (video, or voice only), with an optional request for priority help.
 */

export function TopicPicker({
  onPick,
  onClose,
}: {
  onPick: (c: { id: string; name: string }) => void
  onClose: () => void
}): ReactElement {
  const { t, i18n } = useTranslation()
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN'
  const [cats, setCats] = useState<ServiceCategory[] | null>(null)
  const failed = cats !== null && cats.length === 0
  useEffect(() => {
    bridge()
      ?.request('catalog:categories', undefined)
      .then(setCats, () => setCats([]))
  }, [])
  useEffect(() => {
    speak(failed ? t('video.pickFailed') : t('video.pickSpoken'), lang)
  }, [t, lang, failed])
  return (
    <VideoDialog screen="video-topic" titleId="video-pick-title">
      <h2 id="video-pick-title" className="video-title">
        {t('video.pickTitle')}
      </h2>
      {failed ? (
        <p className="video-lead" role="alert">
          {t('video.pickFailed')}
        </p>
      ) : (
        <p className="video-lead">{t('video.pickLead')}</p>
      )}
      <ul className="tiles" role="list">
        {(cats ?? []).map((c) => (
          <li key={c.id}>
            <button
              type="button"
              className="tile"
              data-testid={`video-topic-${c.id}`}
              onClick={() => onPick({ id: c.id, name: c.name[lang] ?? c.name['zh-CN'] })}
            >
              <Icon name={c.icon} />
              <span className="tile-name">{c.name[lang] ?? c.name['zh-CN']}</span>
            </button>
          </li>
        ))}
      </ul>
      <BackOnly onBack={onClose} />
    </VideoDialog>
  )
}

export interface CallChoiceResult {
  mode: 'video' | 'audio'
  /** The resident asked for priority help (the server turns it into the disability priority). */
  priority: boolean
  /** Video: camera and microphone, already open. Audio: the session opens the microphone. */
  stream: MediaStream | null
}

/**
 * 视频通话 or 只语音 — the one decision — and the optional priority request. Where the kiosk has
 * no camera, or it cannot be opened, only voice is offered, and the resident is told why.
 */
export function CallChoice({
  topic,
  onChoose,
  onBack,
}: {
  topic: string
  onChoose: (r: CallChoiceResult) => void
  onBack: () => void
}): ReactElement {
  const { t, i18n } = useTranslation()
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN'
  const [priority, setPriority] = useState(false)
  const [camera, setCamera] = useState<'unknown' | 'yes' | 'no' | 'opening'>('unknown')
  useEffect(() => {
    let live = true
    hasCamera().then(
      (yes) => live && setCamera((c) => (c === 'unknown' ? (yes ? 'yes' : 'no') : c)),
      () => live && setCamera((c) => (c === 'unknown' ? 'no' : c)),
    )
    return () => {
      live = false
    }
  }, [])
  const noCamera = camera === 'no'
  useEffect(() => {
    speak(noCamera ? t('video.noCamera') : t('video.choiceSpoken'), lang)
  }, [t, lang, noCamera])

  async function video() {
    setCamera('opening')
    try {
      const stream = await openCameraAndMic()
      onChoose({ mode: 'video', priority, stream })
    } catch {
      // No camera after all, or it is broken or busy: offer voice instead of an error.
      setCamera('no')
    }
  }

  return (
    <VideoDialog screen="video-choice" titleId="video-choice-title" className="video-choice">
      <h2 id="video-choice-title" className="video-title">
        {t('video.choiceTitle')}
      </h2>
      {noCamera ? (
        <p className="video-banner" role="status" data-testid="no-camera">
          {t('video.noCamera')}
        </p>
      ) : (
        <p className="video-lead">{t('video.choiceLead')}</p>
      )}
      {topic ? (
        <p className="video-lead">
          {t('video.topic')}
          {topic}
        </p>
      ) : null}
      <button
        type="button"
        className="video-priority"
        aria-pressed={priority}
        data-testid="priority"
        onClick={() => {
          if (!priority) speak(t('video.priorityOnSpoken'), lang)
          setPriority(!priority)
        }}
      >
        <span className="video-priority-box" aria-hidden="true">
          {priority ? '✓' : ''}
        </span>
        <span>
          <span className="video-priority-label">{t('video.priority')}</span>
          <span className="video-priority-hint">{t('video.priorityHint')}</span>
        </span>
      </button>
      <div className="video-actions">
        <BackButton onBack={onBack} />
        <button
          type="button"
          className={noCamera ? 'video-button video-button-go' : 'video-button'}
          data-testid="choose-audio"
          disabled={camera === 'opening'}
          onClick={() => onChoose({ mode: 'audio', priority, stream: null })}
        >
          <Icon name="speaker" />
          {t('video.voiceCall')}
        </button>
        {noCamera ? null : (
          <button
            type="button"
            className="video-button video-button-go"
            data-testid="choose-video"
            disabled={camera === 'opening'}
            onClick={() => void video()}
          >
            <Icon name="video" />
            {camera === 'opening' ? t('video.openingCamera') : t('video.videoCall')}
          </button>
        )}
      </div>
    </VideoDialog>
  )
}
