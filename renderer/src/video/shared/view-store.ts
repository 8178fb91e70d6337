/**
 * What a video session shows, for React's `useSyncExternalStore`: the current view and who to
 * tell when it changes. The kiosk's and the clerk's sessions both extend it.
 */
export class ViewStore<V> {
  private listeners = new Set<() => void>()

  constructor(protected v: V) {}

  get view(): V {
    return this.v
  }
  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn)
    return () => this.listeners.delete(fn)
  }
  protected publish(next: V): void {
    this.v = next
    for (const fn of this.listeners) fn()
  }
  /** The session is closed: nobody is told of anything any more. */
  protected unsubscribeAll(): void {
    this.listeners.clear()
  }
}
