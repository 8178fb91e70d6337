import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron'
import type { AppRole } from '../../common/domain/app-info'

/**
 * The renderer is untrusted: no Node, isolated context, OS sandbox, web security on. Every option
 * that weakens this is set explicitly so a changed Electron default cannot weaken it silently.
 */
export function secureWebPreferences(preloadPath: string, production: boolean): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
    devTools: !production,
    // enableBlinkFeatures is deliberately never set.
  }
}

export function windowOptions(
  role: AppRole,
  preloadPath: string,
  production: boolean,
): BrowserWindowConstructorOptions {
  const common: BrowserWindowConstructorOptions = {
    show: false,
    backgroundColor: '#f6f3ea',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(preloadPath, production),
  }
  if (role === 'kiosk') {
    // Fullscreen, frameless, unclosable by the resident. Real lockdown also needs the OS shell
    // configured (docs/deployment.md): Electron's kiosk mode on Linux/Windows is only fullscreen.
    return {
      ...common,
      kiosk: true,
      fullscreen: true,
      frame: false,
      closable: false,
      minimizable: false,
    }
  }
  return {
    ...common,
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 700,
    title: '县级便民服务中心 · 视频帮办坐席',
  }
}
