// Channel names only, with no zod import, so the sandboxed preload bundle stays tiny.
// contract.ts checks at compile time that these lists match the schemas exactly.

export const requestChannels = [
  'app:info',
  'catalog:categories',
  'catalog:get',
  'devices:health',
  'session:reset',
  'session:settings',
  'session:card',
  'form:validate',
  'materials:put-page',
  'materials:drop',
  'applications:submit',
  'applications:status',
  'receipt:print',
  'progress:lookup',
  'supply:send',
  'result:print',
  'receipt:reprint',
  'notice:print',
  'case:withdraw',
  'rating:submit',
  'call:rate',
  'session:video-identity',
  'terminal:signaling-token',
  'voice:report',
  'text:recognise',
  'text:warm',
  'health:snapshot',
  'terminal:status',
  'terminal:enrol',
  'technician:login',
  'technician:logout',
  'selftest:reader',
  'selftest:printer',
  'selftest:network',
  'selftest:machine',
  'selftest:save',
  'selftest:last',
  'selftest:due',
  'settings:get',
  'settings:set',
  'logs:export',
  'fleet:print-test-page',
  'fleet:refresh-catalog',
  'fleet:recent-logs',
] as const

export const eventChannels = [
  'devices:health-changed',
  'session:reset-requested',
  'card:present',
  'card:removed',
  'applications:status-changed',
  'health:changed',
  'catalog:changed',
  'settings:changed',
] as const

export type RequestChannel = (typeof requestChannels)[number]
export type EventChannel = (typeof eventChannels)[number]

/** Prefix of the Electron IPC channel for each request, so bridge traffic is easy to spot. */
export const ipcRequestPrefix = 'bridge:req:'
export const ipcEventPrefix = 'bridge:evt:'
