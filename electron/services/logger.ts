import pino from 'pino'
import { sanitizeForLog } from '../../common/privacy/log-sanitize'

/** The logging interface every service takes; pino-compatible. */
export interface Logger {
  info(obj: object, msg?: string): void
  warn(obj: object, msg?: string): void
  error(obj: object, msg?: string): void
  debug(obj: object, msg?: string): void
  child(bindings: Record<string, unknown>): Logger
}

/**
 * A pino logger whose every argument passes through `sanitizeForLog`, so personal data is
 * masked at the one place lines are written rather than at each call site. No pino transports:
 * they spawn worker threads that break inside an asar archive.
 */
export function createLogger(
  name: string,
  destination: pino.DestinationStream = pino.destination({ dest: 2, sync: true }),
  level = process.env.LOG_LEVEL ?? 'info',
): Logger {
  return pino(
    {
      name,
      level,
      hooks: {
        logMethod(args, method) {
          const clean = args.map((a) => sanitizeForLog(a)) as Parameters<typeof method>
          method.apply(this, clean)
        },
      },
    },
    destination,
  )
}

/** A logger that discards everything, for tests that do not inspect logs. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' })
}
