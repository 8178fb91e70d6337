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
import type { Logger } from '../logger'

export interface BridgeDispatcher {
  /** Validates input, runs the handler, validates output. Never throws. */
  dispatch(channel: string, rawInput: unknown): Promise<BridgeResult>
}

function isRequestChannel(channel: string): channel is RequestChannel {
  return (requestChannels as readonly string[]).includes(channel)
}

export function createBridgeDispatcher(handlers: BridgeHandlers, log: Logger): BridgeDispatcher {
  return {
    async dispatch(channel, rawInput) {
      if (!isRequestChannel(channel)) {
        return fail(new BridgeError('UNKNOWN_CHANNEL', `unknown channel ${channel.slice(0, 60)}`))
      }
      const spec = requestSpec(channel)
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
