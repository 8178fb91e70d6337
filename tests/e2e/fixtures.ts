import { test as base, type Page } from '@playwright/test'
import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import pino from 'pino'
import { startDeviceHost, type DeviceHost } from '../../electron/device-host/server'
import { TerminalConfig } from '../../electron/services/config'
import { createKioskServices, type KioskServices } from '../../electron/services/kiosk-services'
import { silentLogger } from '../../node-common/logger'
import { createApplication } from '../../signaling-server/src/app'

export const rendererDir = resolve('out/renderer')
export const screenshotDir = resolve('test-results/screenshots')

export interface System {
  serverUrl: string
  kioskUrl: string
  host: DeviceHost
  services: KioskServices
}

/** The whole system on loopback: signaling server and device host, as `npm start` runs them. */
export const test = base.extend<object, { system: System }>({
  system: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture dependencies from this pattern
    async ({}, use) => {
      const server = createApplication({
        log: pino({ level: 'silent' }),
        version: 'e2e',
        rendererDir,
      })
      const { url: serverUrl } = await server.listen(0)
      const services = createKioskServices({
        config: TerminalConfig.parse({ serverUrl, hallName: '示范村便民服务站' }),
        version: 'e2e',
        log: silentLogger(),
      })
      const host = await startDeviceHost({ services, rendererDir, serverUrl, log: silentLogger() })
      await use({ serverUrl, kioskUrl: host.url, host, services })
      await host.close()
      await server.close()
    },
    { scope: 'worker' },
  ],
})

/** Saves a full-page screenshot under test-results/screenshots for people to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true })
  await page.screenshot({ path: resolve(screenshotDir, `${name}.png`), fullPage: true })
}

export { expect } from '@playwright/test'
