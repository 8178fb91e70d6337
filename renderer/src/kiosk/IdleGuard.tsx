import { useEffect, useRef, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { speak } from '../ui/speech'

/**
 * The only time pressure on the kiosk: after `idleSeconds` without a touch (or when the card is
 * taken away mid-flow) a large countdown asks "还需要更多时间吗？"; at zero everything of the
 * resident is wiped by `onExpire`.
 */
export function IdleGuard({
  active,
  idleSeconds,
  countdownSeconds,
  cardRemoved,
  onExpire,
}: {
  active: boolean
  idleSeconds: number
  countdownSeconds: number
  cardRemoved: boolean
  onExpire: () => void
}): ReactElement | null {
  const { t, i18n } = useTranslation()
  const [askingSince, setAskingSince] = useState<number | null>(null)
  const [now, setNow] = useState(0)
  const lastTouch = useRef(0)
  const asking = useRef<number | null>(null)
  const cardAck = useRef(false)
  const latest = useRef({ cardRemoved, onExpire })

  useEffect(() => {
    latest.current = { cardRemoved, onExpire }
    if (!cardRemoved) cardAck.current = false
  }, [cardRemoved, onExpire])

  useEffect(() => {
    const touch = () => {
      lastTouch.current = Date.now()
    }
    const kinds = ['pointerdown', 'keydown', 'wheel'] as const
    for (const e of kinds) window.addEventListener(e, touch, true)
    return () => {
      for (const e of kinds) window.removeEventListener(e, touch, true)
    }
  }, [])

  useEffect(() => {
    if (!active) return
    lastTouch.current = Date.now()
    const timer = setInterval(() => {
      const at = Date.now()
      setNow(at)
      if (asking.current === null) {
        const removed = latest.current.cardRemoved && !cardAck.current
        if (removed || at - lastTouch.current >= idleSeconds * 1000) {
          asking.current = at
          setAskingSince(at)
        }
      } else if (at - asking.current >= countdownSeconds * 1000) {
        asking.current = null
        setAskingSince(null)
        latest.current.onExpire()
      }
    }, 250)
    return () => clearInterval(timer)
  }, [active, idleSeconds, countdownSeconds])

  useEffect(() => {
    if (askingSince === null) return
    speak(
      (latest.current.cardRemoved ? t('idle.cardRemoved') : '') + t('idle.question'),
      i18n.language,
    )
  }, [askingSince, t, i18n.language])

  if (!active || askingSince === null) return null
  const left = Math.max(0, countdownSeconds - Math.floor((now - askingSince) / 1000))
  const close = () => {
    asking.current = null
    setAskingSince(null)
  }
  return (
    <div className="idle-overlay" role="alertdialog" aria-modal="true" aria-labelledby="idle-q">
      <div className="idle-box">
        {cardRemoved ? <p className="lead">{t('idle.cardRemoved')}</p> : null}
        <h2 id="idle-q">{t('idle.question')}</h2>
        <p className="countdown" aria-live="polite">
          {t('idle.seconds', { count: left })}
        </p>
        <div className="actions">
          <button
            type="button"
            className="secondary-button"
            onClick={() => {
              close()
              onExpire()
            }}
          >
            {t('idle.finish')}
          </button>
          <button
            type="button"
            className="primary-button big"
            onClick={() => {
              lastTouch.current = Date.now()
              cardAck.current = true
              close()
            }}
          >
            {t('idle.more')}
          </button>
        </div>
      </div>
    </div>
  )
}
