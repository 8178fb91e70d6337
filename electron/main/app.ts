import type * as ElectronModule from 'electron'
import type { BrowserWindow } from 'electron'
import { CrashRecovery } from '../services/crash-recovery'
import { contentSecurityPolicy, withWebSocketOrigin } from '../services/csp'
import type { TerminalConfig } from '../services/config'
import type { BridgeDispatcher, BridgeEventHub } from '../services/bridge/dispatcher'
import type { Logger } from '../../node-common/logger'
import { registerAppProtocol } from './app-protocol'
import { clerkIpcSurface, forwardBridgeEvents, kioskIpcSurface, registerBridgeIpc } from './ipc'
import { appOrigin, appScheme, hardenWebContents, installSessionSecurity } from './security'
import { windowOptions } from './window-options'

type Electron = Pick<
  typeof ElectronModule,
  'app' | 'BrowserWindow' | 'ipcMain' | 'protocol' | 'session' | 'powerSaveBlocker' | 'Menu'
>

export interface AppDeps {
  electron: Electron
  config: TerminalConfig
  /**
   * What this role's window may call: the kiosk's services in the kiosk role, the clerk's
   * (compose in index.ts) in the clerk role. Only the role's own channels are registered.
   */
  services: { dispatcher: BridgeDispatcher; events: BridgeEventHub }
  log: Logger
  /** The centre the pages may connect to (default: the configured one); read per page served. */
  centreUrl?: () => string
  rendererDir: string
  preloadPath: string
  now?: () => number
  setTimer?: (fn: () => void, ms: number) => unknown
}

export interface RunningApp {
  /** Resolves once the first window has been created (or never, for a second instance). */
  ready: Promise<BrowserWindow | null>
}

/** Shortcuts a resident must not be able to use on a kiosk: reload, DevTools, close, zoom. */
export function isBlockedKioskShortcut(input: {
  key: string
  control: boolean
  alt: boolean
  meta: boolean
  shift: boolean
}): boolean {
  const key = input.key.toLowerCase()
  if (key === 'f5' || key === 'f11' || key === 'f12') return true
  if (input.alt && key === 'f4') return true
  if (
    (input.control || input.meta) &&
    ['r', 'w', 'q', 'n', 't', 'p', '+', '-', '=', '0'].includes(key)
  )
    return true
  if ((input.control || input.meta) && input.shift && ['i', 'j', 'c'].includes(key)) return true
  return false
}

/**
 * The Electron lifecycle, with every decision taken here so it can be tested against a fake
 * `electron` module. `index.ts` only wires the real module and the services into this.
 */
export function startApp(deps: AppDeps): RunningApp {
  const { electron, config, services, log } = deps
  const { app, BrowserWindow, ipcMain, protocol, session, powerSaveBlocker, Menu } = electron
  const now = deps.now ?? Date.now
  const setTimer = deps.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms))

  // Must happen before 'ready': app:// gets the same privileges as https.
  protocol.registerSchemesAsPrivileged([
    {
      scheme: appScheme,
      privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
    },
  ])

  if (!app.requestSingleInstanceLock()) {
    log.warn({}, 'another instance is running; exiting')
    app.exit(0)
    return { ready: Promise.resolve(null) }
  }

  let mainWindow: BrowserWindow | null = null
  app.on('second-instance', () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents))
  app.on('child-process-gone', (_event, details) =>
    log.error({ type: details.type, reason: details.reason }, 'child process gone'),
  )
  app.on('window-all-closed', () => app.quit())

  const surface = config.role === 'kiosk' ? kioskIpcSurface : clerkIpcSurface
  const centreUrl = deps.centreUrl ?? (() => config.serverUrl)
  const csp = () => contentSecurityPolicy({ connect: withWebSocketOrigin(centreUrl()) })

  const ready = app.whenReady().then(() => {
    Menu.setApplicationMenu(null)
    installSessionSecurity(session.defaultSession)
    registerAppProtocol(protocol, deps.rendererDir, csp)
    registerBridgeIpc(ipcMain, services.dispatcher, surface)
    mainWindow = createMainWindow()
    if (config.role === 'kiosk') {
      const blocker = powerSaveBlocker.start('prevent-display-sleep')
      app.on('will-quit', () => powerSaveBlocker.stop(blocker))
    }
    return mainWindow
  })

  function createMainWindow(): BrowserWindow {
    const win = new BrowserWindow(windowOptions(config.role, deps.preloadPath, config.production))
    const contents = win.webContents
    const pageUrl = `${appOrigin}/${config.role}.html`
    const recovery = new CrashRecovery()
    const unforward = forwardBridgeEvents(services.events, contents, surface)
    win.on('closed', () => {
      unforward()
      mainWindow = null
    })
    win.once('ready-to-show', () => win.show())

    contents.on('render-process-gone', (_event, details) => {
      const decision = recovery.onCrash(now())
      log.error(
        { reason: details.reason, exitCode: details.exitCode, decision: decision.action },
        'renderer gone',
      )
      if (decision.action === 'reload') {
        setTimer(() => {
          if (!win.isDestroyed()) void win.loadURL(pageUrl)
        }, decision.afterMs)
      } else if (!win.isDestroyed()) {
        void win.loadURL(`${appOrigin}/fallback.html`)
      }
    })
    contents.on('unresponsive', () => {
      log.error({}, 'renderer unresponsive; restarting it')
      contents.forcefullyCrashRenderer()
    })
    if (config.role === 'kiosk' && config.production) {
      contents.on('before-input-event', (event, input) => {
        if (isBlockedKioskShortcut(input)) event.preventDefault()
      })
    }
    void win.loadURL(pageUrl)
    return win
  }

  return { ready }
}
