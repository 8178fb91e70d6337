import {
  COMMAND_TTL_MS,
  type CommandKind,
  type CommandResultPayload,
  type CommandRunEvent,
} from '../../../common/signaling/commands'
import { maskIdNumbersIn } from '../../../common/privacy/mask'
import type { PinoLogger as Logger } from '../../../node-common/logger'
import { newId } from '../auth'
import type { CommandRecord, CommandStore, UserRecord } from '../store/types'
import { refuse } from './errors'

/** At most this many unfinished commands per terminal: more is a runaway console, refused. */
export const MAX_OPEN_COMMANDS = 20

/** What the commands need of the sockets: `command:run` to a terminal connected to this node. */
export interface CommandDelivery {
  /** True once the kiosk acked receipt; false when it is not connected here or did not answer. */
  send(terminalId: string, event: CommandRunEvent): Promise<boolean>
}

/**
 * Remote commands (docs/fleet.md): issued by an admin or a technician (the HTTP routes check the
 * role), stored at once (the store's rows are the audit: who, when, what, what came of it),
 * delivered over the terminal's socket when it is issued and each time the terminal connects,
 * until it is finished or its 10 minutes are over. The kiosk decides when it is idle enough to
 * run it; the centre only accepts its result for a command of that terminal, not finished, not
 * expired, whose output is of the command's kind.
 */
export function createCommands(deps: {
  store: CommandStore
  now: () => number
  log: Logger
  delivery: CommandDelivery
}) {
  const { store, now, log, delivery } = deps
  /** Commands whose `command:run` is in flight, so a connect during issue sends it once. */
  const sending = new Set<string>()

  async function deliver(rec: CommandRecord): Promise<void> {
    const left = rec.expiresAt - now()
    if (left <= 0 || sending.has(rec.id)) return
    sending.add(rec.id)
    try {
      const received = await delivery.send(rec.terminalId, {
        commandId: rec.id,
        kind: rec.kind,
        issuedAt: rec.issuedAt,
        expiresInMs: Math.min(left, COMMAND_TTL_MS),
      })
      if (received && rec.state === 'pending') await store.markCommandDelivered(rec.id, now())
    } catch (err) {
      log.warn({ err, commandId: rec.id, terminalId: rec.terminalId }, 'command not delivered')
    } finally {
      sending.delete(rec.id)
    }
  }

  return {
    /** Stores the command and sends it if the terminal is connected here. */
    async issue(by: UserRecord, terminalId: string, kind: CommandKind): Promise<CommandRecord> {
      const at = now()
      const open = await store.openCommandsOf(terminalId, at)
      if (open.length >= MAX_OPEN_COMMANDS) refuse('rate_limited', 'too many unfinished commands')
      const rec: CommandRecord = {
        id: newId('cmd'),
        terminalId,
        kind,
        issuedBy: by.id,
        issuedByName: by.displayName,
        issuedAt: at,
        expiresAt: at + COMMAND_TTL_MS,
        state: 'pending',
        deliveredAt: null,
        finishedAt: null,
        output: null,
        error: null,
      }
      await store.insertCommand(rec)
      log.info({ by: by.id, terminalId, kind, commandId: rec.id }, 'command issued')
      void deliver(rec)
      return rec
    },

    /** The terminal's socket is up: what is still open for it goes out (again). */
    async terminalConnected(terminalId: string): Promise<void> {
      try {
        for (const rec of await store.openCommandsOf(terminalId, now())) void deliver(rec)
      } catch (err) {
        log.warn({ err, terminalId }, 'open commands not read')
      }
    },

    /** `command:result` from `terminalId`; refused unless it answers an open command of its own. */
    async result(terminalId: string, p: CommandResultPayload): Promise<Record<string, never>> {
      const rec = await store.getCommand(p.commandId)
      if (!rec || rec.terminalId !== terminalId) {
        log.warn(
          { terminalId, commandId: p.commandId },
          'result for a command not of this terminal',
        )
        // The same refusal whether the command exists or not.
        return refuse('not_found', 'no such command for this terminal')
      }
      const at = now()
      if (rec.state === 'done' || rec.state === 'failed' || rec.state === 'expired')
        return refuse('wrong_state', `the command is ${rec.state}`)
      if (rec.expiresAt <= at) return refuse('wrong_state', 'the command has expired')
      if (p.status === 'done' && p.output.kind !== rec.kind)
        return refuse('invalid_payload', `output: not the result of ${rec.kind}`)
      // The kiosk sanitized its logs; an ID number in free text is masked here again.
      const output =
        p.status !== 'done'
          ? null
          : p.output.kind === 'upload-logs'
            ? { ...p.output, text: maskIdNumbersIn(p.output.text) }
            : p.output
      const finished = await store.finishCommand(rec.id, {
        state: p.status,
        at,
        output,
        error: p.status === 'failed' ? p.error : null,
      })
      if (!finished) return refuse('wrong_state', 'the command is no longer open')
      log.info(
        {
          commandId: rec.id,
          terminalId,
          kind: rec.kind,
          by: rec.issuedBy,
          state: p.status,
          ...(p.status === 'failed' ? { error: p.error } : {}),
        },
        'command finished',
      )
      return {}
    },

    /** Marks what ran out of time as expired (periodically and before a list is read). */
    expire: () => store.expireCommands(now()),

    /**
     * Sends again what is still pending (not acked) to terminals connected now: a kiosk whose
     * runner was not listening yet when it was sent would otherwise wait for its next connect.
     */
    async resendPending(connected: (terminalId: string) => boolean): Promise<void> {
      const at = now()
      for (const rec of await store.listCommands({ limit: 200 }))
        if (rec.state === 'pending' && rec.expiresAt > at && connected(rec.terminalId))
          void deliver(rec)
    },
  }
}

export type Commands = ReturnType<typeof createCommands>
