import type { Session, WebContents } from 'electron'

/** `app://kiosk` — the only origin the app trusts. */
export const appScheme = 'app'
export const appHost = 'kiosk'
export const appOrigin = `${appScheme}://${appHost}`

/** Compares parsed origins; `startsWith` would accept app://kiosk.attacker. */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url)
    return u.protocol === `${appScheme}:` && u.host === appHost
  } catch {
    return false
  }
}

/** Only the camera and microphone, only for our own pages. Everything else is denied. */
export function isPermissionAllowed(
  permission: string,
  requestingUrl: string,
  mediaTypes: readonly string[] = [],
): boolean {
  if (permission !== 'media' || !isAppUrl(requestingUrl)) return false
  return mediaTypes.every((t) => t === 'video' || t === 'audio')
}

export function installSessionSecurity(session: Session): void {
  session.setPermissionRequestHandler((_wc, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes ?? []) : []
    callback(isPermissionAllowed(permission, details.requestingUrl, mediaTypes))
  })
  session.setPermissionCheckHandler((_wc, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin),
  )
  // WebHID/WebSerial/WebUSB from the page: devices belong to the main process, never the renderer.
  session.setDevicePermissionHandler(() => false)
}

/** Applied to every webContents the app ever creates (app 'web-contents-created'). */
export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault()
  })
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault()
  })
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  contents.on('will-attach-webview', (event) => event.preventDefault())
}
