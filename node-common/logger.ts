import { isatty } from 'node:tty'
import pino from 'pino'
import pretty from 'pino-pretty'
import { sanitizeForLog } from '../common/privacy/log-sanitize'

/** The logging interface every kiosk service and centre module takes; pino-compatible. */
export interface Logger {
  info(obj: object, msg?: string): void
  warn(obj: object, msg?: string): void
  error(obj: object, msg?: string): void
  debug(obj: object, msg?: string): void
  child(bindings: Record<string, unknown>): Logger
}

/**
 * Lines a person can read on a terminal (`npm start`), JSON for files, pipes and services;
 * LOG_FORMAT=json|pretty overrides the guess. pino-pretty runs as a stream in this thread, not
 * as a transport.
 */
export function logDestination(
  fd: 1 | 2,
  sync: boolean,
  format = process.env.LOG_FORMAT,
): pino.DestinationStream {
  const readable = format === 'pretty' || (format !== 'json' && isatty(fd))
  if (!readable) return pino.destination({ dest: fd, sync })
  return pretty({ destination: fd, sync, colorize: isatty(fd), ignore: 'pid,hostname' })
}

/**
 * A pino logger whose every argument passes through `sanitizeForLog`, so personal data is
 * masked at the one place lines are written rather than at each call site. No pino transports:
 * they spawn worker threads that break inside an asar archive. Default destination: stderr,
 * synchronously (the kiosk); the centre passes stdout, asynchronously.
 */
export function createLogger(
  name: string,
  destination: pino.DestinationStream = logDestination(2, true),
  level = process.env.LOG_LEVEL ?? 'info',
): pino.Logger {
  return pino(
    {
      name,
      level,
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => sanitizeForLog(a)) as Parameters<typeof method>)
        },
      },
    },
    destination,
  )
}

/** A logger that discards everything, for tests that do not inspect logs. */
export function silentLogger(): pino.Logger {
  return pino({ level: 'silent' })
}

/** The full pino logger, for the centre's modules (they also log plain strings). */
export type PinoLogger = pino.Logger
