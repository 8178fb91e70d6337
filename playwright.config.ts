import { defineConfig } from '@playwright/test'

// Debian's Chromium, never a downloaded browser (its download is not reachable on these machines).
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
]

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/e2e',
  timeout: 60_000,
  // Two spec files at a time, each with its own centre and device host (kiosk-fixture.ts): the
  // tests mostly wait on the kiosk, the centre and Chromium, so two overlap well on two cores
  // (the whole suite passed twice in a row this way, 9.1 and 6.0 min on the shared machine).
  workers: 2,
  reporter: [['list']],
  globalSetup: './tests/e2e/global-setup.ts',
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1920, height: 1080 },
    locale: 'zh-CN',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: chromiumArgs,
    },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
})
