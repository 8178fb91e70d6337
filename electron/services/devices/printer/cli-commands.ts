import { readFile, writeFile } from 'node:fs/promises'
import { connect } from 'node:net'
import {
  PaperWidth,
  ReceiptData,
  type PrintJobInfo,
  type PrinterStatus,
} from '../../../../common/devices/printer'
import { ReceiptPrinterDriver } from './driver'
import type { ParsedReceipt } from './escpos-parser'
import { layoutReceipt, layoutTestPage } from './layout'
import { PrinterSimulator } from './simulator'

/**
 * Printer commands for the technician CLI (electron/services/devices/cli.ts loads this module).
 *
 *   print-test    [--paper 58mm|80mm] [--out FILE]
 *   print-receipt --data FILE.json [--paper 58mm|80mm] [--out FILE]
 *
 * `--sim` prints to the simulator and shows the receipt as parsed back from the bytes;
 * `--out FILE` writes the exact bytes instead of sending them; `--device PATH` sends the bytes
 * to a printer-class device node (e.g. /dev/usb/lp0) or `tcp://HOST[:9100]`.
 */

type Io = { out: (s: string) => void; err: (s: string) => void }
type Args = { argv: string[]; json: boolean; sim: boolean; device?: string }
type Command = (args: Args, io: Io) => Promise<number>

class CliInputError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name)
  if (i >= 0) {
    const value = argv[i + 1]
    if (value === undefined || value.startsWith('--')) {
      throw new CliInputError('MISSING_VALUE', `缺少 ${name} 的值 / ${name} needs a value`)
    }
    return value
  }
  const eq = argv.find((a) => a.startsWith(`${name}=`))
  return eq?.slice(name.length + 1)
}

function paperOf(argv: string[]): PaperWidth {
  const raw = option(argv, '--paper') ?? '58mm'
  const parsed = PaperWidth.safeParse(raw)
  if (!parsed.success) {
    throw new CliInputError('BAD_PAPER', `纸宽只能是 58mm 或 80mm / --paper must be 58mm or 80mm`)
  }
  return parsed.data
}

async function readReceipt(argv: string[]): Promise<ReceiptData> {
  const file = option(argv, '--data')
  if (!file) {
    throw new CliInputError('MISSING_DATA', '缺少 --data 文件 / --data FILE.json is required')
  }
  let raw: string
  try {
    raw = await readFile(file, 'utf8')
  } catch (error) {
    throw new CliInputError(
      'DATA_UNREADABLE',
      `无法读取数据文件 ${file} / cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
    )
  }
  let json: unknown
  try {
    json = JSON.parse(raw)
  } catch {
    throw new CliInputError('DATA_NOT_JSON', `数据文件不是有效的 JSON / ${file} is not valid JSON`)
  }
  const parsed = ReceiptData.safeParse(json)
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('\n')
    throw new CliInputError(
      'DATA_INVALID',
      `回执数据不符合要求 / receipt data is invalid (${file}):\n${problems}`,
    )
  }
  return parsed.data
}

function describeStatus(s: PrinterStatus): string {
  return `${s.message.staff.zh} / ${s.message.staff.en}`
}

function receiptJson(r: ParsedReceipt) {
  return {
    lines: r.lines.map((l) => ({
      text: l.text,
      align: l.align,
      bold: l.bold,
      width: l.width,
      height: l.height,
    })),
    qrCodes: r.qrCodes,
    barcodes: r.barcodes,
    cut: r.cut,
    interrupted: r.interrupted,
  }
}

/** Prints on a fresh simulator through the real driver and shows what came out. */
async function printOnSim(
  label: string,
  bytesOrData: { data: ReceiptData } | { bytes: Uint8Array },
  paper: PaperWidth,
  args: Args,
  io: Io,
): Promise<number> {
  const sim = new PrinterSimulator({ source: 'sim:cli' })
  const driver = new ReceiptPrinterDriver({ paper, replyTimeoutMs: 500, printTimeoutMs: 5000 })
  try {
    await driver.attach(sim)
    const { printed } =
      'data' in bytesOrData
        ? driver.print(bytesOrData.data)
        : driver.enqueue(label, bytesOrData.bytes)
    const job: PrintJobInfo = await Promise.race([
      printed,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(describeStatus(driver.status()))), 10_000),
      ),
    ])
    const receipt = sim.completeReceipts().at(-1)
    if (!receipt) throw new Error('模拟打印机没有输出回执 / the simulator printed no receipt')
    if (args.json) {
      io.out(JSON.stringify({ job, status: driver.status().state, receipt: receiptJson(receipt) }))
    } else {
      io.out(receipt.text)
      io.out(`--- ${receipt.cut === 'partial' ? '半切 partial cut' : '全切 full cut'} ---`)
      io.out(`已打印（模拟） / printed on the simulator: job ${job.id}`)
    }
    return 0
  } finally {
    await driver.close()
  }
}

/** Sends bytes one way to a device node or TCP 9100 (no status: that needs the device manager). */
async function sendToDevice(device: string, bytes: Uint8Array): Promise<void> {
  const tcp = /^tcp:\/\/([^:/]+)(?::(\d+))?\/?$/.exec(device)
  if (!tcp) {
    await writeFile(device, bytes, { flag: 'a' })
    return
  }
  await new Promise<void>((resolve, reject) => {
    const socket = connect({ host: tcp[1]!, port: Number(tcp[2] ?? 9100) })
    socket.setTimeout(10_000, () => socket.destroy(new Error('timeout')))
    socket.once('error', reject)
    socket.once('connect', () => socket.end(bytes, () => resolve()))
  })
}

async function output(
  label: string,
  bytes: Uint8Array,
  source: { data: ReceiptData } | { bytes: Uint8Array },
  paper: PaperWidth,
  args: Args,
  io: Io,
): Promise<number> {
  const out = option(args.argv, '--out')
  if (out) {
    await writeFile(out, bytes)
    io.out(
      args.json
        ? JSON.stringify({ out, bytes: bytes.length })
        : `已写入 ${bytes.length} 字节到 ${out} / wrote ${bytes.length} bytes to ${out}`,
    )
    return 0
  }
  if (args.sim) return printOnSim(label, source, paper, args, io)
  if (args.device) {
    await sendToDevice(args.device, bytes)
    io.out(
      args.json
        ? JSON.stringify({ device: args.device, bytes: bytes.length, confirmed: false })
        : `已发送 ${bytes.length} 字节到 ${args.device}（未确认打印结果）/ sent ${bytes.length} bytes to ${args.device} (not confirmed)`,
    )
    return 0
  }
  throw new CliInputError(
    'NO_TARGET',
    '请指定 --sim、--device 或 --out / give --sim, --device PATH or --out FILE',
  )
}

function fail(error: unknown, args: Args, io: Io): number {
  const code = error instanceof CliInputError ? error.code : 'PRINT_FAILED'
  const message = error instanceof Error ? error.message : String(error)
  if (args.json) io.out(JSON.stringify({ error: { code, message } }))
  else io.err(`错误 / error [${code}]: ${message}`)
  return error instanceof CliInputError ? 2 : 1
}

export const printerCommands: Record<string, Command> = {
  'print-test': async (args, io) => {
    try {
      const paper = paperOf(args.argv)
      const bytes = layoutTestPage(paper, new Date())
      return await output('test-page', bytes, { bytes }, paper, args, io)
    } catch (error) {
      return fail(error, args, io)
    }
  },
  'print-receipt': async (args, io) => {
    try {
      const paper = paperOf(args.argv)
      const data = await readReceipt(args.argv)
      const { bytes } = layoutReceipt(data, { paper })
      return await output(data.caseNumber, bytes, { data }, paper, args, io)
    } catch (error) {
      return fail(error, args, io)
    }
  },
}
