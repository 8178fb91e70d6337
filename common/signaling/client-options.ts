/**
 * Recommended socket.io-client options for kiosks and consoles. The library default caps the
 * reconnect delay at 5 s; thousands of kiosks reconnecting after a server restart at that pace
 * is a self-inflicted storm, so the delay grows to 10 s with full ±50 % jitter (reference doc
 * §1.5 suggests 30 s). Not 30: a refused attempt costs the load balancer almost nothing and a
 * busy node refuses new sockets at once (signaling-server/src/admission.ts), while a 30 s cap
 * left kiosks idle for up to 45 s after the nodes were back (the storm took 112 s; see
 * docs/benchmarks.md). Typed structurally so that `common` does not depend on socket.io-client.
 */
export const RECONNECT_OPTIONS = {
  reconnection: true,
  reconnectionAttempts: Infinity,
  reconnectionDelay: 1_000,
  reconnectionDelayMax: 10_000,
  randomizationFactor: 0.5,
  /** Try WebSocket first and fall back to long-polling behind hostile proxies. */
  transports: ['websocket', 'polling'] as string[],
  tryAllTransports: true,
  timeout: 20_000,
  /** Signaling must never be replayed from a stale buffer after a reconnect (§1.4). */
  ackTimeout: 10_000,
} as const

/**
 * Extra random wait (ms) before the first reconnect attempt after the *server* closed the link
 * (deploy, restart): spreads the herd beyond the library's own jitter.
 */
export function initialReconnectDelayMs(random: () => number = Math.random): number {
  return Math.floor(random() * 10_000)
}

/** Events a client must never buffer while offline: they are re-derived on reconnect. */
export const VOLATILE_CLIENT_EVENTS = ['call:signal', 'call:quality', 'cosvc:mirror'] as const
