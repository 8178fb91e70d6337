import { useCallback, useSyncExternalStore } from 'react'
import type { Locale } from '../../../common/domain/app-info'

/**
 * Voice guidance through the platform's speechSynthesis, in a voice of the text's language.
 * Muting is per session; a new resident starts with voice on. Where the machine has no voice
 * for a language, nothing is spoken in it (a voice of another language would read Chinese as
 * noise); the text is on screen anyway, and `checkVoices` tells the technician once.
 */
let muted = false
/** The kiosk's volume (technician's local settings), 0–1, for speech and the self-test's tone. */
let volume = 1
/** What the current screen says, kept while muted so that unmuting can say it. */
let last: { text: string; lang: string } | null = null
const subscribers = new Set<() => void>()

const synth = (): SpeechSynthesis | undefined =>
  typeof SpeechSynthesisUtterance === 'undefined' ? undefined : globalThis.speechSynthesis

const norm = (lang: string): string => lang.replace('_', '-').toLowerCase()

/**
 * The installed voice for `lang`: the exact locale first, else one of the same language
 * (zh-TW reads Mandarin too), but never Cantonese for Mandarin text.
 */
export function voiceFor(
  voices: readonly SpeechSynthesisVoice[],
  lang: string,
): SpeechSynthesisVoice | undefined {
  const want = norm(lang)
  const base = want.split('-')[0]
  const cantonese = (l: string) => /^(yue|zh-hk|zh-mo)/.test(l)
  return (
    voices.find((v) => norm(v.lang) === want) ??
    voices.find((v) => {
      const l = norm(v.lang)
      return l.split('-')[0] === base && !(base === 'zh' && cantonese(l))
    })
  )
}

function setMuted(value: boolean): void {
  muted = value
  if (value) synth()?.cancel()
  else if (last) say(last.text, last.lang)
  for (const s of subscribers) s()
}

/** A new resident: voice on again, and nothing of the previous one still being said. */
export function resetVoice(): void {
  synth()?.cancel()
  last = null
  muted = false
  for (const s of subscribers) s()
}

function say(text: string, lang: string): void {
  const s = synth()
  if (!s || !text) return
  s.cancel()
  const voices = s.getVoices()
  const voice = voiceFor(voices, lang)
  // No voice of this language (and the list is loaded): say nothing rather than noise.
  if (!voice && voices.length > 0) return
  const utterance = new SpeechSynthesisUtterance(text)
  utterance.lang = lang
  utterance.rate = 0.9 // a little slower for older listeners
  utterance.volume = volume
  if (voice) utterance.voice = voice
  s.speak(utterance)
}

/** Sets the kiosk's volume, percent (the technician's local settings). */
export function setVolume(percent: number): void {
  volume = Math.min(1, Math.max(0, percent / 100))
}
export function currentVolume(): number {
  return volume
}

export function speak(text: string, lang: string): void {
  last = { text, lang }
  if (!muted) say(text, lang)
}

/**
 * Once the platform has loaded its voices (`voiceschanged`, or after `waitMs` where it never
 * fires), reports which kiosk languages have none. Called once per page load.
 */
export function checkVoices(
  report: (r: { missing: Locale[]; installed: number }) => void,
  locales: readonly Locale[] = ['zh-CN', 'en'],
  waitMs = 3_000,
): () => void {
  const s = synth()
  let done = false
  const check = () => {
    if (done) return
    done = true
    const voices = s?.getVoices() ?? []
    report({ missing: locales.filter((l) => !voiceFor(voices, l)), installed: voices.length })
  }
  if (!s) {
    check()
    return () => {}
  }
  if (s.getVoices().length > 0) {
    check()
    return () => {}
  }
  s.addEventListener('voiceschanged', check, { once: true })
  const timer = setTimeout(check, waitMs)
  return () => {
    done = true
    clearTimeout(timer)
    s.removeEventListener('voiceschanged', check)
  }
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
