import { z } from 'zod'
import { API_V1 } from '../../../common/applications/api'
import {
  FollowUpActionBodies,
  FollowUpActionParams,
  FollowUpListQuery,
  FollowUpParams,
  StatsQuery,
} from '../../../common/supervision/api'
import type { PinoLogger as Logger } from '../../../node-common/logger'
import type { CaseWorkStore } from '../cases/store'
import { staffAuth } from '../http/auth'
import { applicationsDialect, SMALL_BODY_BYTES, validate } from '../http/body'
import { HttpError, sendJson as send } from '../http/errors'
import { route, type AnyRoute } from '../http/router'
import type { StaffStore, UserRecord } from '../store/types'
import type { FollowUpAction, FollowUpClock } from './followup-machine'
import type { FollowUpView, Supervision } from './service'
import type { FollowUpRow } from './store'

/*
 * The supervisor's API under /api/v1/supervision (docs/back-office.md, "Supervision"): the
 * 好差评 follow-up tasks (list, view, verify → rectify → close) and the statistics by item,
 * hall and clerk. A supervisor's staff session only: clerks and admins 403, terminals and no
 * or expired sessions 401. Opening a task shows the resident's comment, so it is audited; each
 * action is kept in the task's history with who and when. The comment never reaches the log.
 */

export interface SupervisionApiDeps {
  store: StaffStore
  supervision: Supervision
  audit: Pick<CaseWorkStore, 'appendAudit'>
  log: Logger
  now: () => number
}

const AnyObject = z.record(z.string(), z.unknown())
const CHINA_OFFSET_MS = 8 * 3600_000
const DAY_MS = 86_400_000
const dayStart = (date: string) => Date.parse(`${date}T00:00:00Z`) - CHINA_OFFSET_MS
const iso = (ms: number) => new Date(ms).toISOString()

const encodeCursor = (c: { key: string; ratingId: string }) =>
  Buffer.from(JSON.stringify([c.key, c.ratingId])).toString('base64url')
function decodeCursor(s: string): { key: string; ratingId: string } {
  try {
    const [key, ratingId] = JSON.parse(Buffer.from(s, 'base64url').toString()) as unknown[]
    if (typeof key === 'string' && typeof ratingId === 'string') return { key, ratingId }
  } catch {
    // fall through
  }
  throw new HttpError(400, 'invalid_body', [{ path: 'cursor', message: 'not a cursor' }])
}

function summary(row: Omit<FollowUpRow, 'commentSealed'>, clock: FollowUpClock) {
  return {
    ratingId: row.ratingId,
    caseNumber: row.caseNumber,
    itemCode: row.itemCode,
    hall: row.hall,
    level: row.level,
    reasons: row.reasons,
    openedAt: iso(row.openedAt),
    status: row.status,
    upheld: row.upheld,
    outcome: row.outcome,
    closedAt: row.closedAt === null ? null : iso(row.closedAt),
    clock,
  }
}

const detail = (v: FollowUpView) => ({
  ...summary(v.row, v.clock),
  comment: v.comment,
  history: v.history.map((e) => ({ ...e, at: iso(e.at) })),
})

export function createSupervisionApi(deps: SupervisionApiDeps): AnyRoute[] {
  const { supervision, log, now } = deps
  const supervisor = staffAuth({ store: deps.store, now, roles: ['supervisor'] })
  const base = `${API_V1}/supervision`
  const one = `${base}/follow-ups/:ratingId`
  const audited = (u: UserRecord, action: string, detailText: string, caseNumber: string | null) =>
    deps.audit.appendAudit({
      at: now(),
      userId: u.id,
      userName: u.displayName,
      action,
      caseNumber,
      detail: detailText,
    })

  return [
    route({
      method: 'GET',
      path: `${base}/follow-ups`,
      auth: supervisor,
      query: FollowUpListQuery,
      async handler({ res, query }) {
        const page = await supervision.list(
          query.state === 'open',
          query.limit,
          query.cursor ? decodeCursor(query.cursor) : undefined,
        )
        const at = now()
        send(res, 200, {
          rows: page.rows.map(({ commentSealed: _c, ...row }) => {
            void _c
            return summary(row, supervision.clockOf(row, at))
          }),
          next: page.next ? encodeCursor(page.next) : null,
        })
      },
    }),
    route({
      method: 'GET',
      path: one,
      auth: supervisor,
      params: FollowUpParams,
      async handler({ res, caller, params }) {
        const v = await supervision.view(params.ratingId, now())
        if (!v) throw new HttpError(404, 'not_found')
        // The comment is the resident's own words: who read it is kept.
        await audited(caller, 'follow-up-read', `rating ${params.ratingId}`, v.row.caseNumber)
        send(res, 200, detail(v))
      },
    }),
    route({
      method: 'POST',
      path: `${one}/actions/:action`,
      auth: supervisor,
      params: FollowUpActionParams,
      body: { schema: AnyObject, limit: SMALL_BODY_BYTES },
      async handler({ res, caller, params, body }) {
        // The shared body check (bounded issues that never echo the client's keys or values).
        const parsed = validate(body, FollowUpActionBodies[params.action], applicationsDialect)
        const action = { type: params.action, ...parsed } as FollowUpAction
        const r = await supervision.act(
          params.ratingId,
          action,
          { kind: 'staff', id: caller.id, name: caller.displayName, role: caller.role },
          now(),
        )
        if (!r.ok) {
          const f = r.refusal
          if (f.code === 'missing') throw new HttpError(404, 'not_found')
          if (f.code === 'actor') throw new HttpError(403, 'forbidden')
          if (f.code === 'wrong-status') throw new HttpError(409, 'invalid_transition')
          throw new HttpError(409, 'rule_broken', [{ path: 'rule', message: f.rule }])
        }
        await audited(
          caller,
          `follow-up-${params.action}`,
          `rating ${params.ratingId} → ${r.view.row.status}`,
          r.view.row.caseNumber,
        )
        log.info(
          {
            by: caller.id,
            ratingId: params.ratingId,
            action: params.action,
            to: r.view.row.status,
          },
          'follow-up action',
        )
        send(res, 200, detail(r.view))
      },
    }),
    route({
      method: 'GET',
      path: `${base}/stats`,
      auth: supervisor,
      query: StatsQuery,
      async handler({ res, query }) {
        if (query.from && query.to && query.from > query.to)
          throw new HttpError(400, 'invalid_body', [
            { path: 'to', message: 'from must not be after to' },
          ])
        const rows = await supervision.stats(
          query.by,
          now(),
          query.from ? dayStart(query.from) : undefined,
          query.to ? dayStart(query.to) + DAY_MS : undefined,
        )
        send(res, 200, {
          by: query.by,
          from: query.from ?? null,
          to: query.to ?? null,
          rows: rows.map((r) => ({
            ...r,
            satisfaction: r.ratings === 0 ? null : r.satisfied / r.ratings,
          })),
        })
      },
    }),
  ]
}
