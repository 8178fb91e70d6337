/**
 * Which node owns the video counter: a lease in Redis that one node holds at a time, renewed
 * well inside its length, with a fencing token (a counter bumped at every take-over) so that a
 * record written by a deposed owner can be told from the current one's. The rule is a small
 * state machine over the backend's answers and an injected clock:
 * - not owning, each tick tries to take the lease (only when nobody holds it);
 * - owning, each tick renews it. An owner that has not renewed for `stepDownMs` (well before
 *   the lease can expire and another node take it) pauses: it does nothing (`serving()` is
 *   false) until a renewal succeeds again. Renewing only extends a lease that still names this
 *   node, so a successful renewal proves nobody else held it meanwhile, and the owner resumes
 *   where it was (an event loop stalled for a few seconds on a starved machine costs a pause,
 *   not a take-over and rebuild). It gives up when the renewal is refused (another node holds
 *   the lease) or when Redis has not confirmed it for a whole `leaseMs` (it may have expired).
 * - the connection to Redis dropped (`suspect`): the owner pauses at once, whatever its clock
 *   says, until a renewal sent after the drop succeeds. A Redis that restarted has lost the
 *   lease, and another node may take it the moment it is back; the clock alone would let this
 *   owner go on acting for the rest of its margin, two owners at once.
 */

export interface LeaseBackend {
  /** Takes the lease when free; its fencing token, or null when another node holds it. */
  acquire(node: string, ms: number): Promise<number | null>
  /** Extends the lease if this node still holds it. */
  renew(node: string, ms: number): Promise<boolean>
  /** Gives the lease up if this node holds it. */
  release(node: string): Promise<void>
}

export type LoseReason = 'renew-refused' | 'renew-late' | 'released' | 'fenced'

export type OwnershipState = { owner: false } | { owner: true; fence: number; renewedAt: number }

export interface Ownership {
  state(): OwnershipState
  /** Owner with a renewal recent enough that no other node can have taken the lease. */
  serving(): boolean
  /** One round: take, keep or lose the lease. */
  tick(): Promise<void>
  /** Hands the lease over (draining): another node takes it at its next tick. */
  release(): Promise<void>
  /** The backend's connection dropped: what it held may be gone; pause until renewed. */
  suspect(): void
  /** Gives the counter up (another node fenced its writes); it may take the lease again. */
  resign(): Promise<void>
}

export function createOwnership(deps: {
  backend: LeaseBackend
  node: string
  now: () => number
  leaseMs: number
  /** Past this without a renewal the owner pauses; must be well under `leaseMs`. */
  stepDownMs: number
  onGain(fence: number): void
  /** A paused owner renewed its lease: it serves again, with the same fence. */
  onResume?(): void
  onLose(reason: LoseReason): void
  onError(err: unknown): void
}): Ownership {
  const { backend, node, now, leaseMs, stepDownMs } = deps
  let st: OwnershipState = { owner: false }
  let busy = false
  let released = false
  /** Bumped at each drop; a renewal sent since the last one clears `suspected`. */
  let drops = 0
  let suspected = false

  const lose = (reason: LoseReason) => {
    if (!st.owner) return
    st = { owner: false }
    deps.onLose(reason)
  }
  /** Loses the counter and frees the lease in Redis, if it held them. */
  const giveUp = async (reason: 'released' | 'fenced') => {
    const was = st.owner
    lose(reason)
    if (was) await backend.release(node).catch(deps.onError)
  }

  return {
    state: () => st,
    serving: () => st.owner && !suspected && now() - st.renewedAt <= stepDownMs,
    async tick() {
      if (busy || released) return
      busy = true
      try {
        if (st.owner) {
          // Unconfirmed for a whole lease: it may have expired and been taken.
          if (now() - st.renewedAt > leaseMs) return lose('renew-late')
          const wasPaused = suspected || now() - st.renewedAt > stepDownMs
          const startedAt = now()
          const dropsAtStart = drops
          let kept = false
          try {
            kept = await backend.renew(node, leaseMs)
          } catch (err) {
            deps.onError(err)
            if (st.owner && now() - st.renewedAt > leaseMs) lose('renew-late')
            return
          }
          if (!st.owner) return
          if (!kept) return lose('renew-refused')
          // The lease runs from when the request left, not when the answer came.
          st = { ...st, renewedAt: startedAt }
          if (drops === dropsAtStart) suspected = false
          if (wasPaused && !suspected && now() - startedAt <= stepDownMs) deps.onResume?.()
        } else {
          const startedAt = now()
          let fence: number | null = null
          try {
            fence = await backend.acquire(node, leaseMs)
          } catch (err) {
            deps.onError(err)
            return
          }
          if (fence === null || released) return
          st = { owner: true, fence, renewedAt: startedAt }
          suspected = false
          deps.onGain(fence)
        }
      } finally {
        busy = false
      }
    },
    suspect() {
      drops++
      if (st.owner) suspected = true
    },
    resign: () => giveUp('fenced'),
    async release() {
      released = true
      await giveUp('released')
    },
  }
}
