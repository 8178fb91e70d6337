import { z } from 'zod'
import { LocalizedText } from '../../../../common/domain/catalog'
import {
  FollowUpDetail,
  FollowUpList,
  StatsResponse,
  type FollowUpActionType,
  type StatsDimension,
} from '../../../../common/supervision/api'
import { adminRequest, type AdminAnswer } from '../admin-api'

/*
 * The supervisor console's calls of /api/v1/supervision (docs/back-office.md, "Supervision"),
 * each answer validated by the shared schemas; errors come back as the centre's code.
 */

const base = '/api/v1/supervision'

export function fetchStats(
  serverUrl: string,
  token: string,
  q: { by: StatsDimension; from?: string; to?: string },
): Promise<AdminAnswer<StatsResponse>> {
  const params = new URLSearchParams({ by: q.by })
  if (q.from) params.set('from', q.from)
  if (q.to) params.set('to', q.to)
  return adminRequest(serverUrl, token, 'GET', `${base}/stats?${params}`, StatsResponse)
}

export const fetchFollowUps = (serverUrl: string, token: string, state: 'open' | 'closed') =>
  adminRequest(serverUrl, token, 'GET', `${base}/follow-ups?state=${state}&limit=100`, FollowUpList)

export const fetchFollowUp = (serverUrl: string, token: string, ratingId: string) =>
  adminRequest(serverUrl, token, 'GET', `${base}/follow-ups/${ratingId}`, FollowUpDetail)

export const followUpAction = (
  serverUrl: string,
  token: string,
  ratingId: string,
  type: FollowUpActionType,
  body: Record<string, unknown>,
) =>
  adminRequest(
    serverUrl,
    token,
    'POST',
    `${base}/follow-ups/${ratingId}/actions/${type}`,
    FollowUpDetail,
    body,
  )

const CatalogItems = z.object({
  items: z.array(z.object({ code: z.string(), name: LocalizedText })).max(2000),
})

/** The centre's item names by code (GET /api/v1/catalog), for the statistics' rows. */
export async function fetchItemNames(serverUrl: string): Promise<Map<string, LocalizedText>> {
  const res = await fetch(`${serverUrl}/api/v1/catalog`, {
    headers: { accept: 'application/json' },
  })
  if (!res.ok) throw new Error(`catalog: http ${res.status}`)
  return new Map(CatalogItems.parse(await res.json()).items.map((i) => [i.code, i.name]))
}
