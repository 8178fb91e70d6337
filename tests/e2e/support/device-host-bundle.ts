import { build } from 'esbuild'
import { resolve } from 'node:path'

/** Where the run's bundle of the device host goes (inside the repo, so its externals resolve). */
export const deviceHostBundle = resolve('out/e2e/device-host.mjs')

/**
 * The device host's command line (electron/device-host/cli.ts) bundled into one ES module, as
 * the Electron main process is bundled for the app: a spec starts the device host many times
 * (every spec file, every restart), and loading one file takes a few seconds less on loaded cores
 * than tsx compiling the tree at each start. Native modules and pino (its worker threads load
 * files of their own) stay in node_modules.
 */
export async function bundleDeviceHost(): Promise<string> {
  await build({
    entryPoints: ['electron/device-host/cli.ts'],
    outfile: deviceHostBundle,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    external: [
      'electron',
      'node-hid',
      'libsql',
      'serialport',
      'usb',
      '@serialport/*',
      'pino',
      'thread-stream',
    ],
    // The bundled CommonJS packages call require(); an ES module has none of its own.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    logLevel: 'warning',
  })
  return deviceHostBundle
}
