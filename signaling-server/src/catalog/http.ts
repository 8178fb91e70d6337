import { z } from 'zod'
import {
  CatalogDraftRequest,
  type CatalogPublishResponse,
  type CatalogVersionsResponse,
} from '../../../common/catalog/publishing'
import { adminAuth } from '../http/auth'
import { signalingDialect } from '../http/body'
import { HttpError, sendJson } from '../http/errors'
import { route, type AnyRoute } from '../http/router'
import type { PinoLogger as Logger } from '../../../node-common/logger'
import type { StaffStore, UserRecord } from '../store/types'
import type { CatalogService } from './service'

/** A catalog as JSON: the sample is ~110 KB; room for a county's full list. */
export const CATALOG_BODY_BYTES = 4 * 1024 * 1024

const VersionParam = z.object({ version: z.string().regex(/^\d{4}\.\d{2}\.\d{1,6}$/) })
const by = (u: UserRecord) => ({ id: u.id, name: u.displayName })

/**
 * Catalog publishing for admins (docs/catalog.md, "Publishing"): the versions, one version's
 * content, the check of a draft (issues, or the difference against the version in force),
 * publish and restore. Every other role is refused (403), without a session 401.
 */
export function catalogAdminRoutes(deps: {
  store: StaffStore
  catalogs: CatalogService
  log: Logger
  now: () => number
}): AnyRoute[] {
  const { catalogs } = deps
  const auth = adminAuth({ store: deps.store, now: deps.now })
  const draft = { schema: CatalogDraftRequest, limit: CATALOG_BODY_BYTES }
  const dialect = signalingDialect
  return [
    route({
      method: 'GET',
      path: '/api/admin/catalog/versions',
      auth,
      async handler({ res }) {
        const answer: CatalogVersionsResponse = { versions: await catalogs.versions() }
        sendJson(res, 200, answer)
      },
    }),
    route({
      method: 'GET',
      path: '/api/admin/catalog/versions/:version',
      auth,
      params: VersionParam,
      async handler({ res, params }) {
        const body = await catalogs.content(params.version)
        if (body === null) throw new HttpError(404, 'not_found')
        res.writeHead(200, {
          'content-type': 'application/json; charset=utf-8',
          'cache-control': 'no-store',
        })
        res.end(body)
      },
    }),
    route({
      method: 'POST',
      path: '/api/admin/catalog/check',
      auth,
      body: draft,
      dialect,
      handler({ res, body }) {
        sendJson(res, 200, catalogs.check(body.catalog))
      },
    }),
    route({
      method: 'POST',
      path: '/api/admin/catalog/publish',
      auth,
      body: draft,
      dialect,
      async handler({ res, caller, body }) {
        const outcome = await catalogs.publish(body.catalog, by(caller))
        if (!outcome.ok)
          throw new HttpError(
            422,
            'invalid_catalog',
            outcome.issues.map((i) => ({
              path: i.entry ? `${i.entry.kind} ${i.entry.code} · ${i.field}` : i.field,
              message: i.problem,
            })),
          )
        const answer: CatalogPublishResponse = { published: outcome.published }
        sendJson(res, 201, answer)
      },
    }),
    route({
      method: 'POST',
      path: '/api/admin/catalog/versions/:version/restore',
      auth,
      params: VersionParam,
      async handler({ res, caller, params }) {
        const published = await catalogs.restore(params.version, by(caller))
        if (!published) throw new HttpError(404, 'not_found')
        const answer: CatalogPublishResponse = { published }
        sendJson(res, 201, answer)
      },
    }),
  ]
}
