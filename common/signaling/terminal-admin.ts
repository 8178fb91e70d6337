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

/**
 * The fleet console's filters (docs/fleet.md): offline for more than 10 minutes, a printer
 * missing, failing or short of paper, an outbox entry waiting more than 15 minutes, an app
 * version below the newest any terminal reports. A terminal shows when it matches all chosen;
 * with a filter chosen, revoked terminals are left out (none of them can be acted upon).
 */
export const FLEET_FILTERS = ['offline', 'printer', 'backlog', 'old-version'] as const
export const FleetFilter = z.enum(FLEET_FILTERS)
export type FleetFilter = z.infer<typeof FleetFilter>

/** The console's alerts, most urgent first: residents get no receipt, then offline, backlog. */
export const FLEET_ALERTS = ['paper-out', 'offline', 'backlog'] as const
export const FleetAlertKind = z.enum(FLEET_ALERTS)
export type FleetAlertKind = z.infer<typeof FleetAlertKind>

/** A terminal offline longer than this is an alert (and the `offline` filter). */
export const OFFLINE_ALERT_MS = 10 * 60_000
/** Entries waiting in a terminal's outbox longer than this are an alert: it is not draining. */
export const BACKLOG_ALERT_MS = 15 * 60_000

/** A page of the list unless the console asks for another size (at most FLEET_PAGE_MAX). */
export const FLEET_PAGE_SIZE = 50
export const FLEET_PAGE_MAX = 200
/** The terminals of each alert kind listed by name above the list; the rest are counted. */
export const FLEET_ALERTS_LISTED = 20

/**
 * `GET /api/admin/terminals?filter=offline,printer&hall=…&q=…&offset=0&limit=50`: the centre
 * filters and pages (at 10,000 terminals the whole list was too slow to read every 5 s).
 */
export const TerminalListQuery = z.object({
  /** Comma-separated FLEET_FILTERS; all must hold. */
  filter: z
    .string()
    .max(100)
    .optional()
    .transform((s, ctx) => {
      const parts = (s ?? '').split(',').filter((x) => x !== '')
      const ok = parts.every((x) => (FLEET_FILTERS as readonly string[]).includes(x))
      if (!ok) ctx.addIssue({ code: 'custom', message: 'unknown filter' })
      return [...new Set(parts)] as FleetFilter[]
    }),
  /** Only this hall's terminals. */
  hall: z.string().min(1).max(100).optional(),
  /** Terminals whose name contains this (case-insensitive). */
  q: z.string().min(1).max(100).optional(),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(FLEET_PAGE_MAX).default(FLEET_PAGE_SIZE),
})
export type TerminalListQuery = z.infer<typeof TerminalListQuery>

/** How many terminals (of the hall and search asked for) each filter would show alone. */
export const FleetCounts = z.object({
  /** Every terminal, revoked ones too. */
  all: z.number().int().min(0),
  offline: z.number().int().min(0),
  printer: z.number().int().min(0),
  backlog: z.number().int().min(0),
  'old-version': z.number().int().min(0),
})
export type FleetCounts = z.infer<typeof FleetCounts>

export const FleetAlert = z.object({ kind: FleetAlertKind, terminal: TerminalView })
export type FleetAlert = z.infer<typeof FleetAlert>

export const TerminalListResponse = z.object({
  /** The page: by hall, then name. */
  terminals: z.array(TerminalView),
  /** How many match the query (the pages together). */
  total: z.number().int().min(0),
  offset: z.number().int().min(0),
  limit: z.number().int().min(1),
  counts: FleetCounts,
  /** Every hall with a terminal, for the hall chooser. */
  halls: z.array(z.string()),
  /** The whole fleet's alerts (not only the page's): up to FLEET_ALERTS_LISTED of each kind. */
  alerts: z.array(FleetAlert),
  alertCounts: z.object({
    'paper-out': z.number().int().min(0),
    offline: z.number().int().min(0),
    backlog: z.number().int().min(0),
  }),
})
export type TerminalListResponse = z.infer<typeof TerminalListResponse>

export const TerminalResponse = z.object({ terminal: TerminalView })
export type TerminalResponse = z.infer<typeof TerminalResponse>
