import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { ipcRequestPrefix, requestChannels } from '../../../../common/bridge/channels'
import {
  clerkIpcRequestPrefix,
  clerkRequestChannels,
} from '../../../../common/bridge/clerk-channels'
import { isBlockedKioskShortcut, startApp } from '../../../../electron/main/app'
import { TerminalConfig } from '../../../../electron/services/config'
import { createClerkServices } from '../../../../electron/services/clerk-services'
import { createKioskServices } from '../../../../electron/services/kiosk-services'
import { silentLogger } from '../../../../node-common/logger'
import {
  createFakeElectron,
  type FakeBrowserWindow,
  type FakeWebContents,
} from '../../../support/fake-electron'

const rendererDir = mkdtempSync(join(tmpdir(), 'renderer-'))
writeFileSync(join(rendererDir, 'kiosk.html'), '<!doctype html><title>kiosk</title>')
mkdtempSync(join(tmpdir(), 'outside-'))

async function boot(
  overrides: Partial<TerminalConfig> = {},
  fakeOpts: { singleInstance?: boolean } = {},
) {
  const f = createFakeElectron(fakeOpts)
  const config = TerminalConfig.parse({ ...overrides })
  const timers: { fn: () => void; ms: number }[] = []
  let clock = 0
  const services = createKioskServices({ config, version: '1.0.0', log: silentLogger() })
  const clerk = createClerkServices({ config, version: '1.0.0', log: silentLogger() })
  const running = startApp({
    electron: f.electron,
    config,
    services: config.role === 'clerk' ? clerk : services,
    log: silentLogger(),
    rendererDir,
    preloadPath: '/app/preload.cjs',
    now: () => clock,
    setTimer: (fn, ms) => timers.push({ fn, ms }),
  })
  const win = (await running.ready) as unknown as FakeBrowserWindow | null
  return { ...f, win, timers, services, advance: (ms: number) => (clock += ms) }
}

describe('kiosk window (checklist 2, 3, 4, 6, 8, 9, 10)', () => {
  it('is fullscreen kiosk, frameless and unclosable, loading app://kiosk/kiosk.html', async () => {
    const { win } = await boot({ role: 'kiosk' })
    expect(win?.options).toMatchObject({
      kiosk: true,
      fullscreen: true,
      frame: false,
      closable: false,
    })
    expect(win?.loaded).toEqual(['app://kiosk/kiosk.html'])
  })

  it('has isolated, sandboxed, Node-free web preferences', async () => {
    const { win } = await boot()
    expect(win?.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      preload: '/app/preload.cjs',
    })
    expect(win?.options.webPreferences).not.toHaveProperty('enableBlinkFeatures')
  })

  it('has no DevTools in production and keeps them in development', async () => {
    expect((await boot({ production: true })).win?.options.webPreferences?.devTools).toBe(false)
    expect((await boot({ production: false })).win?.options.webPreferences?.devTools).toBe(true)
  })

  it('removes the application menu', async () => {
    const { Menu } = await boot()
    expect(Menu.applicationMenu).toBeNull()
  })

  it('shows the window only once it is ready to show (no white flash)', async () => {
    const { win } = await boot()
    expect(win?.shown).toBe(false)
    win?.emit('ready-to-show')
    expect(win?.shown).toBe(true)
  })
})

describe('clerk role', () => {
  it('opens a normal window on clerk.html, not kiosk mode, and keeps the display free to sleep', async () => {
    const { win, powerSaveBlocker } = await boot({ role: 'clerk' })
    expect(win?.options.kiosk).toBeUndefined()
    expect(win?.options.fullscreen).toBeUndefined()
    expect(win?.options.webPreferences?.sandbox).toBe(true)
    expect(win?.loaded).toEqual(['app://kiosk/clerk.html'])
    expect(powerSaveBlocker.started).toEqual([])
  })

  it('registers only the clerk contract on IPC: no kiosk channel exists in this role', async () => {
    const { ipcHandlers } = await boot({ role: 'clerk', serverUrl: 'https://centre.example' })
    expect([...ipcHandlers.keys()].sort()).toEqual(
      clerkRequestChannels.map((c) => clerkIpcRequestPrefix + c).sort(),
    )
    for (const channel of ipcHandlers.keys())
      expect(channel.startsWith(ipcRequestPrefix), channel).toBe(false)
    const mainFrame = { url: 'app://kiosk/clerk.html' }
    const result = await ipcHandlers.get(`${clerkIpcRequestPrefix}clerk:info`)!(
      { sender: { mainFrame }, senderFrame: mainFrame },
      undefined,
    )
    expect(result).toEqual({
      ok: true,
      value: { serverUrl: 'https://centre.example', version: '1.0.0', defaultLocale: 'zh-CN' },
    })
  })
})

describe('power and single instance', () => {
  it('keeps the display awake in kiosk mode and releases it on quit', async () => {
    const { powerSaveBlocker, app } = await boot({ role: 'kiosk' })
    expect(powerSaveBlocker.started).toEqual(['prevent-display-sleep'])
    app.emit('will-quit')
    expect(powerSaveBlocker.stopped).toEqual([1])
  })

  it('a second instance exits at once without opening a window', async () => {
    const { app, win, windows } = await boot({}, { singleInstance: false })
    expect(app.exited).toBe(0)
    expect(win).toBeNull()
    expect(windows()).toHaveLength(0)
  })

  it('focuses the running window when a second instance starts', async () => {
    const { app, win } = await boot()
    app.emit('second-instance')
    expect(win?.focused).toBe(1)
  })
})

describe('navigation and new windows (checklist 11, 12, 13, 14)', () => {
  let contents: FakeWebContents
  beforeEach(async () => {
    const { app, win } = await boot()
    contents = win!.webContents
    app.emit('web-contents-created', {}, contents)
  })

  it('prevents navigation to another origin', () => {
    expect(contents.fire('will-navigate', 'https://evil.example/')).toBe(true)
    expect(contents.fire('will-navigate', 'app://kiosk.attacker.example/kiosk.html')).toBe(true)
    expect(contents.fire('will-navigate', 'file:///etc/passwd')).toBe(true)
  })

  it('allows navigation within the app', () => {
    expect(contents.fire('will-navigate', 'app://kiosk/clerk.html')).toBe(false)
  })

  it('prevents redirects away from the app', () => {
    expect(contents.fire('will-redirect', 'http://127.0.0.1:9/')).toBe(true)
  })

  it('denies every new window', () => {
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({
      action: 'deny',
    })
    expect(contents.windowOpenHandler?.({ url: 'app://kiosk/kiosk.html' })).toEqual({
      action: 'deny',
    })
  })

  it('refuses to attach a <webview>', () => {
    expect(contents.fire('will-attach-webview', {}, {})).toBe(true)
  })
})

describe('permissions (checklist 5)', () => {
  it('allows camera and microphone for the app origin', async () => {
    const { session } = await boot()
    expect(session.request('media', 'app://kiosk/kiosk.html', ['video', 'audio'])).toBe(true)
    expect(session.check('media', 'app://kiosk')).toBe(true)
  })

  it('denies camera and microphone for any other origin', async () => {
    const { session } = await boot()
    expect(session.request('media', 'https://evil.example/', ['video'])).toBe(false)
    expect(session.check('media', 'https://evil.example')).toBe(false)
  })

  it.each([
    'geolocation',
    'notifications',
    'midi',
    'clipboard-read',
    'display-capture',
    'hid',
    'serial',
    'openExternal',
  ])('denies %s even for the app origin', async (permission) => {
    const { session } = await boot()
    expect(session.request(permission, 'app://kiosk/kiosk.html')).toBe(false)
    expect(session.check(permission, 'app://kiosk')).toBe(false)
  })

  it('denies WebHID/WebSerial/WebUSB device access to pages', async () => {
    const { session } = await boot()
    expect((session.devicePermissionHandler as unknown as () => boolean)()).toBe(false)
  })
})

describe('IPC (checklist 17, 20)', () => {
  function frameEvent(url: string, opts: { subframe?: boolean } = {}) {
    const mainFrame = { url }
    return { sender: { mainFrame }, senderFrame: opts.subframe ? { url } : mainFrame }
  }

  it('registers exactly one handler per contract request, and nothing else', async () => {
    const { ipcHandlers } = await boot()
    expect([...ipcHandlers.keys()].sort()).toEqual(
      requestChannels.map((c) => ipcRequestPrefix + c).sort(),
    )
  })

  it('answers a call from the app page', async () => {
    const { ipcHandlers } = await boot({ hallName: '石桥村便民服务站' })
    const result = await ipcHandlers.get(`${ipcRequestPrefix}app:info`)!(
      frameEvent('app://kiosk/kiosk.html'),
      undefined,
    )
    expect(result).toMatchObject({
      ok: true,
      value: { hallName: '石桥村便民服务站', role: 'kiosk' },
    })
  })

  it('rejects a call from a foreign frame', async () => {
    const { ipcHandlers } = await boot()
    const result = await ipcHandlers.get(`${ipcRequestPrefix}app:info`)!(
      frameEvent('https://evil.example/'),
      undefined,
    )
    expect(result).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN_SENDER', message: expect.any(String) },
    })
  })

  it('rejects a call from an iframe, even one on the app origin', async () => {
    const { ipcHandlers } = await boot()
    const result = await ipcHandlers.get(`${ipcRequestPrefix}app:info`)!(
      frameEvent('app://kiosk/x.html', { subframe: true }),
      undefined,
    )
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } })
  })

  it('rejects invalid input with a typed error', async () => {
    const { ipcHandlers } = await boot()
    const handler = ipcHandlers.get(`${ipcRequestPrefix}session:reset`)!
    const result = await handler(frameEvent('app://kiosk/kiosk.html'), { reason: 'rm -rf' })
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
  })

  it('forwards main-process events to the window with validated payloads only', async () => {
    const { win, services } = await boot()
    services.reportDeviceHealth([
      { role: 'id-reader', state: 'ready', source: 'sim:reader', since: new Date(0).toISOString() },
    ])
    expect(win?.webContents.sent).toEqual([
      {
        channel: 'bridge:evt:devices:health-changed',
        payload: [expect.objectContaining({ role: 'id-reader', state: 'ready' })],
      },
    ])
    expect(() => services.reportDeviceHealth([{ role: 'toaster' } as never])).toThrow()
  })
})

describe('crash recovery', () => {
  it('reloads after a crash with a growing delay, then shows the fallback page', async () => {
    const { win, timers, advance } = await boot()
    const crash = () =>
      win!.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 })
    crash()
    crash()
    crash()
    expect(timers.map((t) => t.ms)).toEqual([500, 2000, 8000])
    timers[0]!.fn()
    expect(win?.loaded.at(-1)).toBe('app://kiosk/kiosk.html')
    crash()
    expect(win?.loaded.at(-1)).toBe('app://kiosk/fallback.html')
    // Much later, a single crash is treated as a fresh start again.
    advance(60 * 60_000)
    crash()
    expect(timers.at(-1)?.ms).toBe(500)
  })

  it('restarts an unresponsive renderer', async () => {
    const { win } = await boot()
    win!.webContents.emit('unresponsive')
    expect(win?.webContents.crashedRenderer).toBe(1)
  })
})

describe('kiosk shortcuts', () => {
  const key = (
    k: string,
    mods: Partial<{ control: boolean; alt: boolean; meta: boolean; shift: boolean }> = {},
  ) => ({
    key: k,
    control: false,
    alt: false,
    meta: false,
    shift: false,
    ...mods,
  })

  it.each([
    ['F5', {}],
    ['r', { control: true }],
    ['F12', {}],
    ['I', { control: true, shift: true }],
    ['F4', { alt: true }],
    ['w', { control: true }],
  ] as const)('blocks %s %o', (k, mods) => {
    expect(isBlockedKioskShortcut(key(k, mods))).toBe(true)
  })

  it('lets ordinary typing through', () => {
    expect(isBlockedKioskShortcut(key('a'))).toBe(false)
    expect(isBlockedKioskShortcut(key('5'))).toBe(false)
  })

  it('swallows a blocked shortcut in production kiosk mode', async () => {
    const { win } = await boot({ production: true })
    expect(win!.webContents.fire('before-input-event', key('r', { control: true }))).toBe(true)
    expect(win!.webContents.fire('before-input-event', key('a'))).toBe(false)
  })
})
