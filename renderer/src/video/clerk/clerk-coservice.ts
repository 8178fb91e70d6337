import {
  PAGE_LIMITS,
  type ActionOutcome,
  type ActionRefusal,
  type ClerkAction,
  type CoServiceOutcomeEvent,
  type CoServicePageEvent,
  type Mirror,
} from '../../../../common/signaling'

/**
 * Co-service on the console: 查看申请 sent, the resident's answer, and while sharing the
 * latest mirror. Kept in memory only and dropped when sharing or the call ends.
 */
export type ConsoleCoService =
  | { state: 'idle' | 'asking' | 'declined' | 'withdrawn' }
  | {
      state: 'sharing'
      seq: number
      mirror: Mirror | null
      /** Kept pages as blob URLs (`material:page` → URL), revoked when sharing ends. */
      pages: Record<string, string>
      /** The clerk's actions under this consent, newest last, with what became of them. */
      actions: SentAction[]
    }

/** One action the clerk sent, as the console shows it. */
export interface SentAction {
  actionId: string
  action: ClerkAction
  /** Pending until the kiosk answers; a proposal answers per field. */
  outcome: ActionOutcome | 'pending'
  reason?: ActionRefusal
  fields?: Record<string, ActionOutcome>
  card?: { name: string; idNumber: string }
}

export const sharing = (): Extract<ConsoleCoService, { state: 'sharing' }> => ({
  state: 'sharing',
  seq: 0,
  mirror: null,
  pages: {},
  actions: [],
})

/** At most this many actions listed (the oldest scroll away). */
export const LISTED_ACTIONS = 30

export const newActionId = (): string =>
  `a_${Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => (b % 36).toString(36)).join('')}`

/** The list with the kiosk's answer applied (a proposal is answered field by field). */
export function withOutcome(actions: SentAction[], ev: CoServiceOutcomeEvent): SentAction[] {
  return actions.map((a) => {
    if (a.actionId !== ev.actionId) return a
    if (ev.path) {
      const fields = { ...a.fields, [ev.path]: ev.outcome }
      const all = a.action.kind === 'propose' && a.action.fields.every((f) => fields[f.path])
      return { ...a, fields, outcome: all ? ev.outcome : a.outcome }
    }
    return {
      ...a,
      outcome: ev.outcome,
      ...(ev.reason ? { reason: ev.reason } : {}),
      ...(ev.card ? { card: ev.card } : {}),
    }
  })
}

/** Puts a kept page together from its pieces; the whole page as a blob URL. */
export class PageAssembler {
  private pieces = new Map<string, { chunks: number; data: string[]; mediaType: string }>()

  /** The page's URL once this was its last missing piece, else null. */
  add(ev: CoServicePageEvent): string | null {
    const key = `${ev.materialId}:${ev.page}`
    let p = this.pieces.get(key)
    if (!p || p.chunks !== ev.chunks || p.mediaType !== ev.mediaType) {
      p = { chunks: ev.chunks, data: [], mediaType: ev.mediaType }
      this.pieces.set(key, p)
    }
    p.data[ev.chunk] = ev.data
    if (p.data.filter((d) => d !== undefined).length < p.chunks) return null
    this.pieces.delete(key)
    const bin = atob(p.data.join(''))
    if (bin.length > PAGE_LIMITS.pageBytes) return null
    const bytes = Uint8Array.from(bin, (ch) => ch.charCodeAt(0))
    return URL.createObjectURL(new Blob([bytes], { type: p.mediaType }))
  }

  clear(): void {
    this.pieces.clear()
  }
}
