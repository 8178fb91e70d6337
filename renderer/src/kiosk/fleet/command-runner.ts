import type {
  CommandKind,
  CommandOutput,
  CommandResultPayload,
  CommandRunEvent,
} from '../../../../common/signaling/commands'
import type { TerminalClient } from '../../video/shared/signaling-client'

/** A command that could not be carried out, with the reason the console shows (`paper-out`…). */
export class CommandFailure extends Error {
  constructor(readonly reason: string) {
    super(reason)
  }
}

/**
 * What a command did: its output, and for `reload` what to do once the centre has the result
 * (a page that reloads first would never say it did).
 */
export interface CommandDone {
  output: CommandOutput
  afterAck?: () => void
}

/** One handler per command, injected (command-handlers.ts); a throw is the command failing. */
export type CommandHandlers = Record<CommandKind, () => Promise<CommandDone>>

export interface CommandRunnerDeps {
  handlers: CommandHandlers
  /** True while nobody uses the kiosk (home screen, no card, no video help): see idle.ts. */
  isIdle: () => boolean
  /** Called when the kiosk may have become idle. */
  onIdle: (fn: () => void) => () => void
  now: () => number
  log?: (msg: string, detail: Record<string, unknown>) => void
}

/** Ids of commands seen, so one delivered again (a reconnect) runs once. */
const SEEN_KEPT = 200

/**
 * The kiosk's side of the fleet console's remote commands (docs/fleet.md): takes `command:run`
 * from the centre, holds it while a resident uses the kiosk (never in the middle of someone's
 * session), runs it once the kiosk is idle, one at a time in the order they came, and answers
 * `command:result`. A command whose time ran out while it was held is dropped (the centre has
 * marked it expired).
 */
export class CommandRunner {
  private readonly held: { event: CommandRunEvent; deadline: number }[] = []
  private readonly seen: string[] = []
  private client: Pick<TerminalClient, 'on' | 'request' | 'sendWhenOnline'> | null = null
  private running = false
  private readonly offs: (() => void)[] = []

  constructor(private readonly deps: CommandRunnerDeps) {
    this.offs.push(deps.onIdle(() => void this.next()))
  }

  /** Takes commands from this socket (a new one after a refused handshake replaces it). */
  attach(client: Pick<TerminalClient, 'on' | 'request' | 'sendWhenOnline'>): () => void {
    this.client = client
    const off = client.on('command:run', (e) => this.take(e))
    return () => {
      off()
      if (this.client === client) this.client = null
    }
  }

  /** Commands waiting for the kiosk to be idle (for tests and diagnostics). */
  get waiting(): number {
    return this.held.length
  }

  stop(): void {
    for (const off of this.offs.splice(0)) off()
    this.held.length = 0
  }

  private take(event: CommandRunEvent): void {
    if (this.seen.includes(event.commandId)) return
    this.seen.push(event.commandId)
    if (this.seen.length > SEEN_KEPT) this.seen.shift()
    this.held.push({ event, deadline: this.deps.now() + event.expiresInMs })
    this.deps.log?.('remote command held until idle', { kind: event.kind })
    void this.next()
  }

  private async next(): Promise<void> {
    if (this.running) return
    while (this.held.length > 0 && this.deps.isIdle()) {
      const { event, deadline } = this.held.shift()!
      if (this.deps.now() >= deadline) continue
      this.running = true
      try {
        await this.run(event)
      } finally {
        this.running = false
      }
    }
  }

  private async run(event: CommandRunEvent): Promise<void> {
    let result: CommandResultPayload
    let afterAck: (() => void) | undefined
    try {
      const done = await this.deps.handlers[event.kind]()
      result = { commandId: event.commandId, status: 'done', output: done.output }
      afterAck = done.afterAck
    } catch (err) {
      const reason = err instanceof CommandFailure ? err.reason : 'internal'
      result = { commandId: event.commandId, status: 'failed', error: reason }
    }
    this.deps.log?.('remote command finished', { kind: event.kind, status: result.status })
    const client = this.client
    if (!client) return
    if (afterAck) {
      // Answered before the page goes away; a refusal (expired meanwhile) still reloads.
      await client.request('command:result', result).catch(() => undefined)
      afterAck()
    } else client.sendWhenOnline('command:result', result)
  }
}
