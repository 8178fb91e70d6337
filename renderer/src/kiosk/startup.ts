import type { RequestChannel } from '../../../common/bridge/channels'
import { checkedOutput } from '../platform/bridge'
import { earlyRequests } from './early'

const check =
  <C extends RequestChannel>(channel: C) =>
  (raw: unknown) =>
    checkedOutput(channel, raw)

/** Lets the tiles render before the (larger) catalog is validated on the same thread. */
const nextTask = () => new Promise<void>((done) => setTimeout(done, 0))

/**
 * The home screen's data from the requests the boot chunk sent, each validated against the
 * contract here before the app uses it: the categories first, the whole catalog (only needed
 * for the popular items and the later screens) after them.
 */
const e = earlyRequests
const categories = e?.categories.then(check('catalog:categories'))
export const startupRequests =
  e && categories
    ? {
        categories,
        info: e.info.then(check('app:info')),
        settings: e.settings.then(check('session:settings')),
        catalog: categories
          .then(nextTask, nextTask)
          .then(() => e.catalog)
          .then(check('catalog:get')),
      }
    : null
// Rejections are handled where the values are used; avoid unhandled-rejection noise before then.
if (startupRequests) for (const p of Object.values(startupRequests)) p.catch(() => undefined)
