import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const config = JSON.parse(readFileSync('build/electron-builder.json', 'utf8'))

describe('electron-builder configuration', () => {
  it('builds deb and AppImage for Linux and NSIS for Windows', () => {
    expect(config.linux.target.map((t: { target: string }) => t.target)).toEqual([
      'deb',
      'AppImage',
    ])
    expect(config.win.target.map((t: { target: string }) => t.target)).toEqual(['nsis'])
  })

  it('unpacks the Node-API native modules from asar and never rebuilds them', () => {
    for (const mod of ['node-hid', 'libsql', 'serialport', 'usb']) {
      expect(config.asarUnpack).toContain(`node_modules/${mod}/**`)
    }
    expect(config.npmRebuild).toBe(false)
    expect(config.buildDependenciesFromSource).toBe(false)
  })

  it('flips the security fuses (checklist 19)', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
    })
  })

  it('packages the bundled main process that package.json points at', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'))
    expect(pkg.main).toBe('out/electron/main.cjs')
    expect(config.files).toContain('out/**')
  })

  it('uses a current Electron major (checklist 16)', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'))
    const major = Number(String(pkg.devDependencies.electron).replace(/^\D+/, '').split('.')[0])
    expect(major).toBeGreaterThanOrEqual(45)
  })

  it('passes electron-builder’s own schema (a misspelt key would be ignored on the release machine)', async () => {
    const { validateConfiguration } =
      (await import('app-builder-lib/out/util/config/config.js')) as {
        validateConfiguration(c: unknown, log: unknown): Promise<void>
      }
    const { DebugLogger } = (await import('builder-util')) as {
      DebugLogger: new (enabled: boolean) => unknown
    }
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
    await expect(
      validateConfiguration(
        { ...config, deb: { ...config.deb, afterInstal: 'x' } },
        new DebugLogger(false),
      ),
    ).rejects.toThrow(/Invalid configuration/)
  })
})
