import { useEffect, useRef, type ReactElement } from 'react'
import { createPortal } from 'react-dom'
import { useTranslation } from 'react-i18next'
import { speak } from '../speech'
import { DirectKeyboard } from './DirectKeyboard'
import type { TextEntryField, TextEntryMode } from './field'
import { HandwritingPad, type Recognise, type WarmRecogniser } from './HandwritingPad'
import { loadPinyin } from './pinyin/load'
import { PinyinKeyboard } from './PinyinKeyboard'
import './text-entry.css'

export interface TextEntryPanelProps {
  /** The field being filled: its id (kept in view), label, offered modes and hint. */
  field: TextEntryField
  /** The field's current text; the panel never keeps its own copy of it. */
  value: string
  /** The mode shown; the owner remembers it (the kiosk: for the session). */
  mode: TextEntryMode
  /** Every change of the text, as it happens (each key, each recognised character). */
  onChange: (value: string) => void
  onModeChange: (mode: TextEntryMode) => void
  /** The resident tapped 完成. */
  onDone: () => void
  /** Handwriting recognition (the kiosk: bridge `text:recognise`, in the main process). */
  recognise: Recognise
  /** Loads the recogniser when the writing pad opens (the kiosk: bridge `text:warm`). */
  warmRecogniser?: WarmRecogniser
}

/**
 * The one text-entry panel for every free-text field: docked at the bottom of the screen, the
 * field scrolled into view above it. A small interface (field, value, mode, onChange), so a
 * clerk's co-service proposal lands in the same field the same way: the owner sets `value`.
 */
export function TextEntryPanel(props: TextEntryPanelProps): ReactElement {
  const { field, value, mode, onChange, onModeChange, onDone, recognise, warmRecogniser } = props
  const { t, i18n } = useTranslation()
  const lang = i18n.language
  const panel = useRef<HTMLDivElement>(null)
  const emit = (next: string) => {
    const limited = field.maxLength ? [...next].slice(0, field.maxLength).join('') : next
    onChange(limited)
  }

  useEffect(() => {
    void loadPinyin().catch(() => undefined) // warm the dictionary while the resident reads
  }, [])

  // Keep the field in view above the panel (again whenever the panel's height changes: another
  // mode, 大字); the screen body gets room to scroll that far.
  useEffect(() => {
    const el = panel.current
    if (!el) return
    const keepInView = () => {
      const height = el.getBoundingClientRect().height
      document.documentElement.style.setProperty('--te-panel-height', `${Math.ceil(height)}px`)
      const target = document.getElementById(field.id)
      const scroller = target?.closest('.screen-body')
      if (!target || !scroller) return
      const room = scroller.getBoundingClientRect()
      const bottom = window.innerHeight - height - 16
      // The field with its label and help where they fit, else the field alone.
      const whole = target.closest('.kiosk-field')?.getBoundingClientRect()
      const rect =
        whole && whole.height <= bottom - room.top ? whole : target.getBoundingClientRect()
      if (rect.bottom > bottom) scroller.scrollBy({ top: rect.bottom - bottom })
      else if (rect.top < room.top) scroller.scrollBy({ top: rect.top - room.top - 16 })
    }
    document.documentElement.dataset.textPanel = 'open'
    keepInView()
    const watch = new ResizeObserver(keepInView)
    watch.observe(el)
    return () => {
      watch.disconnect()
      delete document.documentElement.dataset.textPanel
    }
  }, [field.id])

  useEffect(() => {
    speak(t('textEntry.spoken', { field: field.label, mode: t(`textEntry.mode.${mode}`) }), lang)
  }, [field.label, mode, lang, t])

  return createPortal(
    <div
      ref={panel}
      className="text-panel"
      role="dialog"
      aria-modal="false"
      aria-label={t('textEntry.title', { field: field.label })}
      data-testid="text-panel"
      data-mode={mode}
    >
      <div className="te-head">
        <div className="te-modes" role="radiogroup" aria-label={t('textEntry.modes')}>
          {field.modes.map((m) => (
            <button
              key={m}
              type="button"
              role="radio"
              aria-checked={m === mode}
              className={`te-key te-mode${m === mode ? ' on' : ''}`}
              data-testid={`te-mode-${m}`}
              onClick={() => onModeChange(m)}
            >
              {t(`textEntry.mode.${m}`)}
            </button>
          ))}
        </div>
        <button
          type="button"
          className="te-key te-done"
          data-testid="te-done"
          onClick={() => {
            speak(t('textEntry.done'), lang)
            onDone()
          }}
        >
          {t('textEntry.done')}
        </button>
      </div>
      {mode === 'handwriting' ? (
        <HandwritingPad
          value={value}
          onChange={emit}
          recognise={recognise}
          warm={warmRecogniser}
          hint={field.hint}
          lang={lang}
        />
      ) : mode === 'pinyin' ? (
        <PinyinKeyboard value={value} onChange={emit} lang={lang} />
      ) : (
        <DirectKeyboard
          kind={mode}
          value={value}
          onChange={emit}
          lang={lang}
          upperCase={field.upperCase}
          silent={field.secret}
        />
      )}
    </div>,
    document.querySelector('.kiosk') ?? document.body,
  )
}
