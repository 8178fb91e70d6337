import { z } from 'zod'
import { CommandId, Id, IssueCommandRequest, type CommandView } from '../../common/signaling'
import { staffAuth } from './http/auth'
import { SIGNALING_BODY_BYTES, signalingDialect } from './http/body'
import { HttpError, sendJson } from './http/errors'
import { route, type AnyRoute } from './http/router'
import type { Commands } from './realtime/commands'
import { Refusal } from './realtime/errors'
import type { CommandRecord, CommandStore, StaffStore, TerminalStore } from './store/types'

/*
 * Remote commands for admins and technicians (docs/signaling-protocol.md, "Remote commands"):
 * issue one to a terminal, list a terminal's or everyone's, read one with its full output. The
 * list is the audit: who issued what when, and what came of it.
 */

/** The newest this many are listed. */
const LIST_LIMIT = 100

export function commandView(c: CommandRecord, now: number, full = true): CommandView {
  // Not yet marked by the sweep: shown as what it is.
  const expired = (c.state === 'pending' || c.state === 'delivered') && c.expiresAt <= now
  const output = !full && c.output?.kind === 'upload-logs' ? { ...c.output, text: '' } : c.output
  return {
    id: c.id,
    terminalId: c.terminalId,
    kind: c.kind,
    state: expired ? 'expired' : c.state,
    issuedBy: { id: c.issuedBy, displayName: c.issuedByName },
    issuedAt: c.issuedAt,
    expiresAt: c.expiresAt,
    deliveredAt: c.deliveredAt,
    finishedAt: expired ? c.expiresAt : c.finishedAt,
    error: c.error,
    output,
  }
}

export function commandAdminRoutes(deps: {
  store: CommandStore & TerminalStore & StaffStore
  now: () => number
  /** The realtime side (created after the routes, so read when a request comes). */
  commands: () => Commands
}): AnyRoute[] {
  const { store, now } = deps
  const auth = staffAuth({ store, now, roles: ['admin', 'technician'] })
  const list = async (terminalId?: string) => {
    await deps.commands().expire()
    const rows = await store.listCommands({
      ...(terminalId ? { terminalId } : {}),
      limit: LIST_LIMIT,
    })
    const at = now()
    return { commands: rows.map((c) => commandView(c, at, false)) }
  }
  return [
    route({
      method: 'POST',
      path: '/api/admin/terminals/:id/commands',
      auth,
      params: z.object({ id: Id }),
      body: { limit: SIGNALING_BODY_BYTES, schema: IssueCommandRequest },
      dialect: signalingDialect,
      async handler({ res, caller, params, body }) {
        const terminal = await store.getTerminal(params.id)
        // A revoked terminal can no longer connect: nothing would ever run.
        if (!terminal || terminal.revokedAt !== null) throw new HttpError(404, 'not_found')
        try {
          const rec = await deps.commands().issue(caller, terminal.id, body.kind)
          sendJson(res, 201, { command: commandView(rec, now()) })
        } catch (err) {
          if (err instanceof Refusal && err.code === 'rate_limited')
            throw new HttpError(429, 'rate_limited')
          throw err
        }
      },
    }),
    route({
      method: 'GET',
      path: '/api/admin/terminals/:id/commands',
      auth,
      params: z.object({ id: Id }),
      async handler({ res, params }) {
        if (!(await store.getTerminal(params.id))) throw new HttpError(404, 'not_found')
        sendJson(res, 200, await list(params.id))
      },
    }),
    route({
      method: 'GET',
      path: '/api/admin/commands',
      auth,
      async handler({ res }) {
        sendJson(res, 200, await list())
      },
    }),
    route({
      method: 'GET',
      path: '/api/admin/commands/:id',
      auth,
      params: z.object({ id: CommandId }),
      async handler({ res, params }) {
        const c = await store.getCommand(params.id)
        if (!c) throw new HttpError(404, 'not_found')
        sendJson(res, 200, { command: commandView(c, now()) })
      },
    }),
  ]
}
