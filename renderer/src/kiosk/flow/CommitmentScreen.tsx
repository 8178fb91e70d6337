import { useRef, useState, type PointerEvent, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { findEntry } from '../../../../common/catalog/schema'
import { useDrawingSurface } from '../../ui/drawing-surface'
import { Screen } from '../../ui/Screen'
import { useKiosk } from '../store'
import { useLocalized } from '../text'

type Point = [number, number, number]

/** 承诺制: the text is read aloud and shown; the resident signs with a finger in the box. */
export default function CommitmentScreen(): ReactElement {
  const { t } = useTranslation()
  const l = useLocalized()
  const { catalog, code, set } = useKiosk()
  const entry = catalog && code ? findEntry(catalog, code)?.entry : undefined
  const canvas = useRef<HTMLCanvasElement>(null)
  const strokes = useRef<Point[][]>([])
  const start = useRef<number | null>(null)
  const [hasInk, setHasInk] = useState(false)
  const canvasRef = useDrawingSurface(canvas)
  if (!entry || !entry.commitment.applies) return <Screen id="commitment" title="" />
  const c = entry.commitment

  const point = (e: PointerEvent<HTMLCanvasElement>): Point => {
    const r = e.currentTarget.getBoundingClientRect()
    start.current ??= e.timeStamp
    const sx = e.currentTarget.width / r.width
    const sy = e.currentTarget.height / r.height
    return [
      Math.round((e.clientX - r.left) * sx),
      Math.round((e.clientY - r.top) * sy),
      Math.round(e.timeStamp - start.current),
    ]
  }
  const draw = (from: Point, to: Point) => {
    const ctx = canvas.current?.getContext('2d')
    if (!ctx) return
    ctx.lineWidth = 6
    ctx.lineCap = 'round'
    ctx.strokeStyle = '#111'
    ctx.beginPath()
    ctx.moveTo(from[0], from[1])
    ctx.lineTo(to[0], to[1])
    ctx.stroke()
  }
  function clear() {
    strokes.current = []
    start.current = null
    const cv = canvas.current
    cv?.getContext('2d')?.clearRect(0, 0, cv.width, cv.height)
    setHasInk(false)
  }
  function accept() {
    const cv = canvas.current
    if (!cv || strokes.current.length === 0) return
    set({
      signature: {
        pngDataUrl: cv.toDataURL('image/png'),
        strokes: { width: cv.width, height: cv.height, strokes: strokes.current },
        signedAt: new Date().toISOString(),
      },
      screen: 'review',
      returnTo: null,
    })
  }

  return (
    <Screen
      id="commitment"
      title={l(c.title)}
      spoken={`${l(c.title)}。${l(c.text)}${c.consequences ? l(c.consequences) : ''}。${t('commitment.spokenSign')}`}
      actions={
        <>
          <button type="button" className="secondary-button" onClick={clear} disabled={!hasInk}>
            {t('commitment.clear')}
          </button>
          <button type="button" className="primary-button big" onClick={accept} disabled={!hasInk}>
            {t('commitment.agree')}
          </button>
        </>
      }
    >
      <div className="commitment-text">
        <p>{l(c.text)}</p>
        {c.consequences ? <p className="warning">{l(c.consequences)}</p> : null}
      </div>
      <p className="field-label" id="sign-label">
        {t('commitment.signHere')}
      </p>
      <canvas
        ref={canvasRef}
        className="signature-pad"
        width={1200}
        height={300}
        role="img"
        aria-labelledby="sign-label"
        data-testid="signature-pad"
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId)
          strokes.current.push([point(e)])
        }}
        onPointerMove={(e) => {
          if (e.buttons === 0) return
          const s = strokes.current[strokes.current.length - 1]
          if (!s) return
          const p = point(e)
          draw(s[s.length - 1] as Point, p)
          s.push(p)
          setHasInk(true)
        }}
      />
    </Screen>
  )
}
