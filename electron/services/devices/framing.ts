/**
 * Framing profiles: how payload bytes ride in HID reports (hardware.md 1.11, 3.1). Pure.
 *
 * - cp2110: Silicon Labs HID-to-UART bridge. A data report's ID is its payload length (1–63),
 *   in both directions; input reports may be padded beyond that length, and the padding is not
 *   data. Report IDs outside 1–63 are the bridge's feature/control reports, never data.
 * - raw: fixed-size reports (`reportSize` bytes including the report-ID byte), report ID first,
 *   zero padding. The receiver keeps the padding; the GA 467 decoder finds frames by preamble.
 * - serial: a plain byte stream; chunks are passed through unchanged.
 */
import type { Framing } from '../../../common/devices/device-table'

export interface FramingProfile {
  framing: Framing
  /** raw: total report length including the report-ID byte. */
  reportSize?: number
  /** raw: report ID. */
  reportId?: number
  /** cp2110 input reports (device side): pad every report to this length, as many bridges do. */
  padTo?: number
}

export const CP2110_MAX_PAYLOAD = 63
const RAW_DEFAULT_SIZE = 64

function chunks(payload: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = []
  for (let i = 0; i < payload.length; i += size) out.push(payload.subarray(i, i + size))
  return out
}

/** Payload → the reports (or chunks) one side writes. Used by host and device alike. */
export function encodeReports(profile: FramingProfile, payload: Uint8Array): Uint8Array[] {
  switch (profile.framing) {
    case 'serial':
      return payload.length ? [payload.slice()] : []
    case 'cp2110':
      return chunks(payload, CP2110_MAX_PAYLOAD).map((c) => {
        const r = new Uint8Array(Math.max(1 + c.length, profile.padTo ?? 0))
        r[0] = c.length
        r.set(c, 1)
        return r
      })
    case 'raw': {
      const size = profile.reportSize ?? RAW_DEFAULT_SIZE
      return chunks(payload, size - 1).map((c) => {
        const r = new Uint8Array(size)
        r[0] = profile.reportId ?? 0
        r.set(c, 1)
        return r
      })
    }
  }
}

/** One received report (or chunk) → its payload bytes; empty for a non-data report. */
export function decodeReport(profile: FramingProfile, report: Uint8Array): Uint8Array {
  switch (profile.framing) {
    case 'serial':
      return report
    case 'cp2110': {
      const id = report[0]
      if (id === undefined || id < 1 || id > CP2110_MAX_PAYLOAD) return new Uint8Array(0)
      // A short report (the OS may trim) carries what it has; padding beyond `id` is ignored.
      return report.subarray(1, 1 + Math.min(id, report.length - 1))
    }
    case 'raw':
      return report.subarray(1)
  }
}
