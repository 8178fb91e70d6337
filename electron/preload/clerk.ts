// Sandboxed preload of the clerk window: exposes only the clerk contract's channels
// (common/bridge/clerk-contract.ts) as `window.clerkIpc`. No kiosk channel (card, devices,
// outbox, terminal identity) exists in this window, not even under another name.
import {
  clerkEventChannels,
  clerkIpcEventPrefix,
  clerkIpcRequestPrefix,
  clerkRequestChannels,
} from '../../common/bridge/clerk-channels'
import { exposeBridge } from './expose'

exposeBridge(
  'clerkIpc',
  clerkIpcRequestPrefix,
  clerkIpcEventPrefix,
  clerkRequestChannels,
  clerkEventChannels,
)
