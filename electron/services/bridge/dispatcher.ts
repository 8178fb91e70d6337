import {
  eventSchema,
  requestSpec,
  type BridgeHandlers,
  type EventPayload,
} from '../../../common/bridge/contract'
import {
  requestChannels,
  type EventChannel,
  type RequestChannel,
} from '../../../common/bridge/channels'
import { BridgeError, type BridgeResult } from '../../../common/bridge/errors'
import type { Logger } from '../../../node-common/logger'

export interface BridgeDispatcher {
  /** Validates input, runs the handler, validates output. Never throws. */
  dispatch(channel: string, rawInput: unknown): Promise<BridgeResult>
}

interface ChannelSpec {
  input: {
    safeParse(
      v: unknown,
    ): { success: true; data: unknown } | { success: false; error: { message: string } }
  }
  output: {
    safeParse(
      v: unknown,
    ): { success: true; data: unknown } | { success: false; error: { issues: unknown[] } }
  }
}

/**
 * A dispatcher over one role's contract: its channel list, its schemas and its handlers. The
 * kiosk window and the clerk window each get their own (`createBridgeDispatcher`,
 * `createClerkServices`), so neither can reach a channel of the other.
 */
export function createContractDispatcher(
  channels: readonly string[],
  specOf: (channel: string) => ChannelSpec,
  handlers: Record<string, (input: never) => Promise<unknown>>,
  log: Logger,
): BridgeDispatcher {
  return {
    async dispatch(channel, rawInput) {
      if (!channels.includes(channel)) {
        return fail(new BridgeError('UNKNOWN_CHANNEL', `unknown channel ${channel.slice(0, 60)}`))
      }
      const spec = specOf(channel)
      const input = spec.input.safeParse(rawInput)
      if (!input.success) {
        return fail(
          new BridgeError('INVALID_INPUT', `invalid input for ${channel}: ${input.error.message}`),
        )
      }
      try {
        const handler = handlers[channel] as (input: unknown) => Promise<unknown>
        const output = spec.output.safeParse(await handler(input.data))
        if (!output.success) {
          log.error(
            { channel, issues: output.error.issues.length },
            'handler returned invalid output',
          )
          return fail(new BridgeError('INVALID_OUTPUT', `invalid output from ${channel}`))
        }
        return { ok: true, value: output.data }
      } catch (err) {
        if (err instanceof BridgeError) return fail(err)
        log.error({ channel, err }, 'bridge handler failed')
        return fail(new BridgeError('INTERNAL', 'internal error'))
      }
    },
  }

  function fail(err: BridgeError): BridgeResult {
    return { ok: false, error: err.toShape() }
  }
}

/** The kiosk window's dispatcher (common/bridge/contract.ts). */
export function createBridgeDispatcher(handlers: BridgeHandlers, log: Logger): BridgeDispatcher {
  return createContractDispatcher(
    requestChannels,
    (channel) => requestSpec(channel as RequestChannel) as unknown as ChannelSpec,
    handlers as unknown as Record<string, (input: never) => Promise<unknown>>,
    log,
  )
}

type Listener = (channel: EventChannel, payload: unknown) => void

/** Fans main-process events out to every connected renderer, validating each payload once. */
export class BridgeEventHub {
  private readonly listeners = new Set<Listener>()

  emit<E extends EventChannel>(channel: E, payload: EventPayload<E>): void {
    const parsed = eventSchema(channel).parse(payload)
    for (const listener of this.listeners) listener(channel, parsed)
  }

  /** Returns the unsubscribe function. */
  listen(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
