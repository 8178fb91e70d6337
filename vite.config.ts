import react from '@vitejs/plugin-react'
import { resolve } from 'node:path'
import { defineConfig } from 'vite'

// Multi-page renderer: the kiosk and the clerk console. Relative base so the same build is served
// from app://kiosk/, from the device host and from the signaling server's /clerk/ path.
export default defineConfig({
  root: resolve(import.meta.dirname, 'renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: resolve(import.meta.dirname, 'out/renderer'),
    emptyOutDir: true,
    target: 'chrome120',
    reportCompressedSize: false,
    // Chromium (Electron, the clerk's browsers) preloads modules itself: the polyfill was one more
    // file fetched and run before the kiosk's boot chunk.
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: {
        kiosk: resolve(import.meta.dirname, 'renderer/kiosk.html'),
        clerk: resolve(import.meta.dirname, 'renderer/clerk.html'),
      },
    },
  },
})
