import type { BridgeHandlers } from '../../../../common/bridge/contract'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { BridgeError } from '../../../../common/bridge/errors'
import { createBridgeDispatcher } from '../../../../electron/services/bridge/dispatcher'
import { loadTerminalConfig } from '../../../../electron/services/config'
import { createLogger, silentLogger } from '../../../../node-common/logger'
import { createKioskServices } from '../../../../electron/services/kiosk-services'
import { TerminalConfig } from '../../../../electron/services/config'

describe('terminal configuration', () => {
  it('defaults to a kiosk with simulated devices and Chinese first', () => {
    expect(loadTerminalConfig({})).toMatchObject({
      role: 'kiosk',
      devices: 'sim',
      defaultLocale: 'zh-CN',
      production: true,
    })
  })

  it('starts as a clerk console by configuration', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'))
    writeFileSync(
      join(dir, 'c.json'),
      JSON.stringify({ role: 'clerk', serverUrl: 'https://centre.example' }),
    )
    expect(loadTerminalConfig({}, join(dir, 'c.json'))).toMatchObject({
      role: 'clerk',
      serverUrl: 'https://centre.example',
    })
  })

  it('lets the environment override the file', () => {
    expect(loadTerminalConfig({ KIOSK_ROLE: 'clerk', KIOSK_DEV: '1' })).toMatchObject({
      role: 'clerk',
      production: false,
    })
  })

  it('rejects a typo instead of ignoring it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'))
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ rol: 'clerk' }))
    expect(() => loadTerminalConfig({}, join(dir, 'c.json'))).toThrow(
      /invalid terminal configuration/,
    )
    expect(() => loadTerminalConfig({ KIOSK_ROLE: 'admin' })).toThrow(
      /invalid terminal configuration/,
    )
  })
})

describe('bridge dispatcher', () => {
  const services = createKioskServices({
    config: TerminalConfig.parse({}),
    version: '1.0.0',
    log: silentLogger(),
  })

  /** A few working handlers, with the ones a test is about replaced. */
  const handlers = (over: Record<string, () => Promise<unknown>>): BridgeHandlers =>
    ({
      'catalog:categories': async () => [],
      'devices:health': async () => [],
      'session:reset': async () => ({ wiped: true }),
      'terminal:signaling-token': async () => {
        throw new BridgeError('NOT_ENROLLED', 'no credential')
      },
      ...over,
    }) as unknown as BridgeHandlers

  it('validates the output of a handler as well as the input', async () => {
    const broken = createBridgeDispatcher(
      handlers({ 'app:info': async () => ({ role: 'toaster' }) as never }),
      silentLogger(),
    )
    expect(await broken.dispatch('app:info', undefined)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_OUTPUT' },
    })
  })

  it('passes typed errors through and hides other failures behind INTERNAL', async () => {
    const failing = createBridgeDispatcher(
      handlers({
        'app:info': async () => {
          throw new BridgeError('DEVICE_UNAVAILABLE', 'reader unplugged')
        },
        'catalog:categories': async () => {
          throw new Error('ENOENT /secret/path')
        },
      }),
      silentLogger(),
    )
    expect(await failing.dispatch('app:info', undefined)).toEqual({
      ok: false,
      error: { code: 'DEVICE_UNAVAILABLE', message: 'reader unplugged' },
    })
    expect(await failing.dispatch('catalog:categories', undefined)).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'internal error' },
    })
  })

  it('refuses channels outside the contract, including prototype keys', async () => {
    for (const channel of ['constructor', '__proto__', 'toString', 'fs:read']) {
      expect(await services.dispatcher.dispatch(channel, undefined)).toMatchObject({
        ok: false,
        error: { code: 'UNKNOWN_CHANNEL' },
      })
    }
  })
})

describe('logger', () => {
  it('never writes a full ID number or name', () => {
    const lines: string[] = []
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk))
        cb()
      },
    })
    const log = createLogger('test', sink as never)
    log.info({ name: '张三丰', idNumber: '11010519491231002X' }, 'card read for 11010519491231002X')
    expect(lines.join('')).not.toMatch(/张三丰|11010519491231002X/)
    expect(lines.join('')).toContain('110105********002X')
  })
})

describe('terminal signaling identity', () => {
  it('says NOT_ENROLLED when the terminal has no credential or a broken one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cred-'))
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ terminalId: '' }))
    for (const credentialFile of [join(dir, 'missing.json'), join(dir, 'bad.json')]) {
      const services = createKioskServices({
        config: TerminalConfig.parse({ credentialFile }),
        version: '1',
        log: silentLogger(),
      })
      expect(
        await services.dispatcher.dispatch('terminal:signaling-token', undefined),
      ).toMatchObject({
        ok: false,
        error: { code: 'NOT_ENROLLED' },
      })
    }
  })
})
