// Sandboxed preload: exposes exactly the contract's channels, one function per request and one
// subscribe per event. Never ipcRenderer itself, never a generic send (checklist item 20).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import {
  eventChannels,
  ipcEventPrefix,
  ipcRequestPrefix,
  requestChannels,
} from '../../common/bridge/channels'

const request = Object.fromEntries(
  requestChannels.map((channel) => [
    channel,
    (input: unknown) => ipcRenderer.invoke(ipcRequestPrefix + channel, input),
  ]),
)

const subscribe = Object.fromEntries(
  eventChannels.map((channel) => [
    channel,
    (listener: (payload: unknown) => void) => {
      // The IpcRendererEvent stays here; the page only ever sees the payload.
      const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload)
      ipcRenderer.on(ipcEventPrefix + channel, wrapped)
      return () => {
        ipcRenderer.removeListener(ipcEventPrefix + channel, wrapped)
      }
    },
  ]),
)

contextBridge.exposeInMainWorld('kioskIpc', { request, subscribe })
