import { randomUUID } from 'node:crypto'
import type { z } from 'zod'
import type { RequestChannel } from '../../../../common/bridge/channels'
import type { RequestOutput, RequestSpec } from '../../../../common/bridge/contract'
import { BridgeError } from '../../../../common/bridge/errors'
import type { SupplyRequest } from '../../../../common/cases/terminal'
import type { ReceiptDataInput } from '../../../../common/devices/printer'
import { maskIdNumber, maskName } from '../../../../common/privacy/mask'
import type { Logger } from '../../../../node-common/logger'
import { CentreRejectedError } from '../../centre-api/errors'
import type { ResidentCasesClient } from '../../centre-api/resident-cases'
import type { ResultNoticePrint } from '../../devices/printer/result-layout'
import type { ResidentSession } from './session'

/*
 * The progress screen's actions on the signed-in resident's own cases: 补交 (the pages of one
 * missing material, from the session, into the durable outbox), 打印结果 (the centre's signed
 * notice with its QR code, then 出件 at the centre once it printed), 补打回执 and 撤回 (online:
 * the resident sees it took effect, or is told the centre is unreachable). Every call carries
 * the ID number of the card in the session: the centre answers only for that resident.
 */

type In<C extends RequestChannel> = z.output<RequestSpec<C>['input']>

export interface SupplyOutboxLike {
  submitSupply(input: SupplyRequest & { caseNumber: string }): {
    supplyId: string
    state: 'waiting' | 'confirmed' | 'failed'
  }
}

export interface NoticePrinterLike {
  print(receipt: ReceiptDataInput): { printed: Promise<unknown> }
  printResult?(notice: ResultNoticePrint): { printed: Promise<unknown> }
}

export interface ResidentCaseDeps {
  session: ResidentSession
  outbox: SupplyOutboxLike | undefined
  centre: ResidentCasesClient | undefined
  printer: () => NoticePrinterLike | undefined
  terminalId: () => Promise<string>
  /** The hall printed on receipts (a function: an enrolment on site changes it). */
  hallName: string | (() => string)
  log: Logger
  printTimeoutMs?: number
}

export function createResidentCaseHandlers(deps: ResidentCaseDeps) {
  function card() {
    const c = deps.session.card
    if (!c) throw new BridgeError('NO_CARD', 'no card read in this session')
    return c
  }
  function centre(): ResidentCasesClient {
    if (!deps.centre) throw new BridgeError('OFFLINE', 'no centre client')
    return deps.centre
  }
  function printer(): NoticePrinterLike {
    const p = deps.printer()
    if (!p) throw new BridgeError('DEVICE_UNAVAILABLE', 'no receipt printer')
    return p
  }
  /** Whether the job came out of the printer within the wait. */
  async function printed(job: { printed: Promise<unknown> }): Promise<boolean> {
    let timer: ReturnType<typeof setTimeout> | undefined
    const out = await Promise.race([
      job.printed.then(
        () => true,
        () => false,
      ),
      new Promise<false>(
        (r) => (timer = setTimeout(() => r(false), deps.printTimeoutMs ?? 15_000)),
      ),
    ])
    clearTimeout(timer)
    return out
  }

  /**
   * The withdrawal id of each case whose 撤回 has no answer yet: asking again (the link dropped,
   * perhaps after the centre recorded it) resends the same id, which the centre records once.
   * Case numbers only, nothing of the resident; forgotten once the centre answered.
   */
  const unanswered = new Map<string, string>()

  async function withdraw(input: In<'case:withdraw'>): Promise<RequestOutput<'case:withdraw'>> {
    const c = card()
    const client = centre()
    const withdrawalId = unanswered.get(input.caseNumber) ?? randomUUID()
    unanswered.set(input.caseNumber, withdrawalId)
    try {
      await client.withdraw(input.caseNumber, {
        withdrawalId,
        terminalId: await deps.terminalId(),
        idNumber: c.idNumber,
      })
    } catch (e) {
      // Decided or withdrawn meanwhile: a definite answer, nothing changed.
      if (e instanceof CentreRejectedError && e.apiCode === 'invalid_transition') {
        unanswered.delete(input.caseNumber)
        deps.log.info({ caseNumber: input.caseNumber }, 'withdrawal too late: case decided')
        return { outcome: 'too-late' }
      }
      if (e instanceof CentreRejectedError) unanswered.delete(input.caseNumber)
      throw e
    }
    unanswered.delete(input.caseNumber)
    deps.log.info({ caseNumber: input.caseNumber }, 'case withdrawn by the resident')
    return { outcome: 'withdrawn' }
  }

  async function supply(input: In<'supply:send'>): Promise<RequestOutput<'supply:send'>> {
    const c = card()
    if (!deps.outbox) throw new BridgeError('DEVICE_UNAVAILABLE', 'the outbox is not available')
    const pages = deps.session.pagesOf(input.materialId)
    if (pages.length === 0)
      throw new BridgeError('INVALID_INPUT', `no photo of ${input.materialId}`)
    const status = deps.outbox.submitSupply({
      caseNumber: input.caseNumber,
      supplyId: randomUUID(),
      terminalId: await deps.terminalId(),
      idNumber: c.idNumber,
      materialId: input.materialId,
      pages: pages.map((p) => ({ mediaType: p.mediaType, base64: p.base64 })),
      ...(input.visitId ? { visitId: input.visitId } : {}),
    })
    // The pages now live only in the encrypted outbox.
    deps.session.dropMaterial(input.materialId)
    deps.log.info(
      { caseNumber: input.caseNumber, materialId: input.materialId, pages: pages.length },
      'supply queued',
    )
    return { supplyId: status.supplyId, state: status.state }
  }

  async function printResult(input: In<'result:print'>): Promise<RequestOutput<'result:print'>> {
    const c = card()
    const p = printer()
    if (!p.printResult)
      throw new BridgeError('DEVICE_UNAVAILABLE', 'the printer cannot print notices')
    const notice = await centre().result(input.caseNumber, c.idNumber)
    const ok = await printed(
      p.printResult({
        caseNumber: notice.caseNumber,
        noticeText: notice.noticeText,
        qrText: notice.qrText,
        hallName: typeof deps.hallName === 'function' ? deps.hallName() : deps.hallName,
      }),
    )
    if (!ok) return { printed: false, issued: notice.issued }
    // 出件 only once it is on paper: a jam leaves the case 待出件 for the next try.
    const answer = await centre().markIssued(input.caseNumber, c.idNumber, notice.payload)
    deps.log.info({ caseNumber: input.caseNumber }, 'result notice printed and issued')
    return { printed: true, issued: answer.status === 'issued' || answer.status === 'closed' }
  }

  async function reprint(input: In<'receipt:reprint'>): Promise<RequestOutput<'receipt:reprint'>> {
    const c = card()
    const p = printer()
    const r = await centre().receipt(input.caseNumber, c.idNumber)
    const ok = await printed(
      p.print({
        title: '受理回执（补打）',
        hallName: typeof deps.hallName === 'function' ? deps.hallName() : deps.hallName,
        terminalId: await deps.terminalId(),
        itemName: r.itemName['zh-CN'],
        itemCode: r.itemCode,
        caseNumber: r.caseNumber,
        submittedAt: r.submittedAt,
        applicant: { name: maskName(c.name), idNumber: maskIdNumber(c.idNumber) },
        deferredMaterials: r.missing.map((m) => ({ name: m.name['zh-CN'], deadline: m.dueDate })),
        promisedDays: r.promisedWorkingDays,
        queryUrl: r.progressUrl,
        uploadStatus: 'uploaded',
        footer: ['补打的回执，与原回执同等有效'],
      }),
    )
    deps.log.info({ caseNumber: input.caseNumber, printed: ok }, 'receipt reprinted')
    return { printed: ok }
  }

  return { supply, printResult, reprint, withdraw }
}
