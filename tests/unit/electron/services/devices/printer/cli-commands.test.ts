import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { printerCommands } from '../../../../../../electron/services/devices/printer/cli-commands'
import { parseEscPos } from '../../../../../../electron/services/devices/printer/escpos-parser'
import { receiptFile, sampleInput } from './fixtures'

function capture() {
  const out: string[] = []
  const err: string[] = []
  return { io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s) }, out, err }
}

const dir = mkdtempSync(join(tmpdir(), 'printer-cli-'))

describe('printer CLI commands', () => {
  it('exports exactly print-test and print-receipt', () => {
    expect(Object.keys(printerCommands).sort()).toEqual(['print-receipt', 'print-test'])
  })

  it('print-receipt --sim shows the printed receipt as text', async () => {
    const c = capture()
    const code = await printerCommands['print-receipt']!(
      { argv: ['--data', receiptFile], json: false, sim: true },
      c.io,
    )
    expect(code).toBe(0)
    const text = c.out.join('\n')
    expect(text).toContain('办件编号：QS20240501-0007')
    expect(text).toContain('[QR https://zw.example.cn/progress?case=QS20240501-0007]')
    expect(text).toContain('半切 partial cut')
  })

  it('print-receipt --sim --json gives the parsed receipt', async () => {
    const c = capture()
    const code = await printerCommands['print-receipt']!(
      { argv: ['--data', receiptFile, '--paper', '80mm'], json: true, sim: true },
      c.io,
    )
    expect(code).toBe(0)
    const result = JSON.parse(c.out.join('')) as {
      job: { state: string }
      receipt: { lines: { text: string }[]; qrCodes: string[]; cut: string }
    }
    expect(result.job.state).toBe('printed')
    expect(result.receipt.qrCodes).toEqual(['https://zw.example.cn/progress?case=QS20240501-0007'])
    expect(result.receipt.lines.some((l) => l.text.includes('一寸免冠照片'))).toBe(true)
    expect(result.receipt.cut).toBe('partial')
  })

  it('--out writes the exact bytes', async () => {
    const out = join(dir, 'receipt.bin')
    const c = capture()
    const code = await printerCommands['print-receipt']!(
      { argv: ['--data', receiptFile, '--out', out], json: false, sim: false },
      c.io,
    )
    expect(code).toBe(0)
    const { receipts, errors } = parseEscPos(new Uint8Array(readFileSync(out)))
    expect(errors).toEqual([])
    expect(receipts[0]!.text).toContain('QS20240501-0007')
    expect(c.out[0]).toMatch(/^已写入 \d+ 字节/)
  })

  it('--device sends the bytes to a printer-class device node (a file stands in for /dev/usb/lp0)', async () => {
    const node = join(dir, 'lp0')
    const c = capture()
    const code = await printerCommands['print-receipt']!(
      { argv: ['--data', receiptFile], json: true, sim: false, device: node },
      c.io,
    )
    expect(code).toBe(0)
    expect(JSON.parse(c.out.join(''))).toMatchObject({ device: node, confirmed: false })
    expect(parseEscPos(new Uint8Array(readFileSync(node))).receipts[0]!.text).toContain(
      'QS20240501-0007',
    )
  })

  it('print-test --sim prints a test page with a barcode', async () => {
    const c = capture()
    const code = await printerCommands['print-test']!({ argv: [], json: true, sim: true }, c.io)
    expect(code).toBe(0)
    const result = JSON.parse(c.out.join('')) as { receipt: { barcodes: { data: string }[] } }
    expect(result.receipt.barcodes[0]?.data).toBe('20240501')
  })

  it.each([
    ['no --data', [], 'MISSING_DATA', '缺少 --data'],
    ['a missing file', ['--data', join(dir, 'nope.json')], 'DATA_UNREADABLE', '无法读取'],
    ['not JSON', ['--data', 'BADJSON'], 'DATA_NOT_JSON', '不是有效的 JSON'],
    ['an unmasked ID number', ['--data', 'UNMASKED'], 'DATA_INVALID', 'applicant.idNumber'],
    ['a bad paper width', ['--data', receiptFile, '--paper', '76mm'], 'BAD_PAPER', '58mm 或 80mm'],
  ])('rejects %s with a clear Chinese and English error', async (_name, argv, code, text) => {
    const bad = join(dir, 'bad.json')
    writeFileSync(bad, '{ not json')
    const unmasked = join(dir, 'unmasked.json')
    writeFileSync(
      unmasked,
      JSON.stringify(sampleInput({ applicant: { name: '张*', idNumber: '11010119900307123X' } })),
    )
    const args = argv.map((a) => (a === 'BADJSON' ? bad : a === 'UNMASKED' ? unmasked : a))

    const c = capture()
    expect(
      await printerCommands['print-receipt']!({ argv: args, json: false, sim: true }, c.io),
    ).toBe(2)
    expect(c.err.join('\n')).toContain(text)
    expect(c.err.join('\n')).toContain(`[${code}]`)
    expect(c.err.join('\n')).toMatch(/\/ /) // Chinese / English

    const j = capture()
    expect(
      await printerCommands['print-receipt']!({ argv: args, json: true, sim: true }, j.io),
    ).toBe(2)
    expect(JSON.parse(j.out.join(''))).toMatchObject({ error: { code } })
  })

  it('without --sim, --device or --out says what to give', async () => {
    const c = capture()
    expect(await printerCommands['print-test']!({ argv: [], json: false, sim: false }, c.io)).toBe(
      2,
    )
    expect(c.err.join('')).toContain('--sim')
  })
})
