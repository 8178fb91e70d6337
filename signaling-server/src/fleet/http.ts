import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { z } from 'zod'
import { ReleaseVersion, RolloutCreate, UpdateReport } from '../../../common/fleet/rollout'
import type { PinoLogger as Logger } from '../../../node-common/logger'
import { adminAuth, terminalAuth } from '../http/auth'
import { SIGNALING_BODY_BYTES, signalingDialect } from '../http/body'
import { HttpError, sendJson } from '../http/errors'
import { route, type AnyRoute } from '../http/router'
import type { StaffStore, TerminalStore } from '../store/types'
import { ARTEFACT_NAME, CHANNEL_FILES, type ReleaseFolder } from './releases'
import type { Rollouts } from './rollouts'

/*
 * Staged updates over HTTP (docs/signaling-protocol.md, "Staged updates"). The feed is for
 * terminals only (their bearer, as every terminal request): electron-updater's generic provider
 * reads `/api/updates/<channel file>` and downloads `/api/updates/v/<version>/<file>`. The
 * rollouts are for admins only.
 */

const ChannelParams = z.object({ file: z.enum(CHANNEL_FILES) })
const ArtefactParams = z.object({ version: ReleaseVersion, name: z.string().regex(ARTEFACT_NAME) })
const IdParams = z.object({ id: z.string().regex(/^ro_[A-Za-z0-9_-]{6,40}$/) })

export function updateRoutes(deps: {
  store: TerminalStore & StaffStore
  rollouts: Rollouts
  releases: ReleaseFolder
  log: Logger
  now: () => number
}): AnyRoute[] {
  const { store, rollouts, releases, log, now } = deps
  const terminal = terminalAuth({
    store,
    log,
    now,
    failures: { burst: 10, perSecond: 0.2 },
    refused: 'update feed refused: bad terminal credential',
  })
  const admin = adminAuth({ store, now })
  const body = { limit: SIGNALING_BODY_BYTES }
  const dialect = signalingDialect

  return [
    route({
      method: 'GET',
      path: '/api/updates/:file',
      auth: terminal,
      params: ChannelParams,
      async handler({ res, caller, params }) {
        const answer = await rollouts.feed(caller, params.file)
        if (!answer) throw new HttpError(404, 'not_found')
        res.writeHead(200, {
          // JSON is YAML: electron-updater's js-yaml reads it as the channel file.
          'content-type': 'text/yaml; charset=utf-8',
          'cache-control': 'no-store',
        })
        res.end(JSON.stringify({ ...answer.info, ...(answer.urgent ? { urgent: true } : {}) }))
      },
    }),
    route({
      method: 'GET',
      path: '/api/updates/v/:version/:name',
      auth: terminal,
      params: ArtefactParams,
      async handler({ res, params }) {
        const path = releases.artefact(params.version, params.name)
        if (!path) throw new HttpError(404, 'not_found')
        const st = await stat(path)
        res.writeHead(200, {
          'content-type': 'application/octet-stream',
          'content-length': String(st.size),
          'cache-control': 'no-store',
        })
        createReadStream(path)
          .on('error', (err) => {
            log.warn({ err, version: params.version }, 'update artefact read failed')
            res.destroy()
          })
          .pipe(res)
      },
    }),
    route({
      method: 'POST',
      path: '/api/updates/report',
      auth: terminal,
      body: { ...body, schema: UpdateReport },
      dialect,
      async handler({ res, caller, body }) {
        await rollouts.updaterReport(caller, body)
        sendJson(res, 200, { ok: true })
      },
    }),
    route({
      method: 'GET',
      path: '/api/admin/rollouts',
      auth: admin,
      async handler({ res }) {
        sendJson(res, 200, await rollouts.list())
      },
    }),
    route({
      method: 'POST',
      path: '/api/admin/rollouts',
      auth: admin,
      body: { ...body, schema: RolloutCreate },
      dialect,
      async handler({ res, caller, body }) {
        sendJson(res, 201, { rollout: await rollouts.create(body, caller.id) })
      },
    }),
    route({
      method: 'GET',
      path: '/api/admin/rollouts/:id',
      auth: admin,
      params: IdParams,
      async handler({ res, params }) {
        sendJson(res, 200, await rollouts.detail(params.id))
      },
    }),
    ...(['halt', 'resume'] as const).map((action) =>
      route({
        method: 'POST',
        path: `/api/admin/rollouts/:id/${action}`,
        auth: admin,
        params: IdParams,
        async handler({ res, caller, params }) {
          const rollout = await rollouts[action](params.id)
          log.info({ by: caller.id, rollout: params.id }, `rollout ${action}`)
          sendJson(res, 200, { rollout })
        },
      }),
    ),
  ]
}
