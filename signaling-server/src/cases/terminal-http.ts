import { API_V1 } from '../../../common/applications/api'
import { CaseNumber, type CaseProgress } from '../../../common/applications/schema'
import type { Catalog } from '../../../common/catalog/schema'
import {
  IssuedRequest,
  ResidentCaseRequest,
  SupplyRequest,
  WithdrawRequest,
  type ReceiptReprint,
  type ResultToPrint,
  type SupplyReceipt,
  type WithdrawReceipt,
} from '../../../common/cases/terminal'
import type { PinoLogger as Logger } from '../../../node-common/logger'
import { z } from 'zod'
import { hmac, type DataKeys } from '../applications/crypto'
import type { ApplicationRecords } from '../applications/index'
import { bucketsPerKey, terminalAuth } from '../http/auth'
import { APPLICATION_BODY_BYTES, SMALL_BODY_BYTES } from '../http/body'
import { HttpError, sendJson as send } from '../http/errors'
import { route, type AnyRoute } from '../http/router'
import type { TerminalStore } from '../store/types'
import type { ActResult, CaseView, CaseWork } from './service'

/*
 * The kiosk's routes on a resident's own cases (docs/back-office.md, "At the kiosk"): 补交,
 * 撤回, the result notice and its 出件, a receipt to reprint. A terminal's bearer only (a staff
 * session is refused), and only for cases of the resident whose card was tapped: the ID number
 * in the body must be the case's applicant's (matched by HMAC, as the progress lookup does), else
 * 404, the same as for a case that does not exist, so the endpoints are no case-number oracle.
 * Rate-limited per terminal like the lookup.
 */

export interface TerminalCasesDeps {
  store: TerminalStore
  work: CaseWork
  applications: ApplicationRecords
  keys: DataKeys
  catalog: () => Catalog
  log: Logger
  now: () => number
  /** The case-number progress link (`/api/v1/progress/{n}?t=…`) for a reprinted receipt. */
  progressUrl: (caseNumber: string) => string
  lookupRate?: { burst: number; perSecond: number }
}

const CaseParam = z.object({ caseNumber: CaseNumber })
const iso = (ms: number) => new Date(ms).toISOString()

/** The steps of a case the kiosk tells in plain words (progress.step.* in the locales). */
const STEP: Record<string, string> = {
  submit: 'submit',
  accept: 'accept',
  'not-accept': 'not-accept',
  'request-supplement': 'request-supplement',
  supply: 'supply',
  'start-review': 'start-review',
  'approve-extension': 'extension',
  approve: 'approve',
  reject: 'reject',
  issue: 'issue',
  close: 'close',
  withdraw: 'withdraw',
}

/** The progress lookup's cases with their timeline, promised day and whether a notice is ready. */
export function describeCases(work: CaseWork, now: () => number) {
  return async (cases: CaseProgress[]): Promise<CaseProgress[]> =>
    Promise.all(
      cases.map(async (c) => {
        const v = await work.view(c.caseNumber, now())
        if (!v) return c
        const decided = ['approved', 'rejected', 'issued', 'closed'].includes(v.state.status)
        return {
          ...c,
          timeline: v.events.flatMap((e) => {
            const step = STEP[e.action.type]
            return step ? [{ at: iso(e.at), step }] : []
          }),
          // Null while a 补正 pauses it: the kiosk says it is counted again once supplied.
          promisedBy: v.clocks.promised.dueOn,
          noticeReady: decided && v.result !== null,
        }
      }),
    )
}

export function createTerminalCasesApi(deps: TerminalCasesDeps): AnyRoute[] {
  const { work, log, now } = deps
  const terminal = terminalAuth({
    store: deps.store,
    log,
    now,
    failures: { burst: 10, perSecond: 0.2 },
  })
  const rate = deps.lookupRate ?? { burst: 20, perSecond: 0.2 }
  const budget = bucketsPerKey(rate.burst, rate.perSecond, now)
  const one = `${API_V1}/cases/:caseNumber(^[A-Z0-9][A-Z0-9-]{5,39}$)`
  const limited = ({ caller }: { caller: { id: string } }) => {
    if (!budget(caller.id)) throw new HttpError(429, 'rate_limited')
  }
  /** A request the kiosk retries (补交, 撤回): rate-limited and keyed by its Idempotency-Key. */
  const keyed = (ctx: { caller: { id: string }; req: { headers: Record<string, unknown> } }) => {
    limited(ctx)
    if (!z.uuid().safeParse(ctx.req.headers['idempotency-key']).success)
      throw new HttpError(400, 'idempotency_key_required')
  }

  /** The case if it is the card holder's; 404 otherwise (no oracle for other residents' cases). */
  async function residentCase(idNumber: string, caseNumber: string): Promise<CaseView> {
    const mine = await deps.applications.casesForApplicant(hmac(deps.keys.idLookup, idNumber))
    if (!mine.some((c) => c.caseNumber === caseNumber)) throw new HttpError(404, 'not_found')
    const v = await work.view(caseNumber, now())
    if (!v) throw new HttpError(404, 'not_found')
    return v
  }

  /**
   * A kiosk's keyed request (补交, 撤回): its id is the Idempotency-Key it came with, it names the
   * terminal that sent it, and the tapped card holds the case.
   */
  async function kioskRequest(
    key: unknown,
    id: string,
    callerId: string,
    body: { terminalId: string; idNumber: string },
    caseNumber: string,
  ): Promise<void> {
    if (id !== key) throw new HttpError(400, 'idempotency_key_mismatch')
    if (body.terminalId !== callerId) throw new HttpError(422, 'terminal_mismatch')
    await residentCase(body.idNumber, caseNumber)
  }

  function refused(r: Exclude<ActResult, { ok: true }>): never {
    const f = r.refusal
    if (f.code === 'missing') throw new HttpError(404, 'not_found')
    if (f.code === 'actor') throw new HttpError(403, 'forbidden')
    if (f.code === 'wrong-status' || f.code === 'unknown-reason')
      throw new HttpError(409, 'invalid_transition')
    throw new HttpError(409, 'rule_broken', [{ path: 'rule', message: f.rule }])
  }

  const itemName = (code: string, fallback: { 'zh-CN': string; en?: string | undefined }) => {
    const item = deps.catalog().items.find((i) => i.code === code)
    return item?.name ?? fallback
  }

  return [
    route({
      method: 'POST',
      path: `${one}/supply`,
      auth: terminal,
      params: CaseParam,
      before: keyed,
      body: { schema: SupplyRequest, limit: APPLICATION_BODY_BYTES },
      async handler({ req, res, caller, params, body }) {
        const key = req.headers['idempotency-key']
        await kioskRequest(key, body.supplyId, caller.id, body, params.caseNumber)
        const r = await work.act(
          params.caseNumber,
          { type: 'supply', materialId: body.materialId },
          { kind: 'terminal', id: caller.id },
          now(),
          {
            supplyId: body.supplyId,
            ...(body.visitId ? { visitId: body.visitId } : {}),
            pages: body.pages.map((p) => ({
              mediaType: p.mediaType,
              bytes: Buffer.from(p.base64, 'base64'),
            })),
          },
        )
        if (!r.ok) refused(r)
        const event = r.view.events.find((e) => e.supplyId === body.supplyId)
        log.info(
          {
            terminalId: caller.id,
            caseNumber: params.caseNumber,
            materialId: body.materialId,
            pages: body.pages.length,
            repeat: r.repeat === true,
          },
          r.repeat ? 'supply repeat answered' : 'material supplied at a kiosk',
        )
        const receipt: SupplyReceipt = {
          supplyId: body.supplyId,
          caseNumber: params.caseNumber,
          materialId: body.materialId,
          status: r.view.state.status,
          receivedAt: iso(event?.at ?? now()),
        }
        send(res, r.repeat ? 200 : 201, receipt)
      },
    }),
    route({
      method: 'POST',
      path: `${one}/withdraw`,
      auth: terminal,
      params: CaseParam,
      before: keyed,
      body: { schema: WithdrawRequest, limit: SMALL_BODY_BYTES },
      async handler({ req, res, caller, params, body }) {
        const key = req.headers['idempotency-key']
        await kioskRequest(key, body.withdrawalId, caller.id, body, params.caseNumber)
        // The machine allows it only before a decision: a decided (or already withdrawn) case
        // is 409 invalid_transition, and nothing is recorded.
        const r = await work.act(
          params.caseNumber,
          { type: 'withdraw' },
          { kind: 'terminal', id: caller.id },
          now(),
          { withdrawalId: body.withdrawalId },
        )
        if (!r.ok) refused(r)
        const event = r.view.events.find((e) => e.withdrawalId === body.withdrawalId)
        log.info(
          { terminalId: caller.id, caseNumber: params.caseNumber, repeat: r.repeat === true },
          r.repeat ? 'withdrawal repeat answered' : 'case withdrawn at a kiosk',
        )
        const receipt: WithdrawReceipt = {
          withdrawalId: body.withdrawalId,
          caseNumber: params.caseNumber,
          status: 'withdrawn',
          withdrawnAt: iso(event?.at ?? now()),
        }
        send(res, r.repeat ? 200 : 201, receipt)
      },
    }),
    route({
      method: 'POST',
      path: `${one}/result`,
      auth: terminal,
      params: CaseParam,
      before: limited,
      body: { schema: ResidentCaseRequest, limit: SMALL_BODY_BYTES },
      async handler({ res, caller, params, body }) {
        const v = await residentCase(body.idNumber, params.caseNumber)
        const kept = v.result
        const decided = ['approved', 'rejected', 'issued', 'closed'].includes(v.state.status)
        if (!kept || !decided) throw new HttpError(404, 'not_found')
        log.info({ terminalId: caller.id, caseNumber: params.caseNumber }, 'result notice read')
        const answer: ResultToPrint = {
          caseNumber: params.caseNumber,
          itemCode: v.file.itemCode,
          itemName: itemName(v.file.itemCode, { 'zh-CN': v.file.itemCode }),
          decision: kept.decision,
          decidedAt: iso(kept.decidedAt),
          noticeText: kept.noticeText,
          payload: kept.payload,
          qrText: kept.qrText,
          url: kept.url,
          issued: v.state.status === 'issued' || v.state.status === 'closed',
        }
        send(res, 200, answer)
      },
    }),
    route({
      method: 'POST',
      path: `${one}/issued`,
      auth: terminal,
      params: CaseParam,
      before: limited,
      body: { schema: IssuedRequest, limit: SMALL_BODY_BYTES },
      async handler({ res, caller, params, body }) {
        const v = await residentCase(body.idNumber, params.caseNumber)
        // Only the notice the centre signed for this case is handed out.
        if (!v.result || v.result.payload !== body.payload) throw new HttpError(404, 'not_found')
        let status = v.state.status
        // A reprint of an issued notice changes nothing: the answer is the same.
        if (status !== 'issued' && status !== 'closed') {
          const r = await work.act(
            params.caseNumber,
            { type: 'issue', channel: 'kiosk-print' },
            { kind: 'terminal', id: caller.id },
            now(),
          )
          if (!r.ok) refused(r)
          status = r.view.state.status
          log.info({ terminalId: caller.id, caseNumber: params.caseNumber }, 'result issued')
        }
        send(res, 200, { caseNumber: params.caseNumber, status })
      },
    }),
    route({
      method: 'POST',
      path: `${one}/receipt`,
      auth: terminal,
      params: CaseParam,
      before: limited,
      body: { schema: ResidentCaseRequest, limit: SMALL_BODY_BYTES },
      async handler({ res, caller, params, body }) {
        await residentCase(body.idNumber, params.caseNumber)
        const c = await deps.applications.getCase(params.caseNumber)
        if (!c) throw new HttpError(404, 'not_found')
        const item = deps.catalog().items.find((i) => i.code === c.code)
        log.info({ terminalId: caller.id, caseNumber: params.caseNumber }, 'receipt reprinted')
        const answer: ReceiptReprint = {
          caseNumber: c.caseNumber,
          itemCode: c.code,
          itemName: item?.name ?? c.name,
          submittedAt: c.submittedAt,
          status: c.status,
          missing: c.missing.map((m) => ({ name: m.name, dueDate: m.dueDate })),
          promisedWorkingDays: item?.timeLimits.promisedWorkingDays ?? 0,
          progressUrl: deps.progressUrl(c.caseNumber),
        }
        send(res, 200, answer)
      },
    }),
  ]
}
