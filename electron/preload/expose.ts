// What both preloads share: one global with one function per request channel and one subscribe
// per event channel. Never ipcRenderer itself, never a generic send (checklist item 20).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'

export function exposeBridge(
  globalName: string,
  requestPrefix: string,
  eventPrefix: string,
  requestChannels: readonly string[],
  eventChannels: readonly string[],
): void {
  const request = Object.fromEntries(
    requestChannels.map((channel) => [
      channel,
      (input: unknown) => ipcRenderer.invoke(requestPrefix + channel, input),
    ]),
  )

  const subscribe = Object.fromEntries(
    eventChannels.map((channel) => [
      channel,
      (listener: (payload: unknown) => void) => {
        // The IpcRendererEvent stays here; the page only ever sees the payload.
        const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload)
        ipcRenderer.on(eventPrefix + channel, wrapped)
        return () => {
          ipcRenderer.removeListener(eventPrefix + channel, wrapped)
        }
      },
    ]),
  )

  contextBridge.exposeInMainWorld(globalName, { request, subscribe })
}
