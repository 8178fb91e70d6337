import { useEffect, useMemo, useRef, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { speak } from '../speech'
import { CandidateBar } from './CandidateBar'
import { KeyGrid } from './KeyGrid'
import { measureAfterPaint } from './latency'
import { pinyinCandidates, type PinyinIndex } from './pinyin/engine'
import { loadPinyin } from './pinyin/load'
import { pageCount, pageOf } from './pinyin/paging'

const ROWS = ['q w e r t y u i o p', 'a s d f g h j k l', 'z x c v b n m {bksp}', '{space}']

/**
 * 拼音: a full QWERTY keyboard; the letters typed so far are shown above candidate words and
 * characters (词 first, then 单字), paged with large arrows. Tone-less; ü is typed as v.
 * `text-entry:pinyin` measures key → candidates painted, for the bench.
 */
export function PinyinKeyboard({
  value,
  onChange,
  lang,
}: {
  value: string
  onChange: (value: string) => void
  lang: string
}): ReactElement {
  const { t } = useTranslation()
  const [index, setIndex] = useState<PinyinIndex | null>(null)
  const [failed, setFailed] = useState(false)
  const [letters, setLetters] = useState('')
  const [page, setPage] = useState(0)
  const measuring = useRef(false)

  useEffect(() => {
    let live = true
    loadPinyin().then(
      (i) => live && setIndex(i),
      () => live && setFailed(true),
    )
    return () => {
      live = false
    }
  }, [])

  const all = useMemo(() => (index ? pinyinCandidates(index, letters) : []), [index, letters])
  const shown = pageOf(all, page)

  useEffect(() => {
    if (!measuring.current) return
    measuring.current = false
    measureAfterPaint('text-entry:pinyin', 'text-entry:key')
  }, [all])

  const names = useMemo(
    () => ({ '{bksp}': t('textEntry.delete'), '{space}': t('textEntry.spaceOrFirst') }),
    [t],
  )

  function pick(text: string, consumed: number) {
    speak(text, lang)
    onChange(value + text)
    setLetters((l) => l.slice(consumed))
    setPage(0)
  }

  function key(k: string) {
    performance.mark('text-entry:key')
    measuring.current = true
    setPage(0)
    if (k === '{bksp}') {
      speak(t('textEntry.delete'), lang)
      if (letters) setLetters(letters.slice(0, -1))
      else onChange([...value].slice(0, -1).join(''))
      return
    }
    if (k === '{space}') {
      const first = all[0]
      if (letters && first) pick(first.text, first.consumed)
      else if (!letters) onChange(value + ' ')
      return
    }
    speak(k.toUpperCase(), lang)
    setLetters(letters + k)
  }

  return (
    <div
      className="te-pinyin"
      data-testid="te-pinyin"
      // The dictionary loads when the keyboard first opens; until then there are no candidates.
      data-dictionary={index ? 'ready' : failed ? 'failed' : 'loading'}
    >
      <p className="te-typed" data-testid="te-typed" aria-live="polite">
        <span className="te-typed-label">{t('textEntry.typed')}</span>
        <span className="te-typed-letters">{letters || '\u00a0'}</span>
        {failed ? <span role="alert">{t('textEntry.dictionaryFailed')}</span> : null}
        {!index && !failed ? (
          <span role="status" data-testid="te-py-loading">
            {t('textEntry.dictionaryLoading')}
          </span>
        ) : null}
      </p>
      <CandidateBar
        candidates={shown.map((c) => c.text)}
        label={t('textEntry.candidates')}
        onPick={(text) => {
          const c = shown.find((s) => s.text === text)
          if (c) pick(c.text, c.consumed)
        }}
        testId="te-py-candidates"
        paging={{
          page,
          pages: pageCount(all.length),
          onPage: (p) => {
            speak(t('textEntry.pageOf', { page: p + 1 }), lang)
            setPage(p)
          },
        }}
      />
      <KeyGrid
        rows={ROWS}
        names={names}
        onKey={key}
        label={t('textEntry.keyboard')}
        testId="te-py-keys"
      />
    </div>
  )
}
