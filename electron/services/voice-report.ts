import type { Locale } from '../../common/domain/app-info'
import type { Logger } from '../../node-common/logger'

/**
 * The renderer tells the main process which of the kiosk's languages the machine has no
 * speech voice for. Residents still read every text on screen; the technician needs one line
 * in the log to install the voice (e.g. a Mandarin voice for speech-dispatcher). A report that
 * says the same as the last one is not written again, so a renderer that reloads or misbehaves
 * cannot fill the log.
 */
export function voiceReporter(log: Logger) {
  let last: string | null = null
  return ({ missing, installed }: { missing: Locale[]; installed: number }) => {
    const key = [...missing].sort().join(',') + `/${installed}`
    if (key === last) return { logged: false }
    last = key
    if (missing.length === 0) {
      log.info({ installed }, 'speech voices available for every kiosk language')
    } else {
      log.warn(
        { missing, installed },
        `no speech voice for ${missing.join(', ')}: residents get on-screen text only; install one`,
      )
    }
    return { logged: true }
  }
}
