import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import { ipcEventPrefix, ipcRequestPrefix, requestChannels } from '../../common/bridge/channels'
import {
  clerkIpcEventPrefix,
  clerkIpcRequestPrefix,
  clerkRequestChannels,
} from '../../common/bridge/clerk-channels'
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

/** The IPC surface of one window role: its request channels and the prefixes they travel on. */
export interface IpcSurface {
  requestChannels: readonly string[]
  requestPrefix: string
  eventPrefix: string
}

export const kioskIpcSurface: IpcSurface = {
  requestChannels,
  requestPrefix: ipcRequestPrefix,
  eventPrefix: ipcEventPrefix,
}

export const clerkIpcSurface: IpcSurface = {
  requestChannels: clerkRequestChannels,
  requestPrefix: clerkIpcRequestPrefix,
  eventPrefix: clerkIpcEventPrefix,
}

/** One `ipcMain.handle` per request channel of the role's contract, and none of another's. */
export function registerBridgeIpc(
  ipcMain: IpcMain,
  dispatcher: BridgeDispatcher,
  surface: IpcSurface = kioskIpcSurface,
): void {
  for (const channel of surface.requestChannels) {
    ipcMain.handle(
      surface.requestPrefix + channel,
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
export function forwardBridgeEvents(
  events: BridgeEventHub,
  contents: WebContents,
  surface: IpcSurface = kioskIpcSurface,
): () => void {
  return events.listen((channel, payload) => {
    if (!contents.isDestroyed()) contents.send(surface.eventPrefix + channel, payload)
  })
}
