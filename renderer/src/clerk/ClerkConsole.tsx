import { useEffect, useState, useSyncExternalStore, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { Outcome, type QueueEntryView } from '../../../common/signaling'
import { iceTransportPolicy, listDevices, type DeviceList } from '../video/shared/media'
import { connectStaff } from '../video/shared/signaling-client'
import { linkLevel, useMuteSwitch } from '../video/shared/call-controls'
import { QualityIndicator, SelfView, VideoTile } from '../video/shared/VideoTile'
import { ClerkVideoSession, type ClerkView } from '../video/clerk/clerk-video-session'
import { categoryName, useCentreCategories, type CentreCategory } from './categories'
import { ConsoleBar } from './ConsoleBar'
import { CoServicePanel } from './CoServicePanel'
import { IdentityCheckPanel } from './IdentityCheckPanel'
import { ConsoleTable, LinkNotice, priorityText, type ConsoleProps } from './console-parts'
import { serverErrorText } from './server-errors'
import { CaseInbox } from './cases/CaseInbox'
import { mmss, useTick } from './time'

/** The clerk's working screen once logged in: presence, queue, offer, call, wrap-up. */
export function ClerkConsole({ login, serverUrl, onLogout }: ConsoleProps): ReactElement {
  const { t } = useTranslation()
  // One socket for the video counter and the case inbox's live updates (cases:changed).
  const [client] = useState(() => connectStaff(serverUrl, login.token, { win: window }))
  const [session] = useState(
    () => new ClerkVideoSession({ client, iceTransportPolicy: iceTransportPolicy() }),
  )
  useEffect(() => () => session.close(), [session])
  const v = useSyncExternalStore(session.subscribe, () => session.view)
  const categories = useCentreCategories(serverUrl)

  useEffect(() => {
    if (v.link === 'refused') onLogout(v.refusal ?? 'unauthorized')
  }, [v.link, v.refusal, onLogout])

  return (
    <div className="console">
      <ConsoleBar
        displayName={v.displayName || login.displayName}
        role={login.role}
        onLogout={() => onLogout()}
        logoutDisabled={!!v.call}
      >
        <label>
          {t('clerk.presenceLabel')}{' '}
          <select
            data-testid="presence"
            value={v.presence}
            // Offline the choice could not reach the centre: wait for the link, as the notice says.
            disabled={v.presence === 'busy' || !!v.call || v.link !== 'online'}
            onChange={(e) => void session.setPresence(e.target.value as 'available' | 'away')}
          >
            <option value="available">{t('clerk.presence.available')}</option>
            <option value="away">{t('clerk.presence.away')}</option>
            {v.presence === 'busy' ? (
              <option value="busy">{t('clerk.presence.busy')}</option>
            ) : null}
          </select>
        </label>
      </ConsoleBar>
      <main className="console-body">
        <LinkNotice link={v.link} />
        {v.notice === 'requeued' ? (
          <p className="console-alert" role="status">
            {t('clerk.requeued')}
          </p>
        ) : null}
        {v.error ? (
          <p className="console-alert" role="alert">
            {serverErrorText(t, v.error)}
          </p>
        ) : null}
        {v.call ? (
          <CallPanel session={session} v={v} serverUrl={serverUrl} />
        ) : (
          <>
            {v.offer ? <OfferBanner session={session} v={v} categories={categories} /> : null}
            <QueueTable session={session} v={v} categories={categories} />
            {/* Case work goes on while available for calls; an offer shows above it. */}
            <CaseInbox
              serverUrl={serverUrl}
              token={login.token}
              role="clerk"
              categories={login.categories}
              client={client}
            />
          </>
        )}
      </main>
    </div>
  )
}

function contextOf(e: Pick<QueueEntryView, 'item' | 'step'>): string {
  return `${e.item.title} / ${e.step.label}`
}

interface PanelProps {
  session: ClerkVideoSession
  v: ClerkView
  /** The centre's categories (names), null until loaded. */
  categories: CentreCategory[] | null
}

function OfferBanner({ session, v, categories }: PanelProps): ReactElement {
  const { t, i18n } = useTranslation()
  const now = useTick(1_000)
  const offer = v.offer!
  const e = offer.entry
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN'
  return (
    <section className="console-offer" aria-labelledby="offer-title" data-testid="offer">
      <strong id="offer-title">{t('clerk.offerTitle')}</strong>
      <span>
        {categoryName(categories, e.category, lang)} · {e.maskedName ?? t('clerk.anonymous')} ·{' '}
        {contextOf(e)}
        {e.priorityReasons.length ? ` · ${priorityText(t, e.priorityReasons)}` : ''}
        {e.mode === 'audio' ? <span className="console-badge">{t('clerk.modeAudio')}</span> : null}
      </span>
      <span>
        {t('clerk.offerExpires', {
          seconds: Math.max(0, Math.round((offer.expiresAt - now) / 1000)),
        })}
      </span>
      <button
        type="button"
        className="console-primary"
        onClick={() => void session.accept(e.callId, false)}
      >
        {t('clerk.accept')}
      </button>
      <button type="button" onClick={() => void session.decline(e.callId)}>
        {t('clerk.decline')}
      </button>
    </section>
  )
}

function QueueTable({ session, v, categories }: PanelProps): ReactElement {
  const { t, i18n } = useTranslation()
  const now = useTick(1_000)
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN'
  return (
    <section aria-labelledby="queue-title">
      <h2 id="queue-title">
        {t('clerk.queueTitle')} ({v.queue.length})
      </h2>
      {v.queue.length === 0 ? (
        <p>{t('clerk.queueEmpty')}</p>
      ) : (
        <ConsoleTable
          testId="queue"
          columns={[
            t('clerk.colCategory'),
            t('clerk.colWait'),
            t('clerk.colPriority'),
            t('clerk.colName'),
            t('clerk.colContext'),
            t('clerk.colTerminal'),
            null,
          ]}
        >
          {v.queue.map((e) => {
            const waited = (now - e.joinedAt) / 1000
            return (
              // Red after 5 minutes, as waiting-room consoles do.
              <tr key={e.callId} className={waited > 300 ? 'late' : ''} data-testid="queue-row">
                <td data-testid="queue-category">{categoryName(categories, e.category, lang)}</td>
                <td>{mmss(waited)}</td>
                <td>
                  {priorityText(t, e.priorityReasons) || '—'}
                  {e.mode === 'audio' ? (
                    <span className="console-badge" data-testid="mode-audio">
                      {t('clerk.modeAudio')}
                    </span>
                  ) : null}
                </td>
                <td>{e.maskedName ?? t('clerk.anonymous')}</td>
                <td>{contextOf(e)}</td>
                <td>
                  {e.hall} · {e.terminalName}
                  {e.terminalOnline ? '' : ` (${t('clerk.terminalOffline')})`}
                </td>
                <td>
                  <button
                    type="button"
                    className="console-primary"
                    disabled={!e.terminalOnline || v.presence === 'away'}
                    onClick={() => void session.accept(e.callId, true)}
                  >
                    {e.state === 'offered' ? t('clerk.offered') : t('clerk.pick')}
                  </button>
                </td>
              </tr>
            )
          })}
        </ConsoleTable>
      )}
    </section>
  )
}

function CallPanel({
  session,
  v,
  serverUrl,
}: {
  session: ClerkVideoSession
  v: ClerkView
  serverUrl: string
}): ReactElement {
  const { t } = useTranslation()
  const now = useTick(1_000)
  const call = v.call!
  const view = call.view
  const [outcome, setOutcome] = useState<Outcome>('resolved')
  const [notes, setNotes] = useState('')
  const [muted, toggleMute] = useMuteSwitch(session)
  const [devices, setDevices] = useState<DeviceList>({ cameras: [], mics: [] })
  useEffect(() => {
    listDevices().then(setDevices, () => {})
  }, [v.localStream])
  const media = v.media
  const audioOnly = media?.audioOnly ?? null
  const q = media?.quality ?? null
  const name = view.maskedName ?? view.terminalName
  const ended = call.ended !== null
  return (
    <section className="console-call" aria-labelledby="call-title" data-testid="call-panel">
      {/* Sharing: the picture and the application side by side. */}
      <div
        className={
          v.coService.state === 'sharing' ? 'console-call-main sharing' : 'console-call-main'
        }
      >
        <h2 id="call-title">{ended ? t('clerk.wrapupTitle') : t('clerk.inCallWith', { name })}</h2>
        <div className="console-stage">
          {/* Attached also when video is off: the resident's voice plays through it. */}
          <VideoTile
            stream={ended ? null : (media?.remoteStream ?? null)}
            label={name}
            testId="remote-video"
            markKey={view.callId}
            className={audioOnly ? 'video-remote video-hidden' : 'video-remote'}
            soundLabel={t('video.soundOn')}
          />
          {audioOnly && !ended ? (
            <p className="video-audio-only" data-testid="audio-only-note">
              {view.mode === 'audio' ? t('clerk.audioCall') : t(`video.audioOnly.${audioOnly}`)}
            </p>
          ) : null}
          {call.peerReconnecting ? (
            <p className="video-overlay" role="status" data-testid="reconnecting">
              {t('clerk.residentReconnecting')}
            </p>
          ) : !ended && media?.phase !== 'connected' ? (
            <p className="video-overlay">{t('clerk.connectingMedia')}</p>
          ) : null}
          <SelfView stream={v.localStream} className="video-self" />
        </div>
        {ended ? null : (
          <>
            <CoServicePanel session={session} coService={v.coService} serverUrl={serverUrl} />
            <IdentityCheckPanel session={session} check={v.identityCheck} />
          </>
        )}
      </div>
      <div className="console-side">
        <div>
          {t('clerk.elapsed')}{' '}
          <span className="console-timer" data-testid="call-timer">
            {mmss(call.startedAt ? (now - call.startedAt) / 1000 : 0)}
          </span>
        </div>
        <div>
          {view.hall} · {view.terminalName}
          <br />
          {contextOf(view)}
          {view.priorityReasons.length ? ` · ${priorityText(t, view.priorityReasons)}` : ''}
        </div>
        {ended ? (
          <p className="console-alert">
            {call.ended === 'hangup_terminal' || call.ended === 'terminal_lost'
              ? t(`clerk.endedBy.${call.ended}`)
              : null}
          </p>
        ) : (
          <>
            <QualityIndicator
              level={linkLevel(media)}
              label={`${t('clerk.quality')}: ${t(`video.quality.${linkLevel(media) ?? 'connecting'}`)}`}
              detail={
                q
                  ? t('clerk.qualityDetail', {
                      rtt: q.rttMs ?? '—',
                      loss: q.lossPct,
                      out: q.outKbps,
                      in: q.inKbps,
                    }) + (media?.relayed ? ` · ${t('clerk.relayed')}` : '')
                  : undefined
              }
              measured={q != null}
            />
            <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
              <button type="button" aria-pressed={muted} onClick={toggleMute}>
                {muted ? t('clerk.unmute') : t('clerk.mute')}
              </button>
              <button
                type="button"
                aria-pressed={audioOnly !== null}
                onClick={() => session.setAudioOnly(audioOnly === null)}
              >
                {audioOnly ? t('clerk.videoBack') : t('clerk.voiceOnly')}
              </button>
            </div>
            <DeviceSelect
              label={t('clerk.camera')}
              devices={devices.cameras}
              onPick={(id) => void session.useDevice('video', id)}
            />
            <DeviceSelect
              label={t('clerk.microphone')}
              devices={devices.mics}
              onPick={(id) => void session.useDevice('audio', id)}
            />
          </>
        )}
        <label className="field">
          {t('clerk.outcomeLabel')}
          <select
            data-testid="outcome"
            value={outcome}
            onChange={(e) => setOutcome(e.target.value as Outcome)}
          >
            {Outcome.options.map((o) => (
              <option key={o} value={o}>
                {t(`clerk.outcome.${o}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          {t('clerk.notes')}
          <textarea maxLength={2000} value={notes} onChange={(e) => setNotes(e.target.value)} />
        </label>
        <button
          type="button"
          className={ended ? 'console-primary' : 'console-danger'}
          data-testid={ended ? 'submit-wrapup' : 'end-call'}
          onClick={() => void session.wrapup(outcome, notes)}
        >
          {ended ? t('clerk.submitWrapup') : t('clerk.endCall')}
        </button>
      </div>
    </section>
  )
}

/** Pick the camera or the microphone; the choice applies at once, mid-call too. */
function DeviceSelect({
  label,
  devices,
  onPick,
}: {
  label: string
  devices: DeviceList['cameras']
  onPick: (deviceId: string) => void
}): ReactElement {
  return (
    <label className="field">
      {label}
      <select onChange={(e) => onPick(e.target.value)}>
        {devices.map((d) => (
          <option key={d.id} value={d.id}>
            {d.label}
          </option>
        ))}
      </select>
    </label>
  )
}
