/**
 * The writing pad's state machine, pure: which strokes are on the pad, which candidates are
 * offered, and what the field holds. `base` is the value before the character being written;
 * `chosen` is that character's current pick (the recogniser's best until a tap replaces it).
 */

export type Stroke = [number, number][]

export interface HandwritingState {
  value: string
  base: string
  chosen: string
  strokes: Stroke[]
  candidates: string[]
  /** A character is being written (strokes since the last pause, pick, space or delete). */
  open: boolean
  failed: boolean
  /** How many strokes the shown candidates were recognised from. */
  recognisedStrokes: number
}

export type HandwritingAction =
  | { type: 'stroke-start' }
  | { type: 'stroke'; stroke: Stroke }
  | { type: 'recognised'; candidates: string[]; strokes: number }
  | { type: 'failed' }
  | { type: 'pause' }
  | { type: 'pick'; candidate: string }
  | { type: 'undo' }
  | { type: 'clear' }
  | { type: 'space' }
  | { type: 'delete' }

export function initialHandwriting(value: string): HandwritingState {
  return {
    value,
    base: value,
    chosen: '',
    strokes: [],
    candidates: [],
    open: false,
    failed: false,
    recognisedStrokes: 0,
  }
}

export function handwritingReducer(s: HandwritingState, a: HandwritingAction): HandwritingState {
  switch (a.type) {
    case 'stroke-start':
      return s.open
        ? s
        : {
            ...s,
            base: s.value,
            chosen: '',
            candidates: [],
            open: true,
            failed: false,
            recognisedStrokes: 0,
          }
    case 'stroke':
      return { ...s, strokes: [...s.strokes, a.stroke], open: true }
    case 'recognised': {
      // An answer for fewer strokes than are on the pad now is stale; one for a character
      // already finished still updates its candidates.
      if (s.open && a.strokes !== s.strokes.length) return s
      const best = a.candidates[0]
      if (!best) return { ...s, candidates: [], failed: true, recognisedStrokes: a.strokes }
      return {
        ...s,
        value: s.base + best,
        chosen: best,
        candidates: a.candidates,
        failed: false,
        recognisedStrokes: a.strokes,
      }
    }
    case 'failed':
      return { ...s, failed: true }
    case 'pause':
      return { ...s, strokes: [], open: false }
    case 'pick':
      if (!s.chosen && !s.open) return s
      return { ...s, value: s.base + a.candidate, chosen: a.candidate, strokes: [], open: false }
    case 'undo': {
      if (!s.open) return s
      const strokes = s.strokes.slice(0, -1)
      if (strokes.length > 0) return { ...s, strokes }
      return { ...s, strokes, value: s.base, chosen: '', candidates: [], open: false }
    }
    case 'clear':
      return s.open ? { ...initialHandwriting(s.base) } : { ...s, candidates: [], chosen: '' }
    case 'space': {
      const value = s.value + ' '
      return initialHandwriting(value)
    }
    case 'delete': {
      if (s.open) return initialHandwriting(s.base)
      return initialHandwriting([...s.value].slice(0, -1).join(''))
    }
  }
}
