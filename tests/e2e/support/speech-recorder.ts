import type { Page } from '@playwright/test'

/** One utterance the page handed to speechSynthesis.speak(). */
export interface Spoken {
  text: string
  lang: string
  /** The lang of the voice the page chose, null when it left the choice to the platform. */
  voice: string | null
  /** cancel() was called while this utterance was the one being said. */
  cancelled: boolean
}

export interface Voice {
  name: string
  lang: string
}

export const zhAndEnVoices: Voice[] = [
  { name: 'Test Mandarin', lang: 'zh-CN' },
  { name: 'Test Cantonese', lang: 'zh-HK' },
  { name: 'Test English', lang: 'en-US' },
]

/**
 * A recording stand-in for the platform's speechSynthesis, installed before the page's own
 * scripts (Debian's Chromium has no voices, and a real one could not be observed). Like
 * Chromium, getVoices() is empty at first and `voiceschanged` fires once the voices "load".
 * An utterance is "being said" until the next speak() or cancel().
 */
export async function recordSpeech(page: Page, voices: Voice[]): Promise<void> {
  await page.addInitScript((installed: Voice[]) => {
    type Entry = { text: string; lang: string; voice: string | null; cancelled: boolean }
    const spoken: Entry[] = []
    let current: Entry | null = null
    let loaded = false
    const events = new EventTarget()
    const voiceObjects = installed.map((v) => ({
      name: v.name,
      lang: v.lang,
      voiceURI: `test:${v.name}`,
      localService: true,
      default: false,
    }))
    class Utterance extends EventTarget {
      text: string
      lang = ''
      voice: { lang: string } | null = null
      rate = 1
      pitch = 1
      volume = 1
      constructor(text?: string) {
        super()
        this.text = text ?? ''
      }
    }
    const synth = {
      get speaking() {
        return current !== null
      },
      pending: false,
      paused: false,
      onvoiceschanged: null,
      getVoices: () => (loaded ? voiceObjects.slice() : []),
      speak(u: Utterance) {
        if (current) current.cancelled = true
        current = { text: u.text, lang: u.lang, voice: u.voice?.lang ?? null, cancelled: false }
        spoken.push(current)
      },
      cancel() {
        if (current) current.cancelled = true
        current = null
      },
      pause() {},
      resume() {},
      addEventListener: events.addEventListener.bind(events),
      removeEventListener: events.removeEventListener.bind(events),
      dispatchEvent: events.dispatchEvent.bind(events),
    }
    Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true })
    Object.defineProperty(window, 'SpeechSynthesisUtterance', {
      value: Utterance,
      configurable: true,
      writable: true,
    })
    Object.defineProperty(window, '__speech', {
      value: { spoken, speaking: () => current !== null },
    })
    setTimeout(() => {
      loaded = true
      events.dispatchEvent(new Event('voiceschanged'))
    }, 100)
  }, voices)
}

/** Everything the page has said since it loaded. */
export function spoken(page: Page): Promise<Spoken[]> {
  return page.evaluate(
    () => (window as unknown as { __speech: { spoken: Spoken[] } }).__speech.spoken,
  )
}

export function speaking(page: Page): Promise<boolean> {
  return page.evaluate(() =>
    (window as unknown as { __speech: { speaking: () => boolean } }).__speech.speaking(),
  )
}

/** The last utterance, or null. */
export async function lastSpoken(page: Page): Promise<Spoken | null> {
  const all = await spoken(page)
  return all.at(-1) ?? null
}
