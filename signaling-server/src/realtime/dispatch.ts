import type { z } from 'zod'
import type { Ack, ErrorCode } from '../../../common/signaling'
import { describeIssue, nestedDeeperThan, tooDeepMessage } from '../json-limits'
import type { WarnOnce } from '../log-throttle'
import type { PinoLogger as Logger } from '../../../node-common/logger'
import type { IdentityBudgets } from '../rate-limit'
import { messages, Refusal } from './errors'

/**
 * Inbound plumbing at the socket's node: one `onAny` listener, shared by every socket of a
 * namespace, admits an event (rate limit, known event, depth, zod validation) and hands the
 * validated payload to `deliver` (the counter, here or on the cluster's owner, or a local
 * handler), then acks what it answers. Any failure becomes an error ack; nothing thrown here
 * reaches socket.io or the process. No closure per socket keeps idle sockets cheap.
 */

/** What a delivered event answers: at once (this process) or later (across the cluster). */
export type Answer = Ack<unknown> | Promise<Ack<unknown>>

export interface Dispatchable {
  connected: boolean
  disconnect(close: boolean): unknown
}

export function createDispatch(deps: {
  log: Logger
  now: () => number
  budgets: IdentityBudgets
  warnOnce: WarnOnce
  identityOf: (sock: never) => string
}) {
  const { log, now, budgets, warnOnce } = deps
  return function dispatch<S extends Dispatchable>(
    sock: S,
    schemas: Readonly<Record<string, z.ZodType>>,
    deliver: (sock: S, event: string, payload: unknown) => Answer,
    event: string,
    args: unknown[],
  ): void {
    const identity = (deps.identityOf as (s: S) => string)(sock)
    const last = args[args.length - 1]
    const ackFn = typeof last === 'function' ? (last as (a: Ack<unknown>) => void) : null
    const payload = ackFn ? (args.length > 1 ? args[0] : undefined) : args[0]
    const ack = (a: Ack<unknown>): void => {
      try {
        ackFn?.(a)
      } catch (err) {
        log.warn({ err, event }, 'ack failed')
      }
    }
    // Co-service and identity checks carry personal data: every refusal is logged (here, or
    // when the counter's answer is one), never with its payload.
    const logRefusal = (code: ErrorCode): void => {
      if (event.startsWith('cosvc:'))
        warnOnce.warn(
          `cosvc ${identity} ${event} ${code}`,
          { event, identity, code },
          'co-service message refused',
        )
      else if (event.startsWith('idcheck:'))
        warnOnce.warn(
          `idcheck ${identity} ${event} ${code}`,
          { event, identity, code },
          'identity check refused',
        )
    }
    const fail = (code: ErrorCode, message: string = messages[code]): void => {
      logRefusal(code)
      ack({ ok: false, error: { code, message } })
    }
    const answered = (a: Ack<unknown>): void => {
      if (!a.ok) logRefusal(a.error.code)
      ack(a)
    }
    // Events already buffered when the socket was disconnected for flooding get no answer.
    if (!sock.connected) return
    try {
      const b = budgets.of(identity)
      // The mirror follows typing like signals follow ICE: the larger budget.
      const bucket =
        event === 'call:signal' || event === 'cosvc:mirror' || event === 'cosvc:page'
          ? b.signal
          : b.control
      if (!bucket.take(now())) {
        if (!b.violations.take(now())) {
          warnOnce.warn(
            `flood ${identity}`,
            { event, identity },
            'disconnecting a socket that keeps exceeding its rate limit',
          )
          sock.disconnect(true)
        }
        return fail('rate_limited')
      }
      const schema = Object.hasOwn(schemas, event) ? schemas[event] : undefined
      if (!schema) return fail('unknown_event')
      // Bounded before zod and the relay, whose recursion overflows on deep nesting.
      if (nestedDeeperThan(payload))
        return fail('invalid_payload', `${messages.invalid_payload}: ${tooDeepMessage}`)
      const parsed = schema.safeParse(payload === undefined ? {} : payload)
      if (!parsed.success) {
        const issue = parsed.error.issues[0]
        const where = issue ? describeIssue(issue) : null
        return fail(
          'invalid_payload',
          where ? `${messages.invalid_payload} ${where.path}: ${where.message}` : undefined,
        )
      }
      const answer = deliver(sock, event, parsed.data)
      // A delivery that waits (the cluster's counter, a command's result in the store) acks
      // once it has its answer.
      if (answer instanceof Promise) answer.then(answered, failed)
      else answered(answer)
    } catch (err) {
      failed(err)
    }
    function failed(err: unknown): void {
      if (err instanceof Refusal) return fail(err.code, err.message)
      log.error({ err, event }, 'handler threw')
      fail('internal')
    }
  }
}
