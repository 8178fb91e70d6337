import { useCallback, useSyncExternalStore } from 'react'

/**
 * Voice guidance through the platform's speechSynthesis, with a zh-CN voice where one is
 * installed. Muting is per session; a new resident starts with voice on.
 */
let muted = false
const subscribers = new Set<() => void>()

function setMuted(value: boolean): void {
  muted = value
  if (value) globalThis.speechSynthesis?.cancel()
  for (const s of subscribers) s()
}

export function resetVoice(): void {
  setMuted(false)
}

export function speak(text: string, lang: string): void {
  const synth = globalThis.speechSynthesis
  if (muted || !synth || typeof SpeechSynthesisUtterance === 'undefined') return
  synth.cancel()
  const utterance = new SpeechSynthesisUtterance(text)
  utterance.lang = lang
  utterance.rate = 0.9 // a little slower for older listeners
  const voice = synth.getVoices().find((v) => v.lang.replace('_', '-').startsWith(lang))
  if (voice) utterance.voice = voice
  synth.speak(utterance)
}

export function useVoice(): { muted: boolean; toggle: () => void } {
  const value = useSyncExternalStore(
    (cb) => {
      subscribers.add(cb)
      return () => subscribers.delete(cb)
    },
    () => muted,
  )
  const toggle = useCallback(() => setMuted(!muted), [])
  return { muted: value, toggle }
}
