import { clerkRequest } from '../platform/clerk-bridge'

/**
 * Where the centre's server is. In the Electron clerk app the main process knows it (the clerk
 * contract's `clerk:info`); in a browser the console was served by that server, so it is this
 * page's own origin.
 */
export async function serverUrl(): Promise<string> {
  const info = await clerkRequest('clerk:info')
  return info ? info.serverUrl : location.origin
}
