import react from '@vitejs/plugin-react'
import { resolve } from 'node:path'
import { defineConfig, type Plugin } from 'vite'

/**
 * The head both pages share (charset, viewport, icon), written once; each page's HTML keeps only
 * its title and entry script. public/fallback.html is copied as it is and carries its own.
 */
const sharedHead: Plugin = {
  name: 'shared-head',
  transformIndexHtml: {
    order: 'pre',
    handler: () => [
      { tag: 'meta', attrs: { charset: 'utf-8' }, injectTo: 'head-prepend' },
      {
        tag: 'meta',
        attrs: { name: 'viewport', content: 'width=device-width, initial-scale=1' },
        injectTo: 'head-prepend',
      },
      { tag: 'link', attrs: { rel: 'icon', href: './favicon.svg' }, injectTo: 'head-prepend' },
    ],
  },
}

// Multi-page renderer: the kiosk, the clerk console and the result verify page. Relative base so the same build is served
// from app://kiosk/, from the device host and from the signaling server's /clerk/ path.
export default defineConfig({
  root: resolve(import.meta.dirname, 'renderer'),
  base: './',
  plugins: [sharedHead, react()],
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
        // The public result verify page the centre serves under /v/ (signaling-server/src/results).
        verify: resolve(import.meta.dirname, 'renderer/verify.html'),
      },
    },
  },
})
