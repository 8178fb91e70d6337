import {
  FLEET_FILTERS,
  FLEET_PAGE_SIZE,
  type FleetFilter,
  type TerminalView,
} from '../../../../common/signaling'

/*
 * What the fleet console asks the centre for (docs/fleet.md): the chosen filters (a terminal
 * shows when it matches all of them), a hall, a name search, and a page. The centre filters,
 * counts and pages (signaling-server/src/store/fleet-query.ts); the console only groups the
 * page it got by hall.
 */
export { FLEET_FILTERS, type FleetFilter }

export interface FleetView {
  filters: ReadonlySet<FleetFilter>
  hall: string | null
  search: string
  offset: number
}

export const FIRST_PAGE: FleetView = { filters: new Set(), hall: null, search: '', offset: 0 }

/** `GET /api/admin/terminals?…` for the view: only what is set, filters in a fixed order. */
export function fleetListPath(v: FleetView, limit = FLEET_PAGE_SIZE): string {
  const q = new URLSearchParams()
  const filters = FLEET_FILTERS.filter((f) => v.filters.has(f))
  if (filters.length) q.set('filter', filters.join(','))
  if (v.hall !== null) q.set('hall', v.hall)
  const search = v.search.trim()
  if (search) q.set('q', search.slice(0, 100))
  if (v.offset > 0) q.set('offset', String(v.offset))
  q.set('limit', String(limit))
  return `/api/admin/terminals?${q.toString()}`
}

/** The page's terminals grouped by hall, in the centre's order (by hall, then name). */
export function groupByHall(
  terminals: readonly TerminalView[],
): { hall: string; terminals: TerminalView[] }[] {
  const halls = new Map<string, TerminalView[]>()
  for (const t of terminals) {
    const list = halls.get(t.hall) ?? []
    list.push(t)
    halls.set(t.hall, list)
  }
  return [...halls].map(([hall, list]) => ({ hall, terminals: list }))
}
