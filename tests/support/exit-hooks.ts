// Servers a test or the local cluster started (PostgreSQL, Redis, nginx, centre nodes) die with
// the process that started them, even when it exits without stopping them. One `exit` listener
// serves them all: one each went past Node's limit of ten listeners (a warning) as soon as a
// test file started two clusters.
const hooks = new Set<() => void>()
let listening = false

/** Runs `fn` when this process exits; the returned function cancels that. */
export function atExit(fn: () => void): () => void {
  if (!listening) {
    listening = true
    process.once('exit', () => {
      for (const hook of hooks) {
        try {
          hook()
        } catch {
          // The others still run: each stops a server of its own.
        }
      }
    })
  }
  hooks.add(fn)
  return () => void hooks.delete(fn)
}
