import type { UpdateReport } from '../../../common/fleet/rollout'
import { centreRequest, type CentreApiOptions } from '../centre-api/request'

export const UPDATE_REPORT_PATH = '/api/updates/report'
/** The feed electron-updater's generic provider reads (the centre decides the version). */
export const UPDATE_FEED_PATH = '/api/updates/'

/** Tells the centre what the kiosk's updater did (fleet/rollouts.ts counts a failure). */
export function createUpdateReporter(opts: CentreApiOptions): (r: UpdateReport) => Promise<void> {
  return async (report) => {
    await centreRequest(opts, UPDATE_REPORT_PATH, { method: 'POST', body: report })
  }
}
