import type { LocalizedText } from '../../../../common/domain/catalog'
import {
  FollowUpDetail,
  FollowUpList,
  StatsResponse,
  type FollowUpActionType,
  type StatsDimension,
} from '../../../../common/supervision/api'
import { adminRequest, type AdminAnswer } from '../admin-api'
import { fetchCentreItems } from '../categories'

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

/** The centre's item names by code (GET /api/v1/catalog), for the statistics' rows. */
export async function fetchItemNames(serverUrl: string): Promise<Map<string, LocalizedText>> {
  return new Map((await fetchCentreItems(serverUrl)).map((i) => [i.code, i.name]))
}
