import { useEffect, useRef, useState, type PointerEvent, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { useDrawingSurface } from '../drawing-surface'
import { speak } from '../speech'
import type { TextEntryHint } from './field'
import { CandidateBar } from './CandidateBar'
import { handwritingReducer, initialHandwriting, type Stroke } from './handwriting-state'
import { measureAfterPaint } from './latency'

export interface RecogniseRequest {
  strokes: Stroke[]
  width: number
  height: number
  hint?: TextEntryHint
  max?: number
}
export type Recognise = (req: RecogniseRequest) => Promise<string[]>
/** Asks the recogniser to load its model now (the kiosk: bridge `text:warm`). */
export type WarmRecogniser = () => Promise<unknown>

/** A character is done when the finger rests this long; the next stroke starts a new one. */
export const CHARACTER_PAUSE_MS = 1200
const PAD_CANDIDATES = 8

/**
 * The writing pad: pointer events on a canvas, one character at a time. After every stroke the
 * recogniser's best guess is already in the field and the others are large buttons; a tap
 * replaces the guess. Latency is marked for the bench: `text-entry:candidates` measures stroke
 * end → candidates painted.
 */
export function HandwritingPad({
  value,
  onChange,
  recognise,
  warm,
  hint,
  lang,
}: {
  value: string
  onChange: (value: string) => void
  recognise: Recognise
  /** Called when the pad opens, so the first character does not wait for the model to load. */
  warm?: WarmRecogniser
  hint: TextEntryHint
  lang: string
}): ReactElement {
  const { t } = useTranslation()
  const canvas = useRef<HTMLCanvasElement>(null)
  const canvasRef = useDrawingSurface(canvas)
  const current = useRef<Stroke | null>(null)
  const [state, setState] = useState(() => initialHandwriting(value))
  const strokesNow = useRef<Stroke[]>([])
  strokesNow.current = state.strokes
  const chosenNow = useRef('')
  chosenNow.current = state.chosen
  const seq = useRef(0)
  const pause = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const pending = useRef(false)
  // The panel's value can change elsewhere (another mode, a clerk's proposal): start afresh.
  const lastEmitted = useRef(value)
  useEffect(() => {
    if (value !== lastEmitted.current) {
      lastEmitted.current = value
      setState(initialHandwriting(value))
    }
  }, [value])

  const apply = (action: Parameters<typeof handwritingReducer>[1]) => {
    setState((s) => {
      const next = handwritingReducer(s, action)
      if (next.value !== s.value) {
        lastEmitted.current = next.value
        queueMicrotask(() => onChange(next.value))
      }
      return next
    })
  }

  // Redraw the ink whenever the strokes change.
  useEffect(() => draw(canvas.current, state.strokes), [state.strokes])

  // Candidates painted → close the latency measure opened at stroke end.
  useEffect(() => {
    if (!pending.current) return
    pending.current = false
    measureAfterPaint('text-entry:candidates', 'text-entry:stroke-end')
  }, [state.candidates])

  useEffect(() => () => clearTimeout(pause.current), [])

  // The pad is open: the model loads while the resident lifts a finger (a failure shows on the
  // first stroke, as before). `data-recogniser` tells tests and the bench when it is ready.
  const [recogniser, setRecogniser] = useState<'loading' | 'ready' | 'failed'>('loading')
  useEffect(() => {
    let live = true
    void warm?.().then(
      () => live && setRecogniser('ready'),
      () => live && setRecogniser('failed'),
    )
    return () => {
      live = false
    }
  }, [warm])

  async function ask(strokes: Stroke[]) {
    const el = canvas.current
    if (!el || strokes.length === 0) return
    const id = ++seq.current
    const rect = el.getBoundingClientRect()
    try {
      const list = await recognise({
        strokes,
        width: Math.round(rect.width),
        height: Math.round(rect.height),
        hint,
        max: PAD_CANDIDATES,
      })
      if (id !== seq.current) return // a later stroke already asked
      pending.current = true
      apply({ type: 'recognised', candidates: list, strokes: strokes.length })
    } catch {
      if (id === seq.current) apply({ type: 'failed' })
    }
  }

  const point = (e: PointerEvent<HTMLCanvasElement>): [number, number] => {
    const rect = e.currentTarget.getBoundingClientRect()
    return [Math.round(e.clientX - rect.left), Math.round(e.clientY - rect.top)]
  }

  function down(e: PointerEvent<HTMLCanvasElement>) {
    e.preventDefault()
    e.currentTarget.setPointerCapture?.(e.pointerId)
    clearTimeout(pause.current)
    current.current = [point(e)]
    apply({ type: 'stroke-start' })
  }
  function move(e: PointerEvent<HTMLCanvasElement>) {
    const stroke = current.current
    if (!stroke) return
    const rect = e.currentTarget.getBoundingClientRect()
    for (const ev of e.nativeEvent.getCoalescedEvents?.() ?? [e.nativeEvent]) {
      const p: [number, number] = [
        Math.round(ev.clientX - rect.left),
        Math.round(ev.clientY - rect.top),
      ]
      const last = stroke[stroke.length - 1]
      // Points closer than 3 px add nothing to the shape; the recogniser takes ≤ 512 a stroke.
      if (!last || Math.hypot(p[0] - last[0], p[1] - last[1]) >= 3) stroke.push(p)
    }
    drawSegment(canvas.current, stroke)
  }
  function up(e: PointerEvent<HTMLCanvasElement>) {
    const stroke = current.current
    current.current = null
    if (!stroke) return
    stroke.push(point(e))
    if (stroke.length > MAX_POINTS) stroke.splice(0, stroke.length, ...thin(stroke))
    performance.mark('text-entry:stroke-end')
    const strokes = [...strokesNow.current, stroke]
    strokesNow.current = strokes
    apply({ type: 'stroke', stroke })
    void ask(strokes)
    clearTimeout(pause.current)
    pause.current = setTimeout(() => {
      apply({ type: 'pause' })
      // The finished character is said aloud, so a resident who does not read well hears it.
      if (chosenNow.current) speak(chosenNow.current, lang)
    }, CHARACTER_PAUSE_MS)
  }

  const button = (label: string, action: () => void, testId: string) => (
    <button
      type="button"
      className="te-key te-wide"
      data-testid={testId}
      onClick={() => {
        speak(label, lang)
        action()
      }}
    >
      {label}
    </button>
  )

  return (
    <div
      className="te-handwriting"
      data-testid="te-handwriting"
      data-open={state.open}
      data-recognised={state.recognisedStrokes}
      data-recogniser={warm ? recogniser : undefined}
    >
      <CandidateBar
        candidates={state.candidates}
        chosen={state.chosen}
        label={t('textEntry.candidates')}
        onPick={(c) => {
          speak(c, lang)
          clearTimeout(pause.current)
          apply({ type: 'pick', candidate: c })
        }}
        testId="te-hw-candidates"
      />
      <div className="te-pad-row">
        <canvas
          ref={canvasRef}
          className="te-pad"
          width={PAD_WIDTH}
          height={PAD_HEIGHT}
          data-testid="te-pad"
          aria-label={t('textEntry.pad')}
          role="img"
          onPointerDown={down}
          onPointerMove={move}
          onPointerUp={up}
          onPointerCancel={up}
        />
        <div className="te-pad-keys">
          {button(
            t('textEntry.undoStroke'),
            () => {
              const rest = strokesNow.current.slice(0, -1)
              apply({ type: 'undo' })
              if (rest.length > 0) void ask(rest)
            },
            'te-undo',
          )}
          {button(t('textEntry.clearPad'), () => apply({ type: 'clear' }), 'te-clear')}
          {button(t('textEntry.space'), () => apply({ type: 'space' }), 'te-space')}
          {button(t('textEntry.delete'), () => apply({ type: 'delete' }), 'te-delete')}
        </div>
      </div>
      {state.failed ? (
        <p className="te-note" role="alert">
          {t('textEntry.notRecognised')}
        </p>
      ) : null}
    </div>
  )
}

const MAX_POINTS = 512

/** Every n-th point, keeping the last, so a very long stroke fits the recogniser's limit. */
function thin(stroke: Stroke): Stroke {
  const step = Math.ceil(stroke.length / (MAX_POINTS - 1))
  const out = stroke.filter((_, i) => i % step === 0)
  out.push(stroke[stroke.length - 1]!)
  return out
}

// The canvas is drawn at its CSS size (set in theme.css), so points are CSS pixels.
const PAD_WIDTH = 900
const PAD_HEIGHT = 430

function draw(el: HTMLCanvasElement | null, strokes: Stroke[]) {
  const ctx = el?.getContext('2d')
  if (!el || !ctx) return
  ctx.clearRect(0, 0, el.width, el.height)
  // A faint 田字格 helps an elderly hand keep the character centred.
  ctx.strokeStyle = '#d5dbe3'
  ctx.lineWidth = 2
  ctx.setLineDash([12, 10])
  ctx.beginPath()
  ctx.moveTo(el.width / 2, 0)
  ctx.lineTo(el.width / 2, el.height)
  ctx.moveTo(0, el.height / 2)
  ctx.lineTo(el.width, el.height / 2)
  ctx.stroke()
  ctx.setLineDash([])
  for (const s of strokes) drawSegment(el, s)
}

function drawSegment(el: HTMLCanvasElement | null, stroke: Stroke) {
  const ctx = el?.getContext('2d')
  if (!el || !ctx || stroke.length === 0) return
  const sx = el.width / el.clientWidth || 1
  const sy = el.height / el.clientHeight || 1
  ctx.strokeStyle = '#1a1a1a'
  ctx.lineWidth = 10
  ctx.lineCap = 'round'
  ctx.lineJoin = 'round'
  ctx.beginPath()
  const [x0, y0] = stroke[0]!
  ctx.moveTo(x0 * sx, y0 * sy)
  for (const [x, y] of stroke) ctx.lineTo(x * sx, y * sy)
  ctx.stroke()
}
