// The udev rules shipped in the deb: every device of the built-in device table can be opened by
// the kiosk's user without root, and the package installs the rules where udev reads them.
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { builtInDeviceTable, hex4 } from '../../../electron/services/devices/device-table'

const RULES_DIR = 'build/udev'
const rulesFiles = readdirSync(RULES_DIR).filter((f) => f.endsWith('.rules'))
const rules = rulesFiles.flatMap((f) =>
  readFileSync(`${RULES_DIR}/${f}`, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#')),
)
const config = JSON.parse(readFileSync('build/electron-builder.json', 'utf8'))
const afterInstall = readFileSync(config.deb.afterInstall, 'utf8')
const afterRemove = readFileSync(config.deb.afterRemove, 'utf8')

/** How each transport's device node is matched (hidraw node, libusb's usb device, tty). */
const MATCH: Record<string, string> = {
  hid: 'KERNEL=="hidraw*"',
  usb: 'SUBSYSTEM=="usb"',
  serial: 'SUBSYSTEM=="tty"',
}

describe('udev rules', () => {
  it('has a rule giving the kiosk’s user access to every device of the device table', () => {
    const local = builtInDeviceTable.filter((d) => d.transport !== 'tcp')
    expect(local.length).toBeGreaterThan(0)
    for (const d of local) {
      const ids = `ATTRS{idVendor}=="${hex4(d.vendorId)}", ATTRS{idProduct}=="${hex4(d.productId)}"`
      const line = rules.find((l) => l.startsWith(`${MATCH[d.transport]}, ${ids},`))
      expect(line, `${d.name} (${hex4(d.vendorId)}:${hex4(d.productId)})`).toBeDefined()
      expect(line).toContain('MODE="0660"')
      expect(line).toContain(d.transport === 'serial' ? 'GROUP="dialout"' : 'GROUP="plugdev"')
      // The seat's logged-in user (the kiosk's auto-login session) gets an ACL: no group needed.
      expect(line).toContain('TAG+="uaccess"')
    }
    // No rule for a device the table does not drive (nothing opened up for nothing).
    expect(rules).toHaveLength(local.length)
  })

  it('runs before udev’s seat rules, so that uaccess applies', () => {
    for (const f of rulesFiles) expect(Number(f.slice(0, 2))).toBeLessThan(73)
  })

  it('is shipped in the deb and installed where udev reads it, and removed with the package', () => {
    expect(config.linux.extraFiles).toContainEqual({
      from: RULES_DIR,
      to: 'udev',
      filter: ['*.rules'],
    })
    for (const f of rulesFiles) {
      expect(afterInstall).toContain(`'/opt/\${sanitizedProductName}/udev/${f}'`)
      expect(afterInstall).toContain(`'/usr/lib/udev/rules.d/${f}'`)
      expect(afterRemove).toContain(`rm -f '/usr/lib/udev/rules.d/${f}'`)
    }
    expect(afterInstall).toContain('udevadm control --reload-rules')
  })

  it('keeps everything electron-builder’s own scripts do (a custom script replaces them)', () => {
    for (const [ours, template] of [
      [afterInstall, 'after-install.tpl'],
      [afterRemove, 'after-remove.tpl'],
    ] as const) {
      const defaults = readFileSync(
        `node_modules/app-builder-lib/templates/linux/${template}`,
        'utf8',
      )
      expect(ours.startsWith(defaults), template).toBe(true)
      // electron-builder expands ${name} in the scripts and refuses names it does not know.
      const macros = new Set([...ours.matchAll(/\$\{([a-zA-Z]+)\}/g)].map((m) => m[1]))
      expect([...macros].sort()).toEqual(['executable', 'sanitizedProductName'])
    }
  })
})
