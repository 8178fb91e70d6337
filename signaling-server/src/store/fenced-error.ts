/**
 * A counter write the store refused because another node took the video counter over (and
 * fenced the writes) since: the writer is deposed, and what it would tell clients is not the
 * record's. Thrown by the PostgreSQL store; known to the cluster without knowing the store.
 */
export class FencedError extends Error {
  constructor() {
    super('fenced: another node serves the video counter now')
  }
}
