import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A renderer folder with a blank kiosk.html, for a device host that must serve the kiosk page. */
export function blankKioskRenderer(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  writeFileSync(
    join(dir, 'kiosk.html'),
    '<!doctype html><html><head><title>k</title></head><body></body></html>',
  )
  return dir
}
