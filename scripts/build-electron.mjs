// Bundles the Electron main process and one preload per window role into out/electron
// (preload-kiosk.cjs, preload-clerk.cjs). A preload runs sandboxed, so each must be one
// CommonJS file with only `electron` left as a require.
import { build } from 'esbuild'

const native = [
  'electron',
  'node-hid',
  'libsql',
  'serialport',
  'usb',
  '@serialport/*',
  'pino',
  'thread-stream',
]

await build({
  entryPoints: { main: 'electron/main/index.ts' },
  outdir: 'out/electron',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  external: native,
  logLevel: 'info',
})

await build({
  entryPoints: {
    'preload-kiosk': 'electron/preload/kiosk.ts',
    'preload-clerk': 'electron/preload/clerk.ts',
  },
  outdir: 'out/electron',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  target: 'chrome120',
  format: 'cjs',
  external: ['electron'],
  logLevel: 'info',
})
