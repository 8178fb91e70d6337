import { useEffect, useRef, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { markOnce } from './call-engine'

/**
 * A <video> for a MediaStream. Marks the first decoded frame (`video:first-frame:<key>`) for
 * the call-setup benchmark. If the browser refuses to autoplay with sound, it plays muted and
 * offers a button to turn the sound on.
 */
export function VideoTile({
  stream,
  self = false,
  label,
  markKey,
  testId,
  className,
  soundLabel,
}: {
  stream: MediaStream | null
  self?: boolean
  label: string
  markKey?: string
  testId: string
  className: string
  soundLabel?: string
}): ReactElement {
  const ref = useRef<HTMLVideoElement>(null)
  const [blocked, setBlocked] = useState(false)

  useEffect(() => {
    const el = ref.current
    if (!el) return
    el.srcObject = stream
    if (!stream) return
    el.muted = self
    el.play().catch(() => {
      if (self) return
      el.muted = true
      setBlocked(true)
      void el.play().catch(() => {})
    })
    if (markKey && 'requestVideoFrameCallback' in el)
      el.requestVideoFrameCallback(() => markOnce(`video:first-frame:${markKey}`))
  }, [stream, self, markKey])

  return (
    <div className={className}>
      <video
        ref={ref}
        data-testid={testId}
        aria-label={label}
        autoPlay
        playsInline
        muted={self}
        style={self ? { transform: 'scaleX(-1)' } : undefined}
      />
      {blocked && soundLabel ? (
        <button
          type="button"
          className="video-sound-button"
          onClick={() => {
            const el = ref.current
            if (el) {
              el.muted = false
              void el.play()
            }
            setBlocked(false)
          }}
        >
          {soundLabel}
        </button>
      ) : null}
    </div>
  )
}

/** Our own camera, small (自己): the same tile on the kiosk and the console. */
export function SelfView({
  stream,
  className,
}: {
  stream: MediaStream | null
  className: string
}): ReactElement {
  const { t } = useTranslation()
  return (
    <VideoTile
      stream={stream}
      self
      label={t('video.selfLabel')}
      testId="self-video"
      className={className}
    />
  )
}

/** The connection-quality bars both sides see. */
export function QualityIndicator({
  level,
  label,
  detail,
  measured,
}: {
  level: 'good' | 'fair' | 'poor' | 'lost' | null
  label: string
  detail?: string
  /** Whether the level comes from a measurement yet (a connected call shows `good` before). */
  measured?: boolean
}): ReactElement {
  const bars = level === 'good' ? 3 : level === 'fair' ? 2 : level === 'poor' ? 1 : 0
  return (
    <div
      className={`video-quality video-quality-${level ?? 'unknown'}`}
      role="status"
      data-testid="quality"
      data-level={level ?? 'unknown'}
      data-measured={measured ? 'true' : 'false'}
      title={detail}
    >
      <span className="video-quality-bars" aria-hidden="true">
        {[1, 2, 3].map((i) => (
          <span key={i} className={i <= bars ? 'on' : ''} style={{ height: 8 + i * 8 }} />
        ))}
      </span>
      <span>{label}</span>
      {detail ? <span className="video-quality-detail">{detail}</span> : null}
    </div>
  )
}
