/**
 * A character's shape as directional features that do not depend on stroke order: the ink is
 * rasterised on a small square grid, its edges' directions (Sobel gradient) are binned into
 * `dirs` directions and pooled into `grid` × `grid` cells, and the vector is square-rooted and
 * scaled to unit length, so two shapes compare by a dot product (cosine). The written strokes
 * are drawn with a pen as wide as a font's stems; a font's glyph is filled from its outline
 * (scripts/build-glyph-shapes.ts). Both are fitted into the square the way normalise.ts fits the
 * strokes for Zinnia (bounding box, aspect kept, centred).
 */

export interface ShapeOptions {
  /** Side of the raster, in pixels. */
  raster: number
  /** Cells per side the directions are pooled into. */
  grid: number
  /** Direction bins: 4 (orientation, modulo 180°) or 8 (direction). */
  dirs: 4 | 8
  /** Pen width for written strokes, as a fraction of the raster's side. */
  pen: number
  /** The ink's longer side fills this fraction of the raster. */
  fill: number
}

export const defaultShape: ShapeOptions = { raster: 48, grid: 6, dirs: 4, pen: 0.07, fill: 0.84 }

export const shapeLength = (o: ShapeOptions): number => o.grid * o.grid * o.dirs

type Pt = readonly [number, number]

/** Scale and offset that fit a bounding box into the raster, aspect kept, centred. */
function fitter(
  minX: number,
  minY: number,
  maxX: number,
  maxY: number,
  o: ShapeOptions,
): (p: Pt) => [number, number] {
  const side = Math.max(maxX - minX, maxY - minY, 1e-6)
  const s = (o.raster * o.fill) / side
  const ox = o.raster / 2 - ((minX + maxX) / 2) * s
  const oy = o.raster / 2 - ((minY + maxY) / 2) * s
  return ([x, y]) => [x * s + ox, y * s + oy]
}

/** Strokes (y down) drawn with a round pen, anti-aliased; fitted to their bounding box. */
export function rasteriseStrokes(strokes: ReadonlyArray<ReadonlyArray<Pt>>, o: ShapeOptions) {
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity
  for (const s of strokes)
    for (const [x, y] of s) {
      if (x < minX) minX = x
      if (x > maxX) maxX = x
      if (y < minY) minY = y
      if (y > maxY) maxY = y
    }
  const R = o.raster
  const img = new Float32Array(R * R)
  const fit = fitter(minX, minY, maxX, maxY, o)
  const r = (o.pen * R) / 2
  for (const s of strokes) {
    const pts = s.map(fit)
    for (let i = 0; i < pts.length; i++) {
      const a = pts[i]!
      const b = pts[Math.min(i + 1, pts.length - 1)]!
      const x0 = Math.max(0, Math.floor(Math.min(a[0], b[0]) - r - 1))
      const x1 = Math.min(R - 1, Math.ceil(Math.max(a[0], b[0]) + r + 1))
      const y0 = Math.max(0, Math.floor(Math.min(a[1], b[1]) - r - 1))
      const y1 = Math.min(R - 1, Math.ceil(Math.max(a[1], b[1]) + r + 1))
      const dx = b[0] - a[0]
      const dy = b[1] - a[1]
      const ll = dx * dx + dy * dy
      const reach = (r + 0.5) * (r + 0.5)
      for (let y = y0; y <= y1; y++)
        for (let x = x0; x <= x1; x++) {
          const px = x + 0.5 - a[0]
          const py = y + 0.5 - a[1]
          const t = ll > 0 ? Math.max(0, Math.min(1, (px * dx + py * dy) / ll)) : 0
          const ex = px - t * dx
          const ey = py - t * dy
          const dd = ex * ex + ey * ey
          if (dd >= reach) continue
          const cover = Math.min(1, r + 0.5 - Math.sqrt(dd))
          const k = y * R + x
          if (cover > img[k]!) img[k] = cover
        }
    }
  }
  return img
}

/**
 * Closed contours (y down, already flattened to polygons) filled by the non-zero rule, 4 × 4
 * samples a pixel; fitted to the given ink box.
 */
export function rasteriseContours(
  contours: ReadonlyArray<ReadonlyArray<Pt>>,
  box: { minX: number; minY: number; maxX: number; maxY: number },
  o: ShapeOptions,
): Float32Array {
  const R = o.raster
  const fit = fitter(box.minX, box.minY, box.maxX, box.maxY, o)
  const edges: Array<[number, number, number, number]> = []
  for (const c of contours) {
    const p = c.map(fit)
    for (let i = 0; i < p.length; i++) {
      const a = p[i]!
      const b = p[(i + 1) % p.length]!
      if (a[1] !== b[1]) edges.push([a[0], a[1], b[0], b[1]])
    }
  }
  const img = new Float32Array(R * R)
  const SUB = 4
  const crossings: Array<[number, number]> = []
  for (let sy = 0; sy < R * SUB; sy++) {
    const y = (sy + 0.5) / SUB
    crossings.length = 0
    for (const [x0, y0, x1, y1] of edges) {
      if (y < Math.min(y0, y1) || y >= Math.max(y0, y1)) continue
      crossings.push([x0 + ((y - y0) / (y1 - y0)) * (x1 - x0), y1 > y0 ? 1 : -1])
    }
    crossings.sort((a, b) => a[0] - b[0])
    let wind = 0
    let start = 0
    const row = Math.floor(y) * R
    for (const [x, dir] of crossings) {
      const before = wind
      wind += dir
      if (before === 0 && wind !== 0) start = x
      else if (before !== 0 && wind === 0) {
        // Sub-samples whose centre lies in [start, x).
        const from = Math.max(0, Math.ceil(start * SUB - 0.5))
        const to = Math.min(R * SUB - 1, Math.ceil(x * SUB - 0.5) - 1)
        for (let sx = from; sx <= to; sx++) img[row + Math.floor(sx / SUB)]! += 1 / (SUB * SUB)
      }
    }
  }
  return img
}

/** Directional features of a raster (see the file comment), unit length. */
export function directionFeatures(img: Float32Array, o: ShapeOptions): Float32Array {
  const R = o.raster
  const G = o.grid
  const D = o.dirs
  const out = new Float32Array(G * G * D)
  // A zero border, so the Sobel window needs no bounds checks.
  const P = R + 2
  const pad = new Float32Array(P * P)
  for (let y = 0; y < R; y++) pad.set(img.subarray(y * R, (y + 1) * R), (y + 1) * P + 1)
  const cell = R / G
  const period = D === 8 ? 2 * Math.PI : Math.PI
  for (let y = 0; y < R; y++)
    for (let x = 0; x < R; x++) {
      const k = (y + 1) * P + x + 1
      const nw = pad[k - P - 1]!,
        n = pad[k - P]!,
        ne = pad[k - P + 1]!,
        w = pad[k - 1]!,
        e = pad[k + 1]!,
        sw = pad[k + P - 1]!,
        s = pad[k + P]!,
        se = pad[k + P + 1]!
      const gx = ne + 2 * e + se - (nw + 2 * w + sw)
      const gy = sw + 2 * s + se - (nw + 2 * n + ne)
      if (gx === 0 && gy === 0) continue
      const m = Math.hypot(gx, gy)
      if (m < 1e-3) continue
      let a = Math.atan2(gy, gx)
      if (a < 0) a += 2 * Math.PI
      if (a >= period) a -= period
      const fd = (a / period) * D
      const d0 = Math.floor(fd) % D
      const d1 = (d0 + 1) % D
      const wd = fd - Math.floor(fd)
      // Bilinear pooling into the cells around the pixel's centre.
      const cx = (x + 0.5) / cell - 0.5
      const cy = (y + 0.5) / cell - 0.5
      const ix = Math.floor(cx)
      const iy = Math.floor(cy)
      const fx = cx - ix
      const fy = cy - iy
      for (let j = 0; j < 2; j++) {
        const gyc = iy + j
        if (gyc < 0 || gyc >= G) continue
        const wy = j ? fy : 1 - fy
        for (let i = 0; i < 2; i++) {
          const gxc = ix + i
          if (gxc < 0 || gxc >= G) continue
          const w = m * wy * (i ? fx : 1 - fx)
          const base = (gyc * G + gxc) * D
          out[base + d0]! += w * (1 - wd)
          out[base + d1]! += w * wd
        }
      }
    }
  let norm = 0
  for (let k = 0; k < out.length; k++) {
    out[k] = Math.sqrt(out[k]!)
    norm += out[k]! * out[k]!
  }
  norm = Math.sqrt(norm) || 1
  for (let k = 0; k < out.length; k++) out[k] = out[k]! / norm
  return out
}
