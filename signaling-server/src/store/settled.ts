/**
 * For the SQLite stores, whose driver (libsql) is synchronous: runs `fn` now and hands back its
 * result (or error) as a settled promise, so the async interfaces cost no extra turn and calls
 * keep their order.
 */
export function settled<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn())
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)))
  }
}
