// Sandboxed preload of the kiosk window: exposes exactly the kiosk contract's channels
// (common/bridge/contract.ts) as `window.kioskIpc`.
import {
  eventChannels,
  ipcEventPrefix,
  ipcRequestPrefix,
  requestChannels,
} from '../../common/bridge/channels'
import { exposeBridge } from './expose'

exposeBridge('kioskIpc', ipcRequestPrefix, ipcEventPrefix, requestChannels, eventChannels)
