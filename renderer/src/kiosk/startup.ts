import { bridge } from '../platform/bridge'

/**
 * The home screen's data, requested as soon as this module is evaluated, so the device host's
 * connection and round trips overlap React's and i18n's start instead of following them.
 */
const b = bridge()
export const startupRequests = b
  ? {
      info: b.request('app:info', undefined),
      settings: b.request('session:settings', undefined),
      categories: b.request('catalog:categories', undefined),
      catalog: b.request('catalog:get', undefined),
    }
  : null
// Rejections are handled where the values are used; avoid unhandled-rejection noise before then.
if (startupRequests) for (const p of Object.values(startupRequests)) p.catch(() => undefined)
