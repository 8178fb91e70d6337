import type { Presence, QueueOverview } from '../../common/signaling'

/** What the overview is computed from: the live queues and the clerks connected right now. */
export interface OverviewInput {
  /** Per category, when each waiting resident joined (epoch ms). */
  waiting: Map<string, number[]>
  /** Connected clerks only. */
  clerks: { categories: readonly string[]; presence: Presence }[]
}

/**
 * The supervisors' view of the queues, per category in name order: waiting count, the oldest
 * join time, and clerks online / free / in a call. Categories appear when someone waits or a
 * clerk of theirs is online; the console fills in the catalog's other categories with zeros.
 */
export function buildOverview(input: OverviewInput): QueueOverview {
  const categories = new Set<string>()
  for (const [category, joined] of input.waiting) if (joined.length) categories.add(category)
  for (const c of input.clerks) for (const category of c.categories) categories.add(category)
  return {
    categories: [...categories].sort().map((category) => {
      const joined = input.waiting.get(category) ?? []
      const mine = input.clerks.filter((c) => c.categories.includes(category))
      return {
        category,
        waiting: joined.length,
        longestWaitingSince: joined.length ? Math.min(...joined) : null,
        clerksOnline: mine.length,
        clerksAvailable: mine.filter((c) => c.presence === 'available').length,
        clerksBusy: mine.filter((c) => c.presence === 'busy').length,
      }
    }),
  }
}
