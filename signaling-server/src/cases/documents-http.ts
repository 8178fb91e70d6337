import type { ServerResponse } from 'node:http'
import { z } from 'zod'
import { CaseNumber } from '../../../common/applications/schema'
import { Slug } from '../../../common/catalog/schema'
import type { PinoLogger as Logger } from '../../../node-common/logger'
import type { AuthHook } from '../http/auth'
import { HttpError, sendJson } from '../http/errors'
import { route, type AnyRoute } from '../http/router'
import type { StaffStore, UserRecord } from '../store/types'
import type { CaseDocuments, CaseImage } from './documents'
import type { CaseView, CaseWork } from './service'

/*
 * The images of a case for the clerk's view: each photographed page and the signature, served
 * as the image itself to a clerk of the case's category or a supervisor (the case API's own
 * check), never cached, and every read kept in the supervisors' audit, as a read of the
 * application is (applications/http.ts). And for a supervisor's reassignment, who may take the
 * case: the active clerks of its category and the supervisors.
 */

const PageParams = z.object({
  caseNumber: CaseNumber,
  materialId: Slug,
  page: z.coerce.number().int().min(0).max(19),
})
const CaseOnly = z.object({ caseNumber: CaseNumber })
const SuppliedParams = PageParams.extend({ seq: z.coerce.number().int().min(0).max(9999) })

function sendImage(res: ServerResponse, img: CaseImage): void {
  res.writeHead(200, {
    'content-type': img.mediaType,
    'content-length': img.bytes.length,
    'cache-control': 'no-store, private',
    'content-disposition': 'inline',
  })
  res.end(img.bytes)
}

export function caseDocumentRoutes(deps: {
  /** The case path with its number's pattern (`…/cases/:caseNumber(…)`). */
  one: string
  staff: AuthHook<UserRecord>
  supervisor: AuthHook<UserRecord>
  store: StaffStore
  visibleCase: (user: UserRecord, caseNumber: string) => Promise<CaseView>
  documents: CaseDocuments
  work: CaseWork
  log: Logger
  now: () => number
}): AnyRoute[] {
  const { one, staff, supervisor, visibleCase, documents, work, log, now } = deps
  const staffOf = (u: UserRecord) => ({ id: u.id, name: u.displayName })
  return [
    route({
      method: 'GET',
      path: `${one}/pages/:materialId(^[a-z][a-z0-9-]{0,47}$)/:page(^[0-9]{1,2}$)`,
      auth: staff,
      params: PageParams,
      async handler({ res, caller, params }) {
        await visibleCase(caller, params.caseNumber)
        const img = await documents.page(params.caseNumber, params.materialId, params.page)
        if (!img) throw new HttpError(404, 'not_found')
        await work.audited(
          staffOf(caller),
          'read-page',
          params.caseNumber,
          now(),
          `${params.materialId}/${params.page}`,
        )
        log.info(
          { by: caller.id, caseNumber: params.caseNumber, materialId: params.materialId },
          'case page read',
        )
        sendImage(res, img)
      },
    }),
    route({
      method: 'GET',
      path: `${one}/supplied/:seq(^[0-9]{1,4}$)/:materialId(^[a-z][a-z0-9-]{0,47}$)/:page(^[0-9]{1,2}$)`,
      auth: staff,
      params: SuppliedParams,
      async handler({ res, caller, params }) {
        await visibleCase(caller, params.caseNumber)
        const img = await documents.suppliedPage(
          params.caseNumber,
          params.seq,
          params.materialId,
          params.page,
        )
        if (!img) throw new HttpError(404, 'not_found')
        await work.audited(
          staffOf(caller),
          'read-page',
          params.caseNumber,
          now(),
          `supply ${params.seq} ${params.materialId}/${params.page}`,
        )
        log.info(
          { by: caller.id, caseNumber: params.caseNumber, materialId: params.materialId },
          'supplied page read',
        )
        sendImage(res, img)
      },
    }),
    route({
      method: 'GET',
      path: `${one}/signature`,
      auth: staff,
      params: CaseOnly,
      async handler({ res, caller, params }) {
        await visibleCase(caller, params.caseNumber)
        const img = await documents.signature(params.caseNumber)
        if (!img) throw new HttpError(404, 'not_found')
        await work.audited(staffOf(caller), 'read-signature', params.caseNumber, now())
        sendImage(res, img)
      },
    }),
    route({
      method: 'GET',
      path: `${one}/assignees`,
      auth: supervisor,
      params: CaseOnly,
      async handler({ res, caller, params }) {
        const v = await visibleCase(caller, params.caseNumber)
        const users = (await deps.store.listUsers()).filter(
          (u) =>
            u.disabledAt === null &&
            (u.role === 'supervisor' ||
              (u.role === 'clerk' && u.categories.includes(v.file.categoryId))),
        )
        sendJson(res, 200, {
          users: users.map((u) => ({ id: u.id, name: u.displayName, role: u.role })),
        })
      },
    }),
  ]
}
