import { z } from 'zod'
import {
  FLEET_ALERTS,
  FLEET_ALERTS_LISTED,
  HEALTH_HISTORY_MS,
  Id,
  TerminalListQuery,
  type TerminalHealth,
  type TerminalListResponse,
  type TerminalView,
} from '../../common/signaling'
import { staffAuth } from './http/auth'
import { HttpError, sendJson } from './http/errors'
import { route, type AnyRoute } from './http/router'
import type { PinoLogger as Logger } from '../../node-common/logger'
import type {
  FleetRow,
  HealthRecord,
  HealthStore,
  StaffStore,
  TerminalRecord,
  TerminalStore,
} from './store/types'

/*
 * Terminals for admins and technicians (docs/signaling-protocol.md, "Terminals"): the list,
 * filtered and paged by the store, online or not, with each one's latest health report; a
 * terminal's health history; revoking one. A revoked terminal's sockets are closed at once and its
 * credential and signaling tokens are refused from then on (the handshake, terminalAuth and
 * terminal-token.ts all check `revokedAt`).
 */

const IdParams = z.object({ id: Id })

const healthView = (h: HealthRecord): TerminalHealth => ({ ...h.report, receivedAt: h.receivedAt })

/**
 * One page of the fleet list with the filter buttons' counts and the whole fleet's alerts, all
 * answered by the store's queries (no report of a terminal off the page is read).
 */
async function fleetList(
  store: HealthStore,
  query: TerminalListQuery,
  online: ReadonlySet<string>,
  now: number,
): Promise<TerminalListResponse> {
  const ids = [...online]
  const scope = {
    now,
    online: ids,
    ...(query.hall !== undefined ? { hall: query.hall } : {}),
    ...(query.q !== undefined ? { search: query.q } : {}),
  }
  const asViews = (rows: FleetRow[]) => rows.map((r) => view(r.terminal, online, r.health))
  const scoped = scope.hall !== undefined || scope.search !== undefined
  const [counts, whole] = await Promise.all([
    store.countFleet(scope),
    // The alerts are the fleet's, whatever the console's hall or search.
    scoped ? store.countFleet({ now, online: ids }) : null,
  ]).then(([c, w]) => [c, w ?? c] as const)
  const conditions = query.filter
  // One filter or none: the counts already say how many match.
  const total =
    conditions.length === 0
      ? counts.all
      : conditions.length === 1
        ? counts[conditions[0]!]
        : store.countMatching({ ...scope, conditions })
  const [page, matching, halls, ...alerts] = await Promise.all([
    store.listFleet({ ...scope, conditions, offset: query.offset, limit: query.limit }),
    total,
    store.listHalls(),
    // A kind with none is not looked for.
    ...FLEET_ALERTS.map((kind) =>
      whole[kind] === 0
        ? []
        : store.listFleet({
            now,
            online: ids,
            conditions: [kind],
            offset: 0,
            limit: FLEET_ALERTS_LISTED,
          }),
    ),
  ])
  return {
    terminals: asViews(page),
    total: matching,
    offset: query.offset,
    limit: query.limit,
    counts: {
      all: counts.all,
      offline: counts.offline,
      printer: counts.printer,
      backlog: counts.backlog,
      'old-version': counts['old-version'],
    },
    halls,
    alerts: FLEET_ALERTS.flatMap((kind, i) =>
      asViews(alerts[i]!).map((terminal) => ({ kind, terminal })),
    ),
    alertCounts: {
      'paper-out': whole['paper-out'],
      offline: whole.offline,
      backlog: whole.backlog,
    },
  }
}

function view(
  t: TerminalRecord,
  online: ReadonlySet<string>,
  health: HealthRecord | null,
): TerminalView {
  return {
    id: t.id,
    name: t.name,
    hall: t.hall,
    createdAt: t.createdAt,
    revokedAt: t.revokedAt,
    online: online.has(t.id),
    lastSeenAt: t.lastSeenAt,
    health: health ? healthView(health) : null,
  }
}

export function terminalAdminRoutes(deps: {
  store: TerminalStore & StaffStore & HealthStore
  log: Logger
  now: () => number
  /** Ids of the terminals with a socket now (on any node of a cluster). */
  onlineTerminals(): ReadonlySet<string> | Promise<ReadonlySet<string>>
  /** Closes every socket of the terminal (on whichever node holds it). */
  endTerminalSockets(terminalId: string): void
  /** Writes the health reports this node has taken but not yet stored (they are batched). */
  flushHealth(): Promise<void>
}): AnyRoute[] {
  const { store, log, now } = deps
  const auth = staffAuth({ store, now, roles: ['admin', 'technician'] })
  return [
    route({
      method: 'GET',
      path: '/api/admin/terminals',
      auth,
      query: TerminalListQuery,
      async handler({ res, query }) {
        const online = await deps.onlineTerminals()
        await deps.flushHealth()
        sendJson(res, 200, await fleetList(store, query, online, now()))
      },
    }),
    route({
      method: 'GET',
      path: '/api/admin/terminals/:id/health',
      auth,
      params: IdParams,
      async handler({ res, params }) {
        if (!(await store.getTerminal(params.id))) throw new HttpError(404, 'not_found')
        await deps.flushHealth()
        const samples = await store.listHealthSamples(params.id, now() - HEALTH_HISTORY_MS)
        sendJson(res, 200, { terminalId: params.id, samples: samples.map(healthView) })
      },
    }),
    route({
      method: 'POST',
      path: '/api/admin/terminals/:id/revoke',
      auth,
      params: IdParams,
      async handler({ res, caller, params }) {
        if (!(await store.revokeTerminal(params.id, now()))) throw new HttpError(404, 'not_found')
        deps.endTerminalSockets(params.id)
        const t = await store.getTerminal(params.id)
        if (!t) throw new HttpError(404, 'not_found')
        log.info({ by: caller.id, terminalId: t.id }, 'terminal revoked')
        const health = await store.getLatestHealth(t.id)
        sendJson(res, 200, { terminal: view(t, await deps.onlineTerminals(), health) })
      },
    }),
  ]
}
