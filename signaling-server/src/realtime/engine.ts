import { refreshPositions } from './queue'
import { route } from './router'
import {
  newCtx,
  type Ctx,
  type Effect,
  type Lookups,
  type RealtimeConfig,
  type RealtimeState,
} from './state'

/**
 * Runs one event (a message, an arrival, a timer) as a step: the domain changes the state and
 * records effects; then positions of the touched categories are re-sent and the router runs,
 * each once; then the edge carries out the effects in order. A step started while another
 * runs (a socket dropped by a handler) joins it.
 */
export interface Engine {
  run<T>(fn: (ctx: Ctx) => T): T
  /** A step that only reads (and may emit): no settling, since nothing changed. */
  read<T>(fn: (ctx: Ctx) => T): T
}

export function createEngine(
  s: RealtimeState,
  now: () => number,
  config: RealtimeConfig,
  lookups: Lookups,
  execute: (fx: Effect[]) => void,
): Engine {
  let current: Ctx | null = null
  return {
    run<T>(fn: (ctx: Ctx) => T): T {
      if (current) return fn(current)
      const ctx = newCtx(s, now, config, lookups)
      current = ctx
      try {
        const result = fn(ctx)
        settle(ctx)
        return result
      } finally {
        current = null
        execute(ctx.fx)
      }
    },
    read<T>(fn: (ctx: Ctx) => T): T {
      if (current) return fn(current)
      const ctx = newCtx(s, now, config, lookups)
      try {
        return fn(ctx)
      } finally {
        execute(ctx.fx)
      }
    },
  }
}

/** After an event: positions once per touched category, then routing once. */
export function settle(ctx: Ctx): void {
  for (const category of ctx.dirty) refreshPositions(ctx, category)
  ctx.dirty.clear()
  route(ctx)
}
