import { z } from 'zod'
import { Framing } from './device-table'

/**
 * A device trace: the text format is `#! framing=…` on the first line, `#` comments, then
 * `> hex` (host → device, one write) and `< hex` (device → host, one report or chunk).
 */
export const TraceDirection = z.enum(['>', '<'])
export type TraceDirection = z.infer<typeof TraceDirection>

export const TraceEntry = z.object({
  direction: TraceDirection,
  bytes: z.instanceof(Uint8Array),
  /** 1-based line number in the trace file, for error messages. */
  line: z.number().int().positive(),
})
export type TraceEntry = z.infer<typeof TraceEntry>

export const Trace = z.object({ framing: Framing, entries: z.array(TraceEntry) })
export type Trace = z.infer<typeof Trace>
