import {
  ReceiptReprint,
  ResultToPrint,
  WithdrawReceipt,
  type IssuedRequest,
  type ResidentCaseRequest,
  type WithdrawRequest,
} from '../../../common/cases/terminal'
import { z } from 'zod'
import { CentreInvalidResponseError } from './errors'
import { centreRequest, readBody, type CentreApiOptions } from './request'

/**
 * A resident's decided case and receipt, read from the centre as this terminal with the ID
 * number of the card tapped in the session (in the body; the centre answers only for that
 * resident's cases). 撤回 is answered online, keyed by its withdrawalId so a resend after a lost
 * answer records nothing more. 补交 goes through the outbox instead (electron/services/outbox).
 */
export interface ResidentCasesClient {
  result(caseNumber: string, idNumber: string): Promise<ResultToPrint>
  markIssued(caseNumber: string, idNumber: string, payload: string): Promise<{ status: string }>
  receipt(caseNumber: string, idNumber: string): Promise<ReceiptReprint>
  withdraw(caseNumber: string, request: WithdrawRequest): Promise<WithdrawReceipt>
}

const Issued = z.object({ caseNumber: z.string(), status: z.string() })
const path = (caseNumber: string, what: string) =>
  `/api/v1/cases/${encodeURIComponent(caseNumber)}/${what}`

export function createResidentCasesClient(opts: CentreApiOptions): ResidentCasesClient {
  async function post<T>(
    p: string,
    body: unknown,
    schema: z.ZodType<T>,
    what: string,
    headers: Record<string, string> = {},
  ) {
    const res = await centreRequest(opts, p, { method: 'POST', body, headers })
    return readBody(
      res,
      (v) => schema.safeParse(v),
      () => new CentreInvalidResponseError(res.status, what),
    )
  }
  return {
    result: (caseNumber, idNumber) =>
      post(
        path(caseNumber, 'result'),
        { idNumber } satisfies ResidentCaseRequest,
        ResultToPrint,
        'result notice',
      ),
    markIssued: (caseNumber, idNumber, payload) =>
      post(
        path(caseNumber, 'issued'),
        { idNumber, payload } satisfies IssuedRequest,
        Issued,
        'issue answer',
      ),
    receipt: (caseNumber, idNumber) =>
      post(
        path(caseNumber, 'receipt'),
        { idNumber } satisfies ResidentCaseRequest,
        ReceiptReprint,
        'receipt',
      ),
    withdraw: (caseNumber, request) =>
      post(path(caseNumber, 'withdraw'), request, WithdrawReceipt, 'withdrawal', {
        'idempotency-key': request.withdrawalId,
      }),
  }
}
