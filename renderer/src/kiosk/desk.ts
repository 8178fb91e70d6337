import { bridge } from '../platform/bridge'
import { ActionDesk } from './action-desk'
import { useKiosk } from './store'

/** The kiosk's one action desk, over its store and the main process's printer and reader. */
export const actionDesk = new ActionDesk({
  store: { getState: () => useKiosk.getState(), setState: (p) => useKiosk.getState().set(p) },
  printNotice: async (code) =>
    (await bridge()?.request('notice:print', { code }))?.printed ?? false,
  reprintReceipt: async (caseNumber) =>
    (await bridge()?.request('receipt:reprint', { caseNumber }))?.printed ?? false,
  cardOnReader: async () => (await bridge()?.request('session:card', undefined))?.card ?? null,
})
