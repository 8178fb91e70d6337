import { bridge } from '../platform/bridge'

/**
 * Where the centre's server is. In the Electron clerk app the main process knows it; in a browser
 * the console was served by that server, so it is this page's own origin.
 */
export async function serverUrl(): Promise<string> {
  const b = bridge()
  if (b) return (await b.request('app:info', undefined)).serverUrl
  return location.origin
}
