import { isatty } from 'node:tty'
import pino from 'pino'
import pretty from 'pino-pretty'
import { sanitizeForLog } from '../../common/privacy/log-sanitize'

export type Logger = pino.Logger

/**
 * Lines a person can read on a terminal (`npm start`), JSON for files, pipes and services;
 * LOG_FORMAT=json|pretty overrides the guess.
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

/** pino logs with every argument passed through the personal-data sanitizer. */
export function createLogger(
  destination: pino.DestinationStream = logDestination(1, false),
  level = process.env.LOG_LEVEL ?? 'info',
): Logger {
  return pino(
    {
      name: 'signaling-server',
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
