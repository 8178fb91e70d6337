import pino from 'pino'
import { sanitizeForLog } from '../../common/privacy/log-sanitize'

export type Logger = pino.Logger

/** pino JSON logs with every argument passed through the personal-data sanitizer. */
export function createLogger(
  destination: pino.DestinationStream = pino.destination({ dest: 1, sync: false }),
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
