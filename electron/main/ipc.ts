import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import { ipcEventPrefix, ipcRequestPrefix, requestChannels } from '../../common/bridge/channels'
import { BridgeError, type BridgeResult } from '../../common/bridge/errors'
import type { BridgeEventHub, BridgeDispatcher } from '../services/bridge/dispatcher'
import { isAppUrl } from './security'

/** Only our own page's main frame may call the bridge; iframes and foreign pages may not. */
export function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame
  if (!frame) return false
  if (frame !== event.sender.mainFrame) return false
  return isAppUrl(frame.url)
}

export function registerBridgeIpc(ipcMain: IpcMain, dispatcher: BridgeDispatcher): void {
  for (const channel of requestChannels) {
    ipcMain.handle(
      ipcRequestPrefix + channel,
      async (event, input: unknown): Promise<BridgeResult> => {
        if (!isTrustedSender(event)) {
          return {
            ok: false,
            error: new BridgeError('FORBIDDEN_SENDER', 'sender is not the app').toShape(),
          }
        }
        return dispatcher.dispatch(channel, input)
      },
    )
  }
}

/** Forwards bridge events to one window's renderer; returns the unsubscribe. */
export function forwardBridgeEvents(events: BridgeEventHub, contents: WebContents): () => void {
  return events.listen((channel, payload) => {
    if (!contents.isDestroyed()) contents.send(ipcEventPrefix + channel, payload)
  })
}
