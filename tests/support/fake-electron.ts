// A fake of the parts of the `electron` module that electron/main uses. It records what the app
// configured (window options, handlers, IPC channels) and lets tests fire the events Electron
// would, so every security setting and lifecycle rule is checked without the Electron binary.
import { EventEmitter } from 'node:events'
import type * as ElectronModule from 'electron'

type Handler = (...args: never[]) => unknown

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null
  sent: { channel: string; payload: unknown }[] = []
  destroyed = false
  crashedRenderer = 0
  mainFrame = { url: 'app://kiosk/kiosk.html' }
  setWindowOpenHandler(h: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = h
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload })
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
  forcefullyCrashRenderer(): void {
    this.crashedRenderer++
  }
  /** Fires an event with a preventable event object; returns whether it was prevented. */
  fire(name: string, ...args: unknown[]): boolean {
    let prevented = false
    this.emit(name, { preventDefault: () => (prevented = true) }, ...args)
    return prevented
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = []
  webContents = new FakeWebContents()
  loaded: string[] = []
  shown = false
  focused = 0
  constructor(readonly options: ElectronModule.BrowserWindowConstructorOptions) {
    super()
    FakeBrowserWindow.instances.push(this)
  }
  loadURL(url: string): Promise<void> {
    this.loaded.push(url)
    return Promise.resolve()
  }
  show(): void {
    this.shown = true
  }
  focus(): void {
    this.focused++
  }
  isMinimized(): boolean {
    return false
  }
  restore(): void {}
  isDestroyed(): boolean {
    return false
  }
}

export class FakeSession {
  permissionRequestHandler: Handler | null = null
  permissionCheckHandler: Handler | null = null
  devicePermissionHandler: Handler | null = null
  setPermissionRequestHandler(h: Handler): void {
    this.permissionRequestHandler = h
  }
  setPermissionCheckHandler(h: Handler): void {
    this.permissionCheckHandler = h
  }
  setDevicePermissionHandler(h: Handler): void {
    this.devicePermissionHandler = h
  }
  /** Runs the request handler as Electron would and returns what it decided. */
  request(permission: string, requestingUrl: string, mediaTypes?: string[]): boolean {
    let decision: boolean | undefined
    const h = this.permissionRequestHandler as unknown as (
      wc: unknown,
      p: string,
      cb: (ok: boolean) => void,
      d: object,
    ) => void
    h({}, permission, (ok) => (decision = ok), {
      requestingUrl,
      ...(mediaTypes ? { mediaTypes } : {}),
    })
    if (decision === undefined) throw new Error('permission handler never answered')
    return decision
  }
  check(permission: string, requestingOrigin: string): boolean {
    const h = this.permissionCheckHandler as unknown as (
      wc: unknown,
      p: string,
      o: string,
    ) => boolean
    return h({}, permission, requestingOrigin)
  }
}

export function createFakeElectron(opts: { singleInstance?: boolean } = {}) {
  FakeBrowserWindow.instances = []
  const app = Object.assign(new EventEmitter(), {
    exited: null as number | null,
    quitCalled: 0,
    requestSingleInstanceLock: () => opts.singleInstance ?? true,
    whenReady: () => Promise.resolve(),
    exit(code: number) {
      this.exited = code
    },
    quit() {
      this.quitCalled++
    },
    getVersion: () => '0.0.0-test',
  })
  const ipcHandlers = new Map<string, (event: unknown, input: unknown) => Promise<unknown>>()
  const ipcMain = {
    handle(channel: string, h: (event: unknown, input: unknown) => Promise<unknown>) {
      if (ipcHandlers.has(channel)) throw new Error(`second handler for ${channel}`)
      ipcHandlers.set(channel, h)
    },
  }
  const protocol = {
    privileged: [] as unknown[],
    handlers: new Map<string, (req: Request) => Promise<Response>>(),
    registerSchemesAsPrivileged(schemes: unknown[]) {
      this.privileged.push(...schemes)
    },
    handle(scheme: string, h: (req: Request) => Promise<Response>) {
      this.handlers.set(scheme, h)
    },
  }
  const defaultSession = new FakeSession()
  const powerSaveBlocker = {
    started: [] as string[],
    stopped: [] as number[],
    start(type: string) {
      this.started.push(type)
      return this.started.length
    },
    stop(id: number) {
      this.stopped.push(id)
    },
  }
  const Menu = {
    applicationMenu: undefined as unknown,
    setApplicationMenu(m: unknown) {
      this.applicationMenu = m
    },
  }
  const fake = {
    app,
    BrowserWindow: FakeBrowserWindow,
    ipcMain,
    protocol,
    session: { defaultSession },
    powerSaveBlocker,
    Menu,
  }
  return {
    fake,
    /** The same object typed as the electron module, for startApp. */
    electron: fake as unknown as typeof ElectronModule,
    app,
    ipcHandlers,
    protocol,
    session: defaultSession,
    powerSaveBlocker,
    Menu,
    windows: () => FakeBrowserWindow.instances,
  }
}
