import { describe, expect, it } from 'vitest'
import * as E from '../../../../../../electron/services/devices/printer/escpos'
import { EscPosEncodeError } from '../../../../../../electron/services/devices/printer/escpos'
import { hex, toHex } from '../hex'

// Each row: the call and the bytes checked by hand against shared/reference/hardware.md §2.
const table: [string, () => Uint8Array, string][] = [
  ['ESC @ init', () => E.init(), '1B 40'],
  ['FS & Chinese mode on', () => E.chineseMode(true), '1C 26'],
  ['FS . Chinese mode off', () => E.chineseMode(false), '1C 2E'],
  ['ESC a 0 left', () => E.align('left'), '1B 61 00'],
  ['ESC a 1 centre', () => E.align('center'), '1B 61 01'],
  ['ESC a 2 right', () => E.align('right'), '1B 61 02'],
  ['ESC E 1 bold on', () => E.bold(true), '1B 45 01'],
  ['ESC E 0 bold off', () => E.bold(false), '1B 45 00'],
  ['GS ! 0x00 normal', () => E.size(1, 1), '1D 21 00'],
  ['GS ! 0x11 double', () => E.size(2, 2), '1D 21 11'],
  ['GS ! 0x10 wide (width = high nibble)', () => E.size(2, 1), '1D 21 10'],
  ['GS ! 0x01 tall', () => E.size(1, 2), '1D 21 01'],
  ['GS ! 0x77 8×8', () => E.size(8, 8), '1D 21 77'],
  ['LF', () => E.lineFeed(), '0A'],
  ['ESC d 3', () => E.feedLines(3), '1B 64 03'],
  ['GB18030 中文', () => E.text('中文'), 'D6 D0 CE C4'],
  ['mixed ASCII and Chinese', () => E.textLine('No.1 号'), '4E 6F 2E 31 20 BA C5 0A'],
  ['control characters cannot inject commands', () => E.text('A\x1bB\x1d\n'), '41 20 42 20 20'],
  ['GS V 0 full cut', () => E.cut(), '1D 56 00'],
  ['GS V 1 partial cut', () => E.cut({ partial: true }), '1D 56 01'],
  ['GS V 65 feed + full cut', () => E.cut({ feed: 5 }), '1D 56 41 05'],
  ['GS V 66 feed + partial cut', () => E.cut({ partial: true, feed: 3 }), '1D 56 42 03'],
  // python-escpos' native QR output for "1234" with model 2, size 3, level L:
  [
    'QR "1234" model 2 size 3 level L',
    () => E.qr('1234', { size: 3, level: 'L' }),
    '1D 28 6B 04 00 31 41 32 00  1D 28 6B 03 00 31 43 03  1D 28 6B 03 00 31 45 30' +
      '  1D 28 6B 07 00 31 50 30 31 32 33 34  1D 28 6B 03 00 31 51 30',
  ],
  ['QR model 1', () => E.qrModel(1), '1D 28 6B 04 00 31 41 31 00'],
  ['QR level H', () => E.qrErrorLevel('H'), '1D 28 6B 03 00 31 45 33'],
  ['QR level Q', () => E.qrErrorLevel('Q'), '1D 28 6B 03 00 31 45 32'],
  ['QR level M', () => E.qrErrorLevel('M'), '1D 28 6B 03 00 31 45 31'],
  // "办件" is 6 bytes of UTF-8: pL = 6 + 3, not the 2 characters + 3.
  [
    'QR store counts bytes, not characters',
    () => E.qrStore(new TextEncoder().encode('办件')),
    '1D 28 6B 09 00 31 50 30 E5 8A 9E E4 BB B6',
  ],
  ['CODE128 set C', () => E.code128Data('20240501'), '7B 43 14 18 05 01'],
  ['CODE128 set B with literal {', () => E.code128Data('AB{1'), '7B 42 41 42 7B 7B 31'],
  ['CODE128 odd digits use set B', () => E.code128Data('123'), '7B 42 31 32 33'],
  ['CODE128 set A for control characters', () => E.code128Data('A\x09', 'A'), '7B 41 41 09'],
  [
    'GS k 73 with height, width and HRI',
    () => E.code128('QS-7', { height: 60, moduleWidth: 2 }),
    '1D 68 3C  1D 77 02  1D 48 02  1D 6B 49 06 7B 42 51 53 2D 37',
  ],
  ['DLE EOT 1', () => E.statusRequest(1), '10 04 01'],
  ['DLE EOT 4', () => E.statusRequest(4), '10 04 04'],
  ['GS a 15 enable ASB', () => E.autoStatusBack(), '1D 61 0F'],
  ['GS r 1', () => E.paperStatusInOrder(), '1D 72 01'],
  ['DLE DC4 fn 8 clear buffers', () => E.clearBuffers(), '10 14 08 01 03 14 01 06 02 08'],
]

describe('ESC/POS encoder', () => {
  it.each(table)('%s', (_name, make, expected) => {
    expect(toHex(make())).toBe(toHex(hex(expected)))
  })

  it('puts a payload of 300 bytes into pL/pH little-endian (303 = 0x012F)', () => {
    const store = E.qrStore(new Uint8Array(300).fill(0x41))
    expect(toHex(store.subarray(0, 8))).toBe('1D 28 6B 2F 01 31 50 30')
    expect(store.length).toBe(8 + 300)
  })

  it('builder concatenates commands in order', () => {
    const bytes = new E.EscPosBuilder().init().chineseMode().bold(true).line('中').cut().bytes()
    expect(toHex(bytes)).toBe('1B 40 1C 26 1B 45 01 D6 D0 0A 1D 56 00')
  })

  it.each([
    ['size out of range', () => E.size(9, 1)],
    ['size zero', () => E.size(0, 1)],
    ['QR module size 17', () => E.qrModuleSize(17)],
    ['empty QR', () => E.qr('')],
    ['QR payload beyond version 40-L capacity', () => E.qr('x'.repeat(E.QR_MAX_BYTES + 1))],
    ['CODE128 set C with odd digits', () => E.code128Data('123', 'C')],
    ['CODE128 set B with Chinese', () => E.code128Data('号', 'B')],
    ['empty barcode', () => E.code128Data('')],
    ['feed 256 lines', () => E.feedLines(256)],
  ])('rejects %s with a typed error', (_name, make) => {
    expect(make).toThrow(EscPosEncodeError)
  })

  it('counts full-width characters as two columns', () => {
    expect(E.textColumns('中文AB')).toBe(6)
    expect(E.textColumns('（）：')).toBe(6)
    expect(E.textColumns('abc 123')).toBe(7)
  })
})
