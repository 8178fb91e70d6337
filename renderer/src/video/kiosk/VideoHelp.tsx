import type { TFunction } from 'i18next'
import { useEffect, useState, useSyncExternalStore, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { maskName } from '../../../../common/privacy/mask'
import type { QueueJoinPayload } from '../../../../common/signaling'
import { bridge } from '../../platform/bridge'
import { Icon } from '../../ui/icons'
import { speak } from '../../ui/speech'
import type { ActionSink, MirrorSource } from './coservice-session'
import { CoServiceConsent, SharingStrip } from './CoService'
import { CallRating } from './CallRating'
import { IdentityConfirm } from './IdentityConfirm'
import { signInWithCheckedIdentity } from './identity-sign-in'
import type { HelpContext } from './help-context'
import { KioskVideoSession, type KioskView } from './kiosk-video-session'
import { lease, terminalLink } from './terminal-link'
import { CallChoice, TopicPicker, type CallChoiceResult } from './BeforeCall'
import { BackOnly, VideoDialog } from './VideoDialog'
import { linkLevel, useMuteSwitch } from '../shared/call-controls'
import { iceTransportPolicy, openMicrophone, stopStream } from '../shared/media'
import { QualityIndicator, SelfView, VideoTile } from '../shared/VideoTile'

/**
 * Full-screen video help on the kiosk: choose a topic (only when the screen had none), wait
 * with position and estimate, talk with the clerk large and yourself small, reconnect, and go
 * back to where the resident was. Everything is said aloud as well as shown.
 */
export function VideoHelp({
  context,
  onClose,
  mirrorSource,
  actions,
  onDocked,
}: {
  context: HelpContext
  onClose: () => void
  /** The application co-service mirrors once the resident consents. */
  mirrorSource?: MirrorSource
  /** Where the clerk's actions go while the resident shares. */
  actions?: ActionSink
  /** True while the call is docked beside the resident's own screens (sharing). */
  onDocked?: (docked: boolean) => void
}): ReactElement {
  const [category, setCategory] = useState<{ id: string; name: string } | null>(
    context.category ? { id: context.category, name: context.item?.title ?? '' } : null,
  )
  const [choice, setChoice] = useState<CallChoiceResult | null>(null)
  if (!category) return <TopicPicker onPick={setCategory} onClose={onClose} />
  if (!choice)
    return (
      <CallChoice
        topic={category.name || context.item?.title || ''}
        onChoose={setChoice}
        onBack={context.category ? onClose : () => setCategory(null)}
      />
    )
  return (
    <HelpCall
      context={{ ...context, ...(choice.priority ? { disability: true } : {}) }}
      category={category}
      choice={choice}
      onClose={onClose}
      mirrorSource={mirrorSource}
      actions={actions}
      onDocked={onDocked}
    />
  )
}

function joinPayload(
  context: HelpContext,
  category: { id: string; name: string },
  generalTitle: string,
  mode: 'video' | 'audio',
): QueueJoinPayload {
  return {
    category: category.id,
    item: context.item ?? { id: `${category.id}-consult`, title: category.name || generalTitle },
    step: context.step,
    mode,
    // Masked here already: the full name never leaves the kiosk.
    ...(context.residentName ? { residentName: maskName(context.residentName) } : {}),
    ...(context.birthDate ? { birthDate: context.birthDate } : {}),
    ...(context.disability ? { disability: true } : {}),
    ...(context.visitId ? { visitId: context.visitId } : {}),
  }
}

function useSession(
  context: HelpContext,
  category: { id: string; name: string },
  generalTitle: string,
  choice: CallChoiceResult,
  mirrorSource: MirrorSource | undefined,
  actions: ActionSink | undefined,
): KioskVideoSession {
  const [session] = useState(
    () =>
      new KioskVideoSession(
        {
          signalingToken: async () => {
            const b = bridge()
            if (!b) throw Object.assign(new Error('no bridge'), { code: 'NOT_ENROLLED' })
            return b.request('terminal:signaling-token', undefined)
          },
          // The kiosk's one socket, which the health reports keep open (terminal-link.ts).
          connect: () => terminalLink().then(lease),
          iceTransportPolicy: iceTransportPolicy(),
          // Voice only: the camera is never opened. Video: CallChoice opened it already.
          openMedia:
            choice.mode === 'audio'
              ? openMicrophone
              : choice.stream
                ? () => Promise.resolve(choice.stream!)
                : undefined,
          ...(mirrorSource ? { mirrorSource } : {}),
          ...(actions ? { actions } : {}),
          signInByVideo: signInWithCheckedIdentity,
        },
        joinPayload(context, category, generalTitle, choice.mode),
      ),
  )
  useEffect(() => {
    void session.start()
    return () => {
      session.close()
      // The camera CallChoice opened, also where the session never got as far as using it.
      stopStream(choice.stream)
    }
  }, [session, choice.stream])
  return session
}

// i18next's TFunction, not `ReturnType<typeof useTranslation>['t']`: TypeScript gives up on
// instantiating the latter (TS2589) as the locale bundle grows.
function waitText(
  // TFunction as elsewhere: the hook's own type grew too deep for tsc as the locales grew.
  t: TFunction,
  v: Extract<KioskView['main'], { screen: 'waiting' }>,
): { position: string; estimate: string } {
  const p = v.position
  if (!p) return { position: t('video.waitingNoPosition'), estimate: '' }
  const position =
    p.position <= 1 ? t('video.positionNext') : t('video.position', { count: p.position - 1 })
  let estimate: string
  if (p.estimatedWaitSeconds === null) estimate = t('video.noClerkOnline')
  else if (p.estimatedWaitSeconds < 60) estimate = t('video.estimateUnderMinute')
  else estimate = t('video.estimateMinutes', { count: Math.ceil(p.estimatedWaitSeconds / 60) })
  return { position, estimate }
}

function HelpCall({
  context,
  category,
  choice,
  onClose,
  mirrorSource,
  actions,
  onDocked,
}: {
  context: HelpContext
  category: { id: string; name: string }
  choice: CallChoiceResult
  onClose: () => void
  mirrorSource: MirrorSource | undefined
  actions: ActionSink | undefined
  onDocked: ((docked: boolean) => void) | undefined
}): ReactElement {
  const { t, i18n } = useTranslation()
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN'
  const session = useSession(
    context,
    category,
    t('video.generalItem'),
    choice,
    mirrorSource,
    actions,
  )
  const voiceCall = choice.mode === 'audio'
  const view = useSyncExternalStore(session.subscribe, () => session.view)
  const main = view.main
  const [muted, toggleMute] = useMuteSwitch(session)
  // Sharing: the resident goes on with the application, the call docked beside it.
  const docked = main.screen === 'call' && view.coService === 'granted'
  useEffect(() => {
    onDocked?.(docked)
  }, [docked, onDocked])
  useEffect(() => () => onDocked?.(false), [onDocked])

  // Say each new screen aloud, once.
  const spoken =
    main.screen === 'waiting'
      ? `${waitText(t, main).position}${waitText(t, main).estimate}`
      : main.screen === 'call'
        ? view.reconnecting
          ? t('video.reconnectingSpoken')
          : t('video.inCallSpoken', { name: main.clerkName })
        : main.screen === 'ended'
          ? t('video.endedSpoken')
          : main.screen === 'error'
            ? t(`video.error.${main.problem}`)
            : t('video.connectingSpoken')
  useEffect(() => {
    speak(spoken, lang)
  }, [spoken, lang])

  // A call a clerk answered ends on its rating, which goes back by itself.
  const rating = main.screen === 'ended' && main.rate
  useEffect(() => {
    if (main.screen !== 'ended' || rating) return
    const timer = setTimeout(onClose, 4_000)
    return () => clearTimeout(timer)
  }, [main.screen, rating, onClose])

  if (main.screen === 'connecting' || main.screen === 'error') {
    return (
      <VideoDialog screen={main.screen}>
        <h2 className="video-title">
          {main.screen === 'connecting' ? t('video.connecting') : t('video.errorTitle')}
        </h2>
        {main.screen === 'error' ? (
          <p className="video-lead" role="alert">
            {t(`video.error.${main.problem}`)}
          </p>
        ) : null}
        <BackOnly onBack={onClose} />
      </VideoDialog>
    )
  }

  if (main.screen === 'waiting') {
    const w = waitText(t, main)
    return (
      <VideoDialog screen="waiting">
        <h2 className="video-title">{t('video.waitingTitle')}</h2>
        {main.requeued ? (
          <p className="video-banner" role="status">
            {t('video.requeued')}
          </p>
        ) : null}
        <div className="video-waiting">
          <div className="video-wait-card" role="status" aria-live="polite">
            <p className="video-topic">
              {t('video.topic')}
              {category.name || context.item?.title}
            </p>
            {context.disability ? (
              <p className="video-topic" data-testid="priority-waiting">
                {t('video.priorityWaiting')}
              </p>
            ) : null}
            <p className="video-position" data-testid="wait-position">
              {w.position}
            </p>
            <p className="video-estimate" data-testid="wait-estimate">
              {w.estimate}
            </p>
          </div>
          {voiceCall ? (
            <p className="video-lead video-voice-note" data-testid="voice-call">
              <Icon name="speaker" />
              {t('video.voiceCallWaiting')}
            </p>
          ) : (
            <figure className="video-preview-figure">
              <SelfView stream={view.localStream} className="video-preview" />
              <figcaption className="video-lead">{t('video.previewHint')}</figcaption>
            </figure>
          )}
        </div>

        <div className="video-actions">
          <button
            type="button"
            className="video-button video-button-danger"
            data-testid="cancel-wait"
            onClick={() => {
              void session.leave()
              onClose()
            }}
          >
            {t('video.cancelWait')}
          </button>
        </div>
      </VideoDialog>
    )
  }

  if (main.screen === 'ended' && main.rate && main.callId)
    return <CallRating callId={main.callId} onDone={onClose} />
  if (main.screen === 'ended') {
    return (
      <VideoDialog screen="ended">
        <h2 className="video-title">{t('video.endedTitle')}</h2>
        <p className="video-lead">{t('video.endedLead')}</p>
        <BackOnly onBack={onClose} />
      </VideoDialog>
    )
  }

  const media = view.media
  const audioOnly = media?.audioOnly ?? null
  if (docked)
    return (
      <SharingStrip
        clerkName={main.clerkName}
        callId={main.callId}
        stream={media?.remoteStream ?? null}
        audioOnly={audioOnly !== null}
        onStop={() => session.stopSharing()}
        onHangUp={() => void session.leave()}
      />
    )
  return (
    <VideoDialog screen="call" className="video-call">
      <div className="video-call-top">
        <h2 className="video-title">{t('video.inCallTitle', { name: main.clerkName })}</h2>
        <QualityIndicator
          level={linkLevel(media)}
          label={t(`video.quality.${linkLevel(media) ?? 'connecting'}`)}
          measured={media?.quality != null}
        />
      </div>
      <div className="video-stage">
        {/* Attached also when video is off: the clerk's voice plays through this element. */}
        <VideoTile
          stream={media?.remoteStream ?? null}
          label={t('video.clerkLabel', { name: main.clerkName })}
          testId="remote-video"
          markKey={main.callId}
          className={audioOnly ? 'video-remote video-hidden' : 'video-remote'}
          soundLabel={t('video.soundOn')}
        />
        {audioOnly ? (
          <p className="video-audio-only" role="status" data-testid="audio-only-note">
            {voiceCall ? t('video.voiceCallOn') : t(`video.audioOnly.${audioOnly}`)}
          </p>
        ) : null}
        {media?.phase !== 'connected' && !audioOnly && !view.reconnecting ? (
          <p className="video-overlay">{t('video.connectingMedia')}</p>
        ) : null}
        {view.reconnecting ? (
          <p className="video-overlay" role="status" data-testid="reconnecting">
            {t('video.reconnecting')}
          </p>
        ) : null}
        {voiceCall ? null : <SelfView stream={view.localStream} className="video-self" />}
        {view.identity ? (
          <IdentityConfirm
            proposed={view.identity.proposed}
            confirmed={view.identity.confirmed}
            onAnswer={(yes) => session.answerIdentity(yes)}
            onDismiss={() => session.dismissIdentity()}
          />
        ) : null}
        {view.coService === 'asked' ? (
          <CoServiceConsent onAnswer={(yes) => session.answerCoService(yes)} />
        ) : null}
      </div>
      <div className="video-actions">
        <button type="button" className="video-button" aria-pressed={muted} onClick={toggleMute}>
          {muted ? t('video.unmute') : t('video.mute')}
        </button>
        {voiceCall ? null : (
          <button
            type="button"
            className="video-button"
            aria-pressed={audioOnly !== null}
            data-testid="audio-only"
            onClick={() => session.setAudioOnly(audioOnly === null)}
          >
            {audioOnly ? t('video.videoBack') : t('video.voiceOnly')}
          </button>
        )}
        <button
          type="button"
          className="video-button video-button-danger"
          data-testid="hang-up"
          onClick={() => void session.leave()}
        >
          {t('video.hangUp')}
        </button>
      </div>
    </VideoDialog>
  )
}
