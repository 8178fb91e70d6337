import { useState } from 'react'
import type { CallMediaState } from './call-engine'
import type { QualityLevel } from './quality'

/** The microphone switch of a call screen (kiosk and console): whether it is off, and the press. */
export function useMuteSwitch(session: { setMuted(on: boolean): void }): [boolean, () => void] {
  const [muted, setMuted] = useState(false)
  return [
    muted,
    () => {
      session.setMuted(!muted)
      setMuted(!muted)
    },
  ]
}

/** The quality indicator's level: none until the media is connected, then the link's rating. */
export function linkLevel(media: CallMediaState | null): QualityLevel | null {
  return media?.phase === 'connected' ? (media.quality?.level ?? 'good') : null
}
