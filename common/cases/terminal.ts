import { z } from 'zod'
import { ResidentIdNumber } from '../applications/api'
import { CaseNumber, CaseStatus } from '../applications/schema'
import { ItemCode, LocalizedText, Slug } from '../catalog/schema'
import { ResultDecision } from '../results/payload'

/**
 * What a kiosk sends and reads on a resident's own cases (docs/back-office.md, "At the
 * kiosk"): 补交 of a missing material, 撤回 of an undecided case, the result notice of a
 * decided case and its 出件, and a receipt to reprint. Every request carries the ID number of
 * the card tapped in the session (in the body, never the URL): the centre answers only for
 * cases of that resident, as the progress lookup does. The centre validates every body; the kiosk every answer.
 */

/** An inline page as the camera screen makes it (base64 JPEG/PNG/WebP, no data: prefix). */
export const SuppliedPage = z.object({
  mediaType: z.enum(['image/jpeg', 'image/png', 'image/webp']),
  base64: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/),
})
export type SuppliedPage = z.infer<typeof SuppliedPage>

/** `POST /api/v1/cases/{n}/supply` with `Idempotency-Key: <supplyId>`. */
export const SupplyRequest = z.object({
  /** Made by the kiosk when the resident sends; the key of every retry. */
  supplyId: z.uuid(),
  terminalId: z.string().min(1).max(100),
  idNumber: ResidentIdNumber,
  materialId: Slug,
  pages: z.array(SuppliedPage).min(1).max(20),
  /** The resident's visit at this kiosk: its video-help calls are linked to the case too. */
  visitId: z.uuid().optional(),
})
export type SupplyRequest = z.infer<typeof SupplyRequest>

/** The centre's answer to a 补交 (also for a repeat of the same supplyId). */
export const SupplyReceipt = z.object({
  supplyId: z.uuid(),
  caseNumber: CaseNumber,
  materialId: Slug,
  /** The case's status after it: back in the clerk's queue when nothing asked for is missing. */
  status: CaseStatus,
  receivedAt: z.iso.datetime({ offset: true }),
})
export type SupplyReceipt = z.infer<typeof SupplyReceipt>

/** `POST /api/v1/cases/{n}/result`, `/receipt`: who is asking. */
export const ResidentCaseRequest = z.object({ idNumber: ResidentIdNumber })
export type ResidentCaseRequest = z.infer<typeof ResidentCaseRequest>

/** `POST /api/v1/cases/{n}/issued`: the notice with this payload came out of the printer. */
export const IssuedRequest = z.object({
  idNumber: ResidentIdNumber,
  payload: z.string().min(1).max(400),
})
export type IssuedRequest = z.infer<typeof IssuedRequest>

/** A decided case's signed result notice, to print with its QR code. */
export const ResultToPrint = z.object({
  caseNumber: CaseNumber,
  itemCode: ItemCode,
  itemName: LocalizedText,
  decision: ResultDecision,
  decidedAt: z.iso.datetime({ offset: true }),
  /** Exactly as signed: print these words, nothing else, above the QR code. */
  noticeText: z.string().min(1).max(2000),
  payload: z.string().min(1).max(400),
  /** What goes into the QR code (the verify page's address). */
  qrText: z.string().min(1).max(600),
  url: z.string().min(1).max(600),
  /** 已出件: handed out already (a print now is a reprint of the same notice). */
  issued: z.boolean(),
})
export type ResultToPrint = z.infer<typeof ResultToPrint>

/** What a reprinted receipt (补打回执) shows: the case as the centre has it. */
export const ReceiptReprint = z.object({
  caseNumber: CaseNumber,
  itemCode: ItemCode,
  itemName: LocalizedText,
  submittedAt: z.iso.datetime({ offset: true }),
  status: CaseStatus,
  missing: z.array(z.object({ name: LocalizedText, dueDate: z.iso.date() })),
  promisedWorkingDays: z.number().int().nonnegative(),
  /** The case's progress link (the original receipt's page link is kept only as a hash). */
  progressUrl: z.string().min(1).max(600),
})
export type ReceiptReprint = z.infer<typeof ReceiptReprint>

/**
 * `POST /api/v1/cases/{n}/withdraw` with `Idempotency-Key: <withdrawalId>`: the resident
 * withdraws (撤回) an undecided case at a kiosk. Answered online (docs/back-office.md, "撤回 at
 * the kiosk"): a resend of the same withdrawalId is answered again and records nothing more.
 */
export const WithdrawRequest = z.object({
  /** Made by the kiosk for this case when the resident first confirms; the key of every retry. */
  withdrawalId: z.uuid(),
  terminalId: z.string().min(1).max(100),
  idNumber: ResidentIdNumber,
})
export type WithdrawRequest = z.infer<typeof WithdrawRequest>

/** The centre's answer to a withdrawal (also for a repeat of the same withdrawalId). */
export const WithdrawReceipt = z.object({
  withdrawalId: z.uuid(),
  caseNumber: CaseNumber,
  status: z.literal('withdrawn'),
  withdrawnAt: z.iso.datetime({ offset: true }),
})
export type WithdrawReceipt = z.infer<typeof WithdrawReceipt>
