import { z } from 'zod'

/**
 * Contracts for the receipt printer that cross process boundaries (renderer → main over the
 * bridge, CLI input files, job records). Pure zod: the encoder and driver live in
 * electron/services/devices/printer.
 */

/** A full 18-character resident ID number; a receipt must never carry one unmasked. */
const fullIdNumber = /(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9])/

const noControlChars = (s: string) =>
  !Array.from(s).some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)

/** Printable single-line text: no control characters, so no data can smuggle ESC/POS commands. */
const line = (max: number) =>
  z.string().trim().min(1).max(max).refine(noControlChars, { message: 'control characters' })

export const MaskedApplicant = z.object({
  /** Already masked, e.g. `张*` or `欧*明`. */
  name: line(40).refine((s) => s.includes('*'), { message: 'name must be masked' }),
  /** Already masked, e.g. `110101********123X`. */
  idNumber: line(40)
    .refine((s) => s.includes('*') && !fullIdNumber.test(s), {
      message: 'ID number must be masked',
    })
    .optional(),
})
export type MaskedApplicant = z.infer<typeof MaskedApplicant>

export const DeferredMaterial = z.union([
  line(80),
  z.object({
    name: line(80),
    /** Last day to hand the material in, `YYYY-MM-DD`. */
    deadline: z.iso.date().optional(),
  }),
])
export type DeferredMaterial = z.infer<typeof DeferredMaterial>

/**
 * Where the application stands on its way to the approval system: `uploaded` once the centre
 * acknowledged it, `queued` while it waits in the terminal's outbox (e.g. the network is down).
 */
/** `rejected`: the centre refused the upload (4xx); staff must help, nothing is retried. */
export const UploadStatus = z.enum(['uploaded', 'queued', 'rejected'])
export type UploadStatus = z.infer<typeof UploadStatus>

const caseNumber = z
  .string()
  .regex(/^[A-Za-z0-9-]{4,40}$/, { message: 'case number: 4–40 letters, digits or -' })

/** One part of a bundle (一件事): its item and, once the centre opened it, its case. */
export const ReceiptPart = z.object({
  name: line(120),
  /** Absent while the application waits to be uploaded. */
  caseNumber: caseNumber.optional(),
})
export type ReceiptPart = z.infer<typeof ReceiptPart>

/** The application receipt (受理回执) handed to the resident after submitting. */
export const ReceiptData = z.object({
  title: line(20).default('受理回执'),
  hallName: line(60),
  terminalId: line(40),
  itemName: line(120),
  itemCode: line(60).optional(),
  caseNumber,
  /** For a bundle: each item it was split into, with its own case number. */
  parts: z.array(ReceiptPart).max(20).default([]),
  /** ISO date-time with offset, printed as local wall time of that offset. */
  submittedAt: z.iso.datetime({ offset: true }),
  applicant: MaskedApplicant,
  submittedMaterials: z.array(line(80)).max(50).default([]),
  deferredMaterials: z.array(DeferredMaterial).max(50).default([]),
  /** Promised time limit in working days (承诺时限). */
  promisedDays: z.number().int().min(0).max(365),
  /** Progress lookup URL encoded in the QR code; the case number is used when absent. */
  queryUrl: z.url().max(500).optional(),
  uploadStatus: UploadStatus.default('uploaded'),
  hallPhone: line(30).optional(),
  footer: z.array(line(120)).max(10).default([]),
})
export type ReceiptData = z.infer<typeof ReceiptData>
export type ReceiptDataInput = z.input<typeof ReceiptData>

export const PaperWidth = z.enum(['58mm', '80mm'])
export type PaperWidth = z.infer<typeof PaperWidth>
/** Characters per line in font A (12×24): 384 dots / 12 on 58 mm, 576 / 12 on 80 mm. */
export const paperColumns: Record<PaperWidth, number> = { '58mm': 32, '80mm': 48 }

/** What the printer reports, reduced to what a person must do about it. */
export const PrinterState = z.enum([
  'ready',
  'paper-near-end',
  'paper-out',
  'cover-open',
  'offline',
  'error',
  'disconnected',
])
export type PrinterState = z.infer<typeof PrinterState>

export const PrinterFlags = z.object({
  offline: z.boolean(),
  coverOpen: z.boolean(),
  paperFeeding: z.boolean(),
  paperNearEnd: z.boolean(),
  paperOut: z.boolean(),
  /** Printing stopped because the paper ran out (DLE EOT 2 bit 5). */
  stoppedByPaperEnd: z.boolean(),
  errorOccurred: z.boolean(),
  mechanicalError: z.boolean(),
  cutterError: z.boolean(),
  unrecoverableError: z.boolean(),
  autoRecoverableError: z.boolean(),
})
export type PrinterFlags = z.infer<typeof PrinterFlags>

const Bilingual = z.object({ zh: z.string(), en: z.string() })

export const PrinterStatus = z.object({
  state: PrinterState,
  /** Machine-readable cause, e.g. `cutter-error`, `no-reply`, `paper-near-end`. */
  detail: z.string().max(100).optional(),
  flags: PrinterFlags.optional(),
  message: z.object({ resident: Bilingual, staff: Bilingual }),
  since: z.iso.datetime(),
})
export type PrinterStatus = z.infer<typeof PrinterStatus>

export const PrintJobState = z.enum(['pending', 'printing', 'interrupted', 'printed'])
export type PrintJobState = z.infer<typeof PrintJobState>

/** A job as seen outside the driver (the encoded bytes stay in main). */
export const PrintJobInfo = z.object({
  id: z.string().min(1).max(64),
  /** Case number or `test-page`, for staff to match a receipt to an application. */
  label: z.string().max(60),
  state: PrintJobState,
  attempts: z.number().int().min(0),
  createdAt: z.iso.datetime(),
  printedAt: z.iso.datetime().optional(),
  /** Why the last attempt stopped (printer state), if it did. */
  interruptedBy: z.string().max(100).optional(),
})
export type PrintJobInfo = z.infer<typeof PrintJobInfo>

/** Messages per state, for the resident at the kiosk and for staff (Chinese first). */
export const printerStateMessages: Record<
  PrinterState,
  { resident: { zh: string; en: string }; staff: { zh: string; en: string } }
> = {
  ready: {
    resident: { zh: '打印机就绪', en: 'The printer is ready.' },
    staff: { zh: '打印机正常', en: 'Printer OK.' },
  },
  'paper-near-end': {
    resident: { zh: '打印机就绪', en: 'The printer is ready.' },
    staff: {
      zh: '打印纸即将用完，请尽快更换纸卷',
      en: 'Paper roll nearly empty: replace it soon.',
    },
  },
  'paper-out': {
    resident: {
      zh: '打印机缺纸，请联系工作人员。装纸后回执会自动打印，无需重新办理',
      en: 'The printer is out of paper. Please ask staff; your receipt prints automatically once paper is loaded.',
    },
    staff: {
      zh: '打印纸已用完，请装入新纸卷；未打完的回执将在装纸后重新打印',
      en: 'Out of paper: load a new roll. Unfinished receipts reprint after loading.',
    },
  },
  'cover-open': {
    resident: {
      zh: '打印机盖未关好，请联系工作人员。回执会在处理后自动打印',
      en: 'The printer cover is open. Please ask staff; your receipt prints once it is closed.',
    },
    staff: {
      zh: '打印机盖打开，请合上机盖',
      en: 'Printer cover open: close it.',
    },
  },
  offline: {
    resident: {
      zh: '打印机暂时无法使用，请联系工作人员。您的回执不会丢失',
      en: 'The printer is unavailable. Please ask staff; your receipt will not be lost.',
    },
    staff: {
      zh: '打印机离线或无响应，请检查电源和连接线',
      en: 'Printer offline or not responding: check power and cable.',
    },
  },
  error: {
    resident: {
      zh: '打印机故障，请联系工作人员。您的回执不会丢失',
      en: 'The printer has a fault. Please ask staff; your receipt will not be lost.',
    },
    staff: {
      zh: '打印机报告故障（切刀或机械错误），请检查打印机，必要时重启',
      en: 'Printer reports a fault (cutter or mechanism): inspect it, power-cycle if needed.',
    },
  },
  disconnected: {
    resident: {
      zh: '打印机未连接，请联系工作人员。您的回执不会丢失',
      en: 'The printer is not connected. Please ask staff; your receipt will not be lost.',
    },
    staff: {
      zh: '未检测到打印机，请检查 USB 或网线连接',
      en: 'Printer not detected: check the USB or network cable.',
    },
  },
}
