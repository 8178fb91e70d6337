import { z } from 'zod'
import { TerminalHealth } from './health'
import { Id } from './protocol'

/*
 * The terminals for admins and technicians (`/api/admin/terminals…`): the list with who is
 * online now, and revoking a terminal (its sockets closed at once, its credential refused).
 */

export const TerminalView = z.object({
  id: Id,
  name: z.string(),
  hall: z.string(),
  createdAt: z.number().int(),
  /** Epoch ms; null while the terminal may connect. */
  revokedAt: z.number().int().nullable(),
  /** A socket of the terminal is connected to this node now. */
  online: z.boolean(),
  /** When its socket last closed (epoch ms); null if never since the centre kept it. */
  lastSeenAt: z.number().int().nullable(),
  /** Its latest health report (common/signaling/health.ts); null if it never sent one. */
  health: TerminalHealth.nullable(),
})
export type TerminalView = z.infer<typeof TerminalView>

export const TerminalListResponse = z.object({ terminals: z.array(TerminalView) })
export type TerminalListResponse = z.infer<typeof TerminalListResponse>

export const TerminalResponse = z.object({ terminal: TerminalView })
export type TerminalResponse = z.infer<typeof TerminalResponse>
