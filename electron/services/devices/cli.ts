/**
 * Technician CLI: `npm run devices -- <command> [options]`.
 *
 *   list                       HID devices, serial ports and USB devices with their roles
 *   read-id [--unmasked]       one read (find → select → read); masked unless --unmasked
 *   status                     SAM status check of the ID reader
 *   record --out FILE          one read while recording the wire traffic as a trace
 *   print-test | print-receipt --data FILE.json   (printer module, when present)
 *
 * Every command takes --sim, --replay FILE (read-id), --device PATH, --json.
 * Extra: --framing cp2110|raw|serial, --config devices.json, --sim-card TYPE,
 * --sim-fault no-card|remove-mid-read|bad-checksum|slow|unplug|sam-XX, --timeout MS.
 */
import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { pathToFileURL } from 'node:url'
import { CardType, type IdCard } from '../../../common/devices/id-card'
import { Framing } from '../../../common/devices/device-table'
import { createLogger } from '../../../node-common/logger'
import { loadDeviceTable, hex4 } from './device-table'
import { deviceFramedTransport, framedTransport } from './framed-transport'
import type { FramingProfile } from './framing'
import { listDevices, reportOpener, resolveDevicePath, profileOf } from './discovery'
import { cardLines, maskCard } from './id-reader/display'
import { ReaderError } from './id-reader/errors'
import { IdCardReader } from './id-reader/reader'
import { demoCards } from './id-reader/sim-cards'
import { ReaderSimulator, type SimFault } from './id-reader/simulator'
import type { ByteTransport } from './ports'
import { loadTrace, profileOfTrace, recordingTransport, ReplayTransport } from './trace'

export interface Io {
  out: (s: string) => void
  err: (s: string) => void
}

class UsageError extends Error {
  override readonly name = 'UsageError'
}

const usage = `用法 / usage: npm run devices -- <list|read-id|status|record|print-test|print-receipt> [options]
  --sim                 使用模拟读卡器 / use the simulated reader
  --replay FILE         回放记录文件（read-id）/ replay a trace (read-id)
  --device PATH         指定设备（HID 路径、/dev/ttyUSB0、usb:0400:c35a）/ a device path
  --framing F           cp2110 | raw | serial
  --json                输出 JSON / JSON output
  --unmasked            显示完整姓名和证件号（仅限本人同意）/ show full name and number
  --out FILE            record: 记录文件 / trace file to write
  --config FILE         设备表配置 / device table JSON
  --sim-card TYPE       resident | foreign-permanent | foreign-permanent-2023 | hk-mo-tw-residence
  --sim-fault F         no-card | remove-mid-read | bad-checksum | slow | unplug | sam-XX (hex SW3)`

const options = {
  sim: { type: 'boolean' },
  replay: { type: 'string' },
  device: { type: 'string' },
  framing: { type: 'string' },
  json: { type: 'boolean' },
  unmasked: { type: 'boolean' },
  out: { type: 'string' },
  data: { type: 'string' },
  config: { type: 'string' },
  'sim-card': { type: 'string' },
  'sim-fault': { type: 'string' },
  timeout: { type: 'string' },
  paper: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

type Values = ReturnType<typeof parse>['values']

function parse(argv: string[]) {
  return parseArgs({ args: argv, options, allowPositionals: true, strict: true })
}

function simulator(values: Values, profile: FramingProfile): ReaderSimulator {
  const typeArg = values['sim-card'] ?? 'resident'
  const type = CardType.safeParse(typeArg)
  if (!type.success) throw new UsageError(`未知的证件类型 / unknown card type: ${typeArg}`)
  // Report-sized chunks, so a recorded trace looks like what a real bridge sends.
  const chunk =
    profile.framing === 'cp2110'
      ? 63
      : profile.framing === 'raw'
        ? (profile.reportSize ?? 64) - 1
        : 64
  const sim = new ReaderSimulator({ chunkSize: chunk })
  const fault = values['sim-fault']
  if (fault !== 'no-card') sim.placeCard(demoCards[type.data])
  const faults: Record<string, SimFault | (() => void)> = {
    'no-card': () => undefined,
    'remove-mid-read': { kind: 'remove-mid-read' },
    'bad-checksum': { kind: 'bad-checksum', times: 10 },
    unplug: { kind: 'unplug-mid-read' },
    slow: () => {
      sim.delayMs = 5000
    },
  }
  if (fault) {
    const sam = /^sam-([0-9a-f]{2})$/i.exec(fault)
    const f = sam
      ? ({ kind: 'sam-error', sw3: parseInt(sam[1]!, 16), times: 10 } as const)
      : faults[fault]
    if (!f) throw new UsageError(`未知的故障 / unknown fault: ${fault}`)
    if (typeof f === 'function') f()
    else sim.fault(f)
  }
  return sim
}

function framingOf(values: Values): Framing | undefined {
  if (values.framing === undefined) return undefined
  const f = Framing.safeParse(values.framing)
  if (!f.success) throw new UsageError(`未知的帧格式 / unknown framing: ${values.framing}`)
  return f.data
}

/** The report-level transport and its framing for --sim / --replay / --device. */
async function openReaderReports(
  values: Values,
  allowReplay: boolean,
): Promise<{ reports: ByteTransport; profile: FramingProfile; replay?: ReplayTransport }> {
  const chosen = [values.sim, values.replay, values.device].filter(
    (v) => v !== undefined && v !== false,
  )
  if (chosen.length > 1)
    throw new UsageError(
      '--sim、--replay、--device 只能选一个 / choose one of --sim, --replay, --device',
    )
  if (values.replay !== undefined) {
    if (!allowReplay) throw new UsageError('--replay 仅用于 read-id / --replay is for read-id only')
    const trace = loadTrace(values.replay)
    const replay = new ReplayTransport(trace, `replay:${values.replay}`)
    return { reports: replay, profile: profileOfTrace(trace), replay }
  }
  if (values.sim) {
    const framing = framingOf(values) ?? 'serial'
    const profile: FramingProfile = { framing }
    // The device pads its input reports to 64 bytes, as CP2110 bridges do; the host does not.
    const device: FramingProfile = framing === 'cp2110' ? { framing, padTo: 64 } : profile
    const sim = simulator(values, profile)
    return { reports: deviceFramedTransport(await sim.open(), device), profile }
  }
  const table = loadDeviceTable(values.config)
  if (values.device !== undefined) {
    const found = await resolveDevicePath(values.device, table, 'id-reader', framingOf(values))
    return { reports: await reportOpener(found)(), profile: found.profile }
  }
  const { devices } = await listDevices(table)
  const found = devices.find((d) => d.role === 'id-reader' && d.entry)
  if (!found?.entry) {
    throw new ReaderError(
      'DISCONNECTED',
      'no ID reader from the device table is connected; use --device PATH or --sim',
    )
  }
  const profile = profileOf(found.entry)
  const framing = framingOf(values)
  return {
    reports: await reportOpener(found)(),
    profile: framing ? { ...profile, framing } : profile,
  }
}

function timeoutOf(values: Values): number | undefined {
  if (values.timeout === undefined) return undefined
  const n = Number(values.timeout)
  if (!Number.isFinite(n) || n <= 0)
    throw new UsageError(`无效的超时 / bad --timeout: ${values.timeout}`)
  return n
}

async function withReader<T>(
  values: Values,
  allowReplay: boolean,
  run: (reader: IdCardReader) => Promise<T>,
  wrap?: (reports: ByteTransport, profile: FramingProfile) => ByteTransport,
): Promise<T> {
  const { reports, profile, replay } = await openReaderReports(values, allowReplay)
  const wire = wrap ? wrap(reports, profile) : reports
  const timeout = timeoutOf(values)
  const reader = new IdCardReader(framedTransport(wire, profile), {
    logger: createLogger('devices-cli', undefined, process.env.LOG_LEVEL ?? 'warn'),
    ...(timeout ? { responseTimeoutMs: timeout, readTimeoutMs: timeout } : {}),
  })
  try {
    const result = await run(reader)
    if (replay && replay.remaining > 0) {
      throw new ReaderError(
        'BAD_RESPONSE',
        `trace has ${replay.remaining} unused line(s) after the read: the host sent fewer commands than recorded`,
      )
    }
    return result
  } finally {
    await reader.close()
  }
}

function printCard(card: IdCard, values: Values, io: Io): void {
  const shown = values.unmasked ? card : maskCard(card)
  if (values.json) io.out(JSON.stringify(shown))
  else {
    io.out('读卡成功 / card read')
    for (const line of cardLines(shown)) io.out(`  ${line}`)
  }
}

const commands: Record<string, (values: Values, io: Io) => Promise<number>> = {
  async list(values, io) {
    if (values.sim) {
      const rows = [{ transport: 'sim', path: 'sim:id-reader', role: 'id-reader' }]
      if (values.json) io.out(JSON.stringify({ devices: rows, problems: [] }))
      else io.out('sim:id-reader  id-reader  模拟读卡器 / simulated reader')
      return 0
    }
    const table = loadDeviceTable(values.config)
    const { devices, problems } = await listDevices(table)
    if (values.json) {
      io.out(
        JSON.stringify({
          devices: devices.map(({ entry, ...d }) => ({
            ...d,
            ...(entry ? { name: entry.name, framing: entry.framing } : {}),
          })),
          problems,
        }),
      )
      return 0
    }
    if (devices.length === 0) io.out('未发现设备 / no devices found')
    for (const d of devices) {
      const ids =
        d.vendorId !== undefined ? `${hex4(d.vendorId)}:${hex4(d.productId ?? 0)}` : '----:----'
      const role = d.role ? `${d.role} (${d.entry?.framing})` : '-'
      io.out(`${d.transport.padEnd(6)} ${ids}  ${role.padEnd(26)} ${d.path} ${d.product ?? ''}`)
    }
    for (const p of problems) io.err(`注意 / note: ${p}`)
    return 0
  },

  async 'read-id'(values, io) {
    const read = await withReader(values, true, (r) => r.readCard())
    printCard(read.card, values, io)
    return 0
  },

  async status(values, io) {
    const info = await withReader(values, false, async (r) => {
      const s = await r.request('samStatus')
      return { samStatus: s.sw3 }
    })
    const ok = info.samStatus === 0x90
    if (values.json) {
      io.out(JSON.stringify({ role: 'id-reader', ok, sw3: info.samStatus }))
    } else {
      io.out(
        ok
          ? '读卡器正常 / ID reader OK (SAM status 0x90)'
          : `读卡器异常 / ID reader fault (SW3 0x${info.samStatus.toString(16)})`,
      )
    }
    if (!ok)
      throw new ReaderError(
        'SAM_STATUS_UNKNOWN',
        `SW3=0x${info.samStatus.toString(16)}`,
        info.samStatus,
      )
    return 0
  },

  async record(values, io) {
    const out = values.out
    if (!out) throw new UsageError('record 需要 --out FILE / record needs --out FILE')
    const lines: string[] = []
    const source = values.sim ? 'simulator' : (values.device ?? 'table device')
    const read = await withReader(
      { ...values, replay: undefined },
      false,
      (r) => r.readCard(),
      (reports, profile) =>
        recordingTransport(reports, profile.framing, (l) => lines.push(l), [
          `recorded by "npm run devices -- record" from ${source}`,
          'one read-id: find (20 01), select (20 02), read (30 01)',
        ]),
    )
    writeFileSync(out, lines.join('\n') + '\n')
    if (values.json)
      io.out(JSON.stringify({ out, lines: lines.length, cardType: read.card.cardType }))
    else io.out(`已记录 ${lines.length} 行到 ${out} / recorded ${lines.length} lines to ${out}`)
    return 0
  },
}

type PrinterCommand = (
  args: { argv: string[]; json: boolean; sim: boolean; device?: string },
  io: Io,
) => Promise<number>

async function printerCommand(name: string): Promise<PrinterCommand | undefined> {
  try {
    // Dynamic import: the printer module is developed separately and may be absent.
    const mod = (await import('./printer/cli-commands')) as {
      printerCommands?: Record<string, PrinterCommand>
    }
    return mod.printerCommands?.[name]
  } catch {
    return undefined
  }
}

function fail(error: unknown, json: boolean, io: Io): number {
  let code = 'INTERNAL'
  let message = error instanceof Error ? error.message : String(error)
  let exit = 1
  if (error instanceof UsageError) {
    code = 'USAGE'
    exit = 2
  } else if (error instanceof ReaderError) code = error.code
  else if (
    error &&
    typeof error === 'object' &&
    'code' in error &&
    typeof error.code === 'string'
  ) {
    code = error.code
  }
  if (code === 'TRACE_MISMATCH' || code === 'TRACE_ENDED')
    message = `回放与记录不符 / replay mismatch: ${message}`
  if (json) io.out(JSON.stringify({ error: { code, message } }))
  else io.err(`错误 / error [${code}]: ${message}`)
  return exit
}

export async function runCli(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv
  const json = rest.includes('--json')
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    io.out(usage)
    return command ? 0 : 2
  }
  if (command === 'print-test' || command === 'print-receipt') {
    const cmd = await printerCommand(command)
    if (!cmd) {
      return fail(new UsageError('此版本不含打印机模块 / printer module not available'), json, io)
    }
    const deviceAt = rest.indexOf('--device')
    const device = deviceAt >= 0 ? rest[deviceAt + 1] : undefined
    return cmd({ argv: rest, json, sim: rest.includes('--sim'), ...(device ? { device } : {}) }, io)
  }
  const run = commands[command]
  if (!run)
    return fail(new UsageError(`未知命令 / unknown command: ${command}\n${usage}`), json, io)
  try {
    const { values } = parse(rest)
    return await run(values, io)
  } catch (e) {
    if (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS')) {
      return fail(new UsageError(`${e.message}\n${usage}`), json, io)
    }
    return fail(e, json, io)
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const io: Io = {
    out: (s) => process.stdout.write(s + '\n'),
    err: (s) => process.stderr.write(s + '\n'),
  }
  runCli(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code
    },
    (e: unknown) => {
      process.exitCode = fail(e, process.argv.includes('--json'), io)
    },
  )
}
