/**
 * Finger writing simulated from Make Me a Hanzi's stroke medians: the same character as a
 * resident would write it on the kiosk's pad. Every deformation is drawn from a seeded generator,
 * so a fixture is reproduced exactly from its seed.
 *
 * What hands do, and how it is imitated here:
 * - size and place: the character fills 50–95 % of the pad, off centre;
 * - slant and shape: a shear of up to ±0.2, a rotation of up to ±5°, width and height scaled
 *   independently (0.85–1.15);
 * - uneven strokes: each stroke scaled (σ 6 %) about its own centre and moved (σ 2.5 % of the
 *   character);
 * - speed: a stroke is sampled at a steady touch rate along a minimum-jerk speed profile (slow at
 *   both ends, fast in the middle), the overall speed varying per character, so a stroke has from
 *   3 to 80 points;
 * - jitter: per-point noise (σ 0.3–1.2 % of the character) plus a slow wobble;
 * - strokes joined: where one stroke ends near where the next begins, the finger sometimes stays
 *   down (`JOIN_RATE` of such pairs, at most two per character), joining them with a connector.
 */

export type Pt = [number, number]

/**
 * How often the finger stays down between two strokes that end and begin close together. At
 * 5 % about one character in six of the test set has two strokes run together: residents at a
 * kiosk print stroke by stroke, but not always.
 */
export const JOIN_RATE = 0.05

/** mulberry32: small, fast, good enough for test data; exactly reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A seed from a text (FNV-1a), so each character's sample does not depend on list order. */
export function seedOf(text: string): number {
  let h = 0x811c9dc5
  for (const b of new TextEncoder().encode(text)) h = Math.imul(h ^ b, 0x01000193) >>> 0
  return h
}

function gaussian(r: () => number): number {
  const u = Math.max(r(), 1e-12)
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r())
}

const uniform = (r: () => number, lo: number, hi: number) => lo + (hi - lo) * r()

function polylineLength(p: readonly Pt[]): number {
  let l = 0
  for (let i = 1; i < p.length; i++)
    l += Math.hypot(p[i]![0] - p[i - 1]![0], p[i]![1] - p[i - 1]![1])
  return l
}

function pointAt(p: readonly Pt[], s: number): Pt {
  let acc = 0
  for (let i = 1; i < p.length; i++) {
    const a = p[i - 1]!
    const b = p[i]!
    const seg = Math.hypot(b[0] - a[0], b[1] - a[1])
    if (acc + seg >= s && seg > 0) {
      const u = (s - acc) / seg
      return [a[0] + u * (b[0] - a[0]), a[1] + u * (b[1] - a[1])]
    }
    acc += seg
  }
  const last = p[p.length - 1]!
  return [last[0], last[1]]
}

/** Resamples a path as a touch screen records a finger: a steady rate, minimum-jerk speed. */
function sampleAsTouched(path: readonly Pt[], samplesPerUnit: number, unit: number): Pt[] {
  const length = polylineLength(path)
  const n = Math.max(3, Math.min(80, Math.round((length / unit) * samplesPerUnit) + 2))
  const out: Pt[] = []
  for (let k = 0; k < n; k++) {
    const tau = k / (n - 1)
    const s = length * (10 * tau ** 3 - 15 * tau ** 4 + 6 * tau ** 5)
    out.push(pointAt(path, s))
  }
  return out
}

export interface DeformOptions {
  /** Side of the square pad, in pad pixels. */
  pad: number
  /** Scales every deformation's strength (1: as documented above; 0: the plain medians). */
  strength?: Partial<Record<'shape' | 'strokes' | 'jitter' | 'joins', number>>
}

/**
 * One simulated finger-written sample of a character whose medians (pad coordinates, y down,
 * in a `pad` × `pad` square) are given.
 */
export function deform(
  medians: readonly (readonly Pt[])[],
  seed: number,
  opts: DeformOptions,
): Pt[][] {
  const r = rng(seed)
  const { pad } = opts
  const k = { shape: 1, strokes: 1, jitter: 1, joins: 1, ...opts.strength }
  // Global shape: where and how big, slant, rotation, aspect.
  const size = uniform(r, 0.5, 0.95)
  const shear = uniform(r, -0.2, 0.2) * k.shape
  const angle = (uniform(r, -5, 5) * k.shape * Math.PI) / 180
  const sx = 1 + uniform(r, -0.15, 0.15) * k.shape
  const sy = 1 + uniform(r, -0.15, 0.15) * k.shape
  const unit = pad * size
  const room = pad * (1 - size)
  const cx = pad / 2 + uniform(r, -0.4, 0.4) * room
  const cy = pad / 2 + uniform(r, -0.4, 0.4) * room
  const samplesPerUnit = uniform(r, 8, 40)
  const jitter = uniform(r, 0.003, 0.012) * unit * k.jitter
  const wobble = uniform(r, 0, 0.01) * unit * k.jitter

  const global = ([x, y]: Pt): Pt => {
    // Medians come in a pad-sized square: centre them, then apply the hand's shape.
    let u = ((x - pad / 2) / pad) * sx
    const v = ((y - pad / 2) / pad) * sy
    u += shear * v
    const ru = u * Math.cos(angle) - v * Math.sin(angle)
    const rv = u * Math.sin(angle) + v * Math.cos(angle)
    return [cx + ru * unit, cy + rv * unit]
  }

  const strokes = medians.map((m) => {
    const placed = m.map(global)
    // Uneven strokes: each scaled about its centre and shifted a little.
    const mx = placed.reduce((a, p) => a + p[0], 0) / placed.length
    const my = placed.reduce((a, p) => a + p[1], 0) / placed.length
    const grow = 1 + 0.06 * k.strokes * gaussian(r)
    const dx = 0.025 * k.strokes * unit * gaussian(r)
    const dy = 0.025 * k.strokes * unit * gaussian(r)
    return placed.map(([x, y]) => [mx + (x - mx) * grow + dx, my + (y - my) * grow + dy] as Pt)
  })

  // Strokes joined where the finger has not far to go.
  const joined: Pt[][] = []
  let joins = 0
  for (const s of strokes) {
    const prev = joined[joined.length - 1]
    if (prev && joins < 2) {
      const end = prev[prev.length - 1]!
      const gap = Math.hypot(s[0]![0] - end[0], s[0]![1] - end[1])
      if (gap < 0.3 * unit && r() < JOIN_RATE * k.joins) {
        prev.push(...s)
        joins++
        continue
      }
    }
    joined.push([...s])
  }

  return joined.map((path) => {
    const phase = uniform(r, 0, 2 * Math.PI)
    const touched = sampleAsTouched(path, samplesPerUnit, unit)
    return touched.map(([x, y], i) => {
      const w = wobble * Math.sin(phase + i / 4)
      const px = x + jitter * gaussian(r) + w
      const py = y + jitter * gaussian(r) - w
      return [
        Math.round(Math.min(pad, Math.max(0, px))),
        Math.round(Math.min(pad, Math.max(0, py))),
      ] as Pt
    })
  })
}
