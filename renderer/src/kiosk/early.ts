import { rawTransport } from '../platform/transport'

/**
 * The home screen's requests, sent by the boot chunk before the app's code (React, zod, the
 * contract) is fetched, so the connection and the round trips overlap that download. Raw
 * answers: startup.ts validates each against the contract before the app sees it.
 */
const t = rawTransport()
export const earlyRequests = t
  ? {
      categories: t.request('catalog:categories', undefined),
      info: t.request('app:info', undefined),
      settings: t.request('session:settings', undefined),
      catalog: t.request('catalog:get', undefined),
    }
  : null
