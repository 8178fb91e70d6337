import { z } from 'zod'
import {
  HEALTH_HISTORY_MS,
  Id,
  type TerminalHealth,
  type TerminalView,
} from '../../common/signaling'
import { staffAuth } from './http/auth'
import { HttpError, sendJson } from './http/errors'
import { route, type AnyRoute } from './http/router'
import type { PinoLogger as Logger } from '../../node-common/logger'
import type {
  HealthRecord,
  HealthStore,
  StaffStore,
  TerminalRecord,
  TerminalStore,
} from './store/types'

/*
 * Terminals for admins and technicians (docs/signaling-protocol.md, "Terminals"): the list,
 * online or not, with its latest health report; a terminal's health history; revoking one. A revoked terminal's sockets are closed at once and its
 * credential and signaling tokens are refused from then on (the handshake, terminalAuth and
 * terminal-token.ts all check `revokedAt`).
 */

const IdParams = z.object({ id: Id })

const healthView = (h: HealthRecord): TerminalHealth => ({ ...h.report, receivedAt: h.receivedAt })

function view(
  t: TerminalRecord,
  online: ReadonlySet<string>,
  health: HealthRecord | undefined,
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
      async handler({ res }) {
        const online = await deps.onlineTerminals()
        await deps.flushHealth()
        const [terminals, latest] = await Promise.all([
          store.listTerminals(),
          store.listLatestHealth(),
        ])
        const health = new Map(latest.map((h) => [h.terminalId, h]))
        sendJson(res, 200, {
          terminals: terminals.map((t) => view(t, online, health.get(t.id))),
        })
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
        const health = (await store.listLatestHealth()).find((h) => h.terminalId === t.id)
        sendJson(res, 200, { terminal: view(t, await deps.onlineTerminals(), health) })
      },
    }),
  ]
}
