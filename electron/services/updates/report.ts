import type { UpdateReport } from '../../../common/fleet/rollout'
import { centreRequest, type CentreApiOptions } from '../centre-api/request'

export const UPDATE_REPORT_PATH = '/api/updates/report'
/** The feed electron-updater's generic provider reads (the centre decides the version). */
export const UPDATE_FEED_PATH = '/api/updates/'

/** The feed at the centre `serverUrl`. */
export const updateFeedUrl = (serverUrl: string): string =>
  new URL(UPDATE_FEED_PATH, serverUrl).toString()

/**
 * The feed of the centre the terminal is enrolled with (the address the technician entered),
 * the configured one only before enrolment; read again on each call, so an enrolment while the
 * kiosk runs moves the updater to that centre.
 */
export const enrolledFeedUrl =
  (identity: { serverUrl(): string }): (() => string) =>
  () =>
    updateFeedUrl(identity.serverUrl())

/** Tells the centre what the kiosk's updater did (fleet/rollouts.ts counts a failure). */
export function createUpdateReporter(opts: CentreApiOptions): (r: UpdateReport) => Promise<void> {
  return async (report) => {
    await centreRequest(opts, UPDATE_REPORT_PATH, { method: 'POST', body: report })
  }
}
