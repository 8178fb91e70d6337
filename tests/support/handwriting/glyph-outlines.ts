/**
 * Glyph outlines from a CJK font Debian installs (fonts-noto-cjk), read with fontkit, flattened
 * to polygons, y down. Not an Arphic Kai font: Make Me a Hanzi's medians, from which the
 * handwriting test strokes are made, derive from Arphic PL KaitiM.
 */
import * as fontkit from 'fontkit'

export const NOTO_SANS_CJK = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'
export const NOTO_SANS_SC = 'NotoSansCJKsc-Regular'

type Pt = [number, number]

export interface Outline {
  contours: Pt[][]
  box: { minX: number; minY: number; maxX: number; maxY: number }
}

interface Command {
  command: string
  args: number[]
}
interface Glyph {
  id: number
  bbox: { minX: number; minY: number; maxX: number; maxY: number }
  path: { commands: Command[] }
}
interface Font {
  glyphForCodePoint(cp: number): Glyph
  hasGlyphForCodePoint(cp: number): boolean
}

export function openFont(file = NOTO_SANS_CJK, name = NOTO_SANS_SC): Font {
  const opened = fontkit.openSync(file) as { getFont?(n: string): Font } & Font
  return opened.getFont ? opened.getFont(name) : opened
}

/** The outline of a character's glyph, or undefined where the font has none or it is empty. */
export function outlineOf(font: Font, character: string): Outline | undefined {
  const cp = character.codePointAt(0)!
  if (!font.hasGlyphForCodePoint(cp)) return undefined
  const glyph = font.glyphForCodePoint(cp)
  const contours: Pt[][] = []
  let cur: Pt[] = []
  let at: Pt = [0, 0]
  const STEPS = 8
  const close = () => {
    if (cur.length > 2) contours.push(cur)
    cur = []
  }
  for (const { command, args: a } of glyph.path.commands) {
    if (command === 'moveTo') {
      close()
      at = [a[0]!, -a[1]!]
      cur.push(at)
    } else if (command === 'lineTo') {
      at = [a[0]!, -a[1]!]
      cur.push(at)
    } else if (command === 'quadraticCurveTo') {
      const [x0, y0] = at
      const [cx, cy, x, y] = [a[0]!, -a[1]!, a[2]!, -a[3]!]
      for (let k = 1; k <= STEPS; k++) {
        const t = k / STEPS
        const u = 1 - t
        cur.push([u * u * x0 + 2 * u * t * cx + t * t * x, u * u * y0 + 2 * u * t * cy + t * t * y])
      }
      at = [x, y]
    } else if (command === 'bezierCurveTo') {
      const [x0, y0] = at
      const [c1x, c1y, c2x, c2y, x, y] = [a[0]!, -a[1]!, a[2]!, -a[3]!, a[4]!, -a[5]!]
      for (let k = 1; k <= STEPS; k++) {
        const t = k / STEPS
        const u = 1 - t
        cur.push([
          u * u * u * x0 + 3 * u * u * t * c1x + 3 * u * t * t * c2x + t * t * t * x,
          u * u * u * y0 + 3 * u * u * t * c1y + 3 * u * t * t * c2y + t * t * t * y,
        ])
      }
      at = [x, y]
    } else if (command === 'closePath') close()
  }
  close()
  if (contours.length === 0) return undefined
  const b = glyph.bbox
  return { contours, box: { minX: b.minX, maxX: b.maxX, minY: -b.maxY, maxY: -b.minY } }
}
