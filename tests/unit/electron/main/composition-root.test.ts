// electron/main/index.ts, the real composition root, against the fake `electron`: the clerk
// role composes none of the kiosk's parts (devices, outbox, catalog, terminal identity) and
// wires the clerk preload; the kiosk role does compose them (so the check can fail).
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ipcRequestPrefix, requestChannels } from '../../../../common/bridge/channels'
import {
  clerkIpcRequestPrefix,
  clerkRequestChannels,
} from '../../../../common/bridge/clerk-channels'
import { createFakeElectron } from '../../../support/fake-electron'

const savedEnv = { ...process.env }
afterEach(() => {
  process.env = { ...savedEnv }
  vi.doUnmock('electron')
  vi.resetModules()
})

async function startMain(role: 'kiosk' | 'clerk') {
  const dataDir = mkdtempSync(join(tmpdir(), `main-${role}-`))
  const appData = mkdtempSync(join(tmpdir(), 'appdata-'))
  Object.assign(process.env, {
    KIOSK_ROLE: role,
    KIOSK_DATA_DIR: dataDir,
    KIOSK_DEVICES: 'sim',
    // Nothing listens there: the kiosk starts offline, as it may in the field.
    KIOSK_SERVER_URL: 'http://127.0.0.1:9',
    KIOSK_CREDENTIAL_FILE: join(dataDir, 'no-terminal.json'),
    LOG_LEVEL: 'silent',
  })
  const f = createFakeElectron()
  const paths: Record<string, string> = { appData }
  const app = Object.assign(f.app, {
    getPath: (name: string) => paths[name] ?? appData,
    setPath: (name: string, value: string) => (paths[name] = value),
  })
  const safeStorage = {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptString: (s: string) => Buffer.from(s),
    decryptString: (b: Buffer) => b.toString(),
  }
  vi.doMock('electron', () => ({ ...f.fake, app, safeStorage }))
  vi.resetModules()
  await import('../../../../electron/main/index')
  // startApp registers IPC once the (fake) app is ready.
  await vi.waitFor(() => expect(f.ipcHandlers.size).toBeGreaterThan(0))
  const mainFrame = { url: `app://kiosk/${role}.html` }
  const call = (channel: string) =>
    f.ipcHandlers.get(channel)!({ sender: { mainFrame }, senderFrame: mainFrame }, undefined)
  return { ...f, dataDir, call, app }
}

describe('the Electron main process, per role', () => {
  it('clerk role: no outbox, no catalog cache, no kiosk channel; the clerk preload', async () => {
    const m = await startMain('clerk')
    expect([...m.ipcHandlers.keys()].sort()).toEqual(
      clerkRequestChannels.map((c) => clerkIpcRequestPrefix + c).sort(),
    )
    expect(await m.call(`${clerkIpcRequestPrefix}clerk:info`)).toMatchObject({
      ok: true,
      value: { serverUrl: 'http://127.0.0.1:9' },
    })
    expect(m.windows()[0]!.options.webPreferences?.preload).toMatch(/preload-clerk\.cjs$/)
    expect(existsSync(join(m.dataDir, 'outbox.db'))).toBe(false)
    expect(existsSync(join(m.dataDir, 'catalog.json'))).toBe(false)
    // Nothing of the kiosk's waits to be closed at quit.
    expect(m.app.listenerCount('will-quit')).toBe(0)
  })

  it('kiosk role: composes the outbox and registers the kiosk contract', async () => {
    const m = await startMain('kiosk')
    expect([...m.ipcHandlers.keys()].sort()).toEqual(
      requestChannels.map((c) => ipcRequestPrefix + c).sort(),
    )
    // A request waits for the composition (devices, outbox) to finish.
    expect(await m.call(`${ipcRequestPrefix}devices:health`)).toMatchObject({ ok: true })
    expect(existsSync(join(m.dataDir, 'outbox.db'))).toBe(true)
    expect(m.windows()[0]!.options.webPreferences?.preload).toMatch(/preload-kiosk\.cjs$/)
    m.app.emit('will-quit')
  })
})
