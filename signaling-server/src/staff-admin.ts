import { z } from 'zod'
import { CreateStaffRequest, Id, UpdateStaffRequest, type StaffView } from '../../common/signaling'
import { createUser, hashPassword, newGroupedCode } from './auth'
import { adminAuth } from './http/auth'
import { SIGNALING_BODY_BYTES, signalingDialect } from './http/body'
import { HttpError, sendJson } from './http/errors'
import { route, type AnyRoute } from './http/router'
import type { PinoLogger as Logger } from '../../node-common/logger'
import type { StaffStore, UserRecord } from './store/types'

/*
 * Staff management for admins (docs/signaling-protocol.md, "Staff management"): list, add,
 * change (name, role, categories), disable and re-enable, reset a password. A disabled account
 * and a reset password end the account's sessions at once; any change also closes its open
 * console sockets (`endSockets`), so a console reconnects with what the account now may do.
 */

/** 12 characters in three groups of four from 31 unambiguous ones: about 59 bits. */
export const newStaffPassword = (): string => newGroupedCode('abcdefghjkmnpqrstuvwxyz23456789')

export function staffView(u: UserRecord): StaffView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    categories: u.categories,
    disabledAt: u.disabledAt,
    createdAt: u.createdAt,
  }
}

const IdParams = z.object({ id: Id })

export function staffAdminRoutes(deps: {
  store: StaffStore
  log: Logger
  now: () => number
  /** Closes every open console socket of the account. */
  endSockets(userId: string): void
}): AnyRoute[] {
  const { store, log, now } = deps
  const auth = adminAuth({ store, now })
  const body = { limit: SIGNALING_BODY_BYTES }
  const dialect = signalingDialect

  async function existing(id: string): Promise<UserRecord> {
    const user = await store.getUser(id)
    if (!user) throw new HttpError(404, 'not_found')
    return user
  }
  async function save(user: UserRecord, endSessions: boolean): Promise<void> {
    if (!(await store.updateUser(user))) throw new HttpError(404, 'not_found')
    if (endSessions) await store.deleteSessionsOfUser(user.id)
    deps.endSockets(user.id)
  }

  return [
    route({
      method: 'GET',
      path: '/api/admin/staff',
      auth,
      async handler({ res }) {
        sendJson(res, 200, { staff: (await store.listUsers()).map(staffView) })
      },
    }),
    route({
      method: 'POST',
      path: '/api/admin/staff',
      auth,
      body: { ...body, schema: CreateStaffRequest },
      dialect,
      async handler({ res, caller, body }) {
        if (await store.getUserByUsername(body.username)) throw new HttpError(409, 'username_taken')
        const password = newStaffPassword()
        const user = await createUser(store, { ...body, password }, now()).catch(async (err) => {
          // Two admins adding the same name at once: the store's unique username decides.
          if (await store.getUserByUsername(body.username))
            throw new HttpError(409, 'username_taken')
          throw err
        })
        log.info({ by: caller.id, userId: user.id, role: user.role }, 'staff account added')
        sendJson(res, 201, { staff: staffView(user), password })
      },
    }),
    route({
      method: 'PATCH',
      path: '/api/admin/staff/:id',
      auth,
      params: IdParams,
      body: { ...body, schema: UpdateStaffRequest },
      dialect,
      async handler({ res, caller, params, body }) {
        const user = await existing(params.id)
        if (user.id === caller.id && body.role && body.role !== 'admin')
          throw new HttpError(409, 'own_account')
        const changed: UserRecord = {
          ...user,
          ...(body.displayName ? { displayName: body.displayName } : {}),
          ...(body.role ? { role: body.role } : {}),
          ...(body.categories ? { categories: body.categories } : {}),
        }
        await save(changed, false)
        log.info({ by: caller.id, userId: user.id, fields: Object.keys(body) }, 'staff changed')
        sendJson(res, 200, { staff: staffView(changed) })
      },
    }),
    route({
      method: 'POST',
      path: '/api/admin/staff/:id/disable',
      auth,
      params: IdParams,
      async handler({ res, caller, params }) {
        if (params.id === caller.id) throw new HttpError(409, 'own_account')
        const user = await existing(params.id)
        const changed = { ...user, disabledAt: user.disabledAt ?? now() }
        await save(changed, true)
        log.info({ by: caller.id, userId: user.id }, 'staff account disabled')
        sendJson(res, 200, { staff: staffView(changed) })
      },
    }),
    route({
      method: 'POST',
      path: '/api/admin/staff/:id/enable',
      auth,
      params: IdParams,
      async handler({ res, caller, params }) {
        const user = await existing(params.id)
        const changed = { ...user, disabledAt: null }
        await save(changed, false)
        log.info({ by: caller.id, userId: user.id }, 'staff account enabled')
        sendJson(res, 200, { staff: staffView(changed) })
      },
    }),
    route({
      method: 'POST',
      path: '/api/admin/staff/:id/reset-password',
      auth,
      params: IdParams,
      async handler({ res, caller, params }) {
        const user = await existing(params.id)
        const password = newStaffPassword()
        const changed = { ...user, passwordHash: await hashPassword(password) }
        await save(changed, true)
        log.info({ by: caller.id, userId: user.id }, 'staff password reset')
        sendJson(res, 200, { staff: staffView(changed), password })
      },
    }),
  ]
}
