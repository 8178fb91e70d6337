import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type * as SpeechModule from '../../../../renderer/src/ui/speech'

type Voice = { name: string; lang: string }
const mandarin = { name: 'm', lang: 'zh-CN' }
const cantonese = { name: 'c', lang: 'zh-HK' }
const taiwan = { name: 't', lang: 'zh_TW' }
const english = { name: 'e', lang: 'en-US' }

/** A speechSynthesis that records what it is asked to say. */
function fakeSynth(voices: Voice[]) {
  const said: { text: string; lang: string; voice: string | null }[] = []
  const events = new EventTarget()
  let list: Voice[] = voices
  const synth = {
    cancel: vi.fn(),
    speak: (u: { text: string; lang: string; voice: Voice | null }) =>
      said.push({ text: u.text, lang: u.lang, voice: u.voice?.lang ?? null }),
    getVoices: () => list,
    addEventListener: events.addEventListener.bind(events),
    removeEventListener: events.removeEventListener.bind(events),
  }
  class Utterance {
    lang = ''
    rate = 1
    voice: Voice | null = null
    constructor(readonly text: string) {}
  }
  vi.stubGlobal('speechSynthesis', synth)
  vi.stubGlobal('SpeechSynthesisUtterance', Utterance)
  return {
    synth,
    said,
    load(v: Voice[]) {
      list = v
      events.dispatchEvent(new Event('voiceschanged'))
    },
  }
}

let speech: typeof SpeechModule
beforeEach(async () => {
  vi.resetModules()
  speech = await import('../../../../renderer/src/ui/speech')
})
afterEach(() => {
  vi.unstubAllGlobals()
  vi.useRealTimers()
})

describe('voice choice', () => {
  it('picks the exact locale, then the same language, never Cantonese for Mandarin', () => {
    const v = [cantonese, taiwan, english, mandarin] as SpeechSynthesisVoice[]
    expect(speech.voiceFor(v, 'zh-CN')?.name).toBe('m')
    expect(speech.voiceFor([cantonese, taiwan] as SpeechSynthesisVoice[], 'zh-CN')?.name).toBe('t')
    expect(speech.voiceFor([cantonese] as SpeechSynthesisVoice[], 'zh-CN')).toBeUndefined()
    expect(speech.voiceFor(v, 'en')?.name).toBe('e')
  })

  it('says nothing in a language with no voice, and nothing empty', () => {
    const f = fakeSynth([english])
    speech.speak('您好', 'zh-CN')
    speech.speak('', 'en')
    speech.speak('Hello', 'en')
    expect(f.said).toEqual([{ text: 'Hello', lang: 'en', voice: 'en-US' }])
  })

  it('leaves the voice to the platform while its list is still loading', () => {
    const f = fakeSynth([])
    speech.speak('您好', 'zh-CN')
    expect(f.said).toEqual([{ text: '您好', lang: 'zh-CN', voice: null }])
  })
})

describe('checkVoices', () => {
  it('reports the missing languages once the voices have loaded', () => {
    const f = fakeSynth([])
    const report = vi.fn()
    speech.checkVoices(report)
    expect(report).not.toHaveBeenCalled()
    f.load([english])
    f.load([english, mandarin])
    expect(report).toHaveBeenCalledTimes(1)
    expect(report).toHaveBeenCalledWith({ missing: ['zh-CN'], installed: 1 })
  })

  it('reports every language after the wait where the platform never loads any', () => {
    vi.useFakeTimers()
    fakeSynth([])
    const report = vi.fn()
    speech.checkVoices(report, ['zh-CN', 'en'], 3_000)
    vi.advanceTimersByTime(3_000)
    expect(report).toHaveBeenCalledWith({ missing: ['zh-CN', 'en'], installed: 0 })
  })
})
