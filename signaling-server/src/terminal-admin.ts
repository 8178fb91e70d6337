import { z } from 'zod'
import { Id, type TerminalView } from '../../common/signaling'
import { staffAuth } from './http/auth'
import { HttpError, sendJson } from './http/errors'
import { route, type AnyRoute } from './http/router'
import type { PinoLogger as Logger } from '../../node-common/logger'
import type { StaffStore, TerminalRecord, TerminalStore } from './store/types'

/*
 * Terminals for admins and technicians (docs/signaling-protocol.md, "Terminals"): the list,
 * online or not, and revoking one. A revoked terminal's sockets are closed at once and its
 * credential and signaling tokens are refused from then on (the handshake, terminalAuth and
 * terminal-token.ts all check `revokedAt`).
 */

const IdParams = z.object({ id: Id })

function view(t: TerminalRecord, online: ReadonlySet<string>): TerminalView {
  return {
    id: t.id,
    name: t.name,
    hall: t.hall,
    createdAt: t.createdAt,
    revokedAt: t.revokedAt,
    online: online.has(t.id),
    lastSeenAt: t.lastSeenAt,
  }
}

export function terminalAdminRoutes(deps: {
  store: TerminalStore & StaffStore
  log: Logger
  now: () => number
  /** Ids of the terminals with a socket on this node now. */
  onlineTerminals(): ReadonlySet<string>
  /** Closes every socket of the terminal on this node. */
  endTerminalSockets(terminalId: string): void
}): AnyRoute[] {
  const { store, log, now } = deps
  const auth = staffAuth({ store, now, roles: ['admin', 'technician'] })
  return [
    route({
      method: 'GET',
      path: '/api/admin/terminals',
      auth,
      async handler({ res }) {
        const online = deps.onlineTerminals()
        sendJson(res, 200, { terminals: (await store.listTerminals()).map((t) => view(t, online)) })
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
        sendJson(res, 200, { terminal: view(t, deps.onlineTerminals()) })
      },
    }),
  ]
}
