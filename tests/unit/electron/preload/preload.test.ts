import { beforeEach, describe, expect, it, vi } from 'vitest'
import {
  clerkEventChannels,
  clerkIpcRequestPrefix,
  clerkRequestChannels,
} from '../../../../common/bridge/clerk-channels'
import {
  eventChannels,
  ipcEventPrefix,
  ipcRequestPrefix,
  requestChannels,
} from '../../../../common/bridge/channels'

// The preload runs in the sandbox with only `electron` available; fake exactly what it touches.
const exposed: Record<string, unknown> = {}
const invoked: { channel: string; input: unknown }[] = []
const listeners = new Map<string, Set<(...args: unknown[]) => void>>()
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer: {
    invoke: (channel: string, input: unknown) => {
      invoked.push({ channel, input })
      return Promise.resolve({ ok: true, value: null })
    },
    on: (channel: string, l: (...args: unknown[]) => void) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set())
      listeners.get(channel)!.add(l)
    },
    removeListener: (channel: string, l: (...args: unknown[]) => void) =>
      listeners.get(channel)?.delete(l),
    send: () => {
      throw new Error('preload must not send')
    },
  },
}))

type Api = {
  request: Record<string, (input: unknown) => Promise<unknown>>
  subscribe: Record<string, (l: (p: unknown) => void) => () => void>
}

/** Runs a preload afresh, with nothing exposed yet. */
async function freshPreload(load: () => Promise<unknown>): Promise<void> {
  for (const k of Object.keys(exposed)) delete exposed[k]
  vi.resetModules()
  await load()
}

describe('preload (checklist 20)', () => {
  beforeEach(() => freshPreload(() => import('../../../../electron/preload/kiosk')))

  it('exposes one global with exactly the contract channels, not ipcRenderer', () => {
    expect(Object.keys(exposed)).toEqual(['kioskIpc'])
    const api = exposed.kioskIpc as Api
    expect(Object.keys(api).sort()).toEqual(['request', 'subscribe'])
    expect(Object.keys(api.request).sort()).toEqual([...requestChannels].sort())
    expect(Object.keys(api.subscribe).sort()).toEqual([...eventChannels].sort())
  })

  it('invokes the prefixed channel for a request', async () => {
    const api = exposed.kioskIpc as Api
    await api.request['session:reset']!({ reason: 'idle' })
    expect(invoked.at(-1)).toEqual({
      channel: `${ipcRequestPrefix}session:reset`,
      input: { reason: 'idle' },
    })
  })

  it('hands listeners the payload only, never the IpcRendererEvent, and unsubscribes', () => {
    const api = exposed.kioskIpc as Api
    const got: unknown[][] = []
    const unsubscribe = api.subscribe['devices:health-changed']!((...args: unknown[]) =>
      got.push(args),
    )
    const channel = `${ipcEventPrefix}devices:health-changed`
    for (const l of listeners.get(channel)!) l({ sender: 'secret-event-object' }, ['payload'])
    expect(got).toEqual([[['payload']]])
    unsubscribe()
    expect(listeners.get(channel)!.size).toBe(0)
  })
})

describe('clerk window preload (one preload per role)', () => {
  beforeEach(() => freshPreload(() => import('../../../../electron/preload/clerk')))

  it('exposes only the clerk contract, as clerkIpc, and no kiosk channel', () => {
    expect(Object.keys(exposed)).toEqual(['clerkIpc'])
    const api = exposed.clerkIpc as Api
    expect(Object.keys(api.request).sort()).toEqual([...clerkRequestChannels].sort())
    expect(Object.keys(api.subscribe).sort()).toEqual([...clerkEventChannels].sort())
    const kioskChannels = new Set<string>([...requestChannels, ...eventChannels])
    for (const name of [...Object.keys(api.request), ...Object.keys(api.subscribe)])
      expect(kioskChannels.has(name), name).toBe(false)
    expect(api.request).not.toHaveProperty('terminal:signaling-token')
    expect(api.request).not.toHaveProperty('session:card')
  })

  it('invokes its own prefixed channel, never a kiosk one', async () => {
    const api = exposed.clerkIpc as Api
    await api.request['clerk:info']!(undefined)
    expect(invoked.at(-1)).toEqual({
      channel: `${clerkIpcRequestPrefix}clerk:info`,
      input: undefined,
    })
    expect(invoked.at(-1)!.channel.startsWith(ipcRequestPrefix)).toBe(false)
  })
})
