import type { Application } from '../../../common/applications/schema'
import type { Catalog, LocalizedText, ServiceItem } from '../../../common/catalog/schema'
import type { SubmissionView } from '../../../common/cases/view'
import { open, openJson } from '../../../node-common/seal'
import type { DataKeys } from '../applications/crypto'
import type { RecordsStore } from '../applications/records'
import { formAnswers, maskText } from './answers'

/*
 * What a clerk reads of a case's submission: the sealed application opened (without its
 * pages), shaped with the item's catalog labels; a photographed page's bytes and the signature
 * image on their own, so the case view stays small and each image is fetched (and audited) as
 * it is shown. Authorization and the audit are the HTTP layer's (documents-http.ts).
 */

/** A page as the sealed application records it: its bytes are a page row (applications/cases.ts). */
type RecordedImage = { kind: 'stored' | 'inline' | 'ref'; mediaType?: string }
type RecordedApplication = Omit<Application, 'materials' | 'evidencePhoto'> & {
  materials: (Application['materials'][number] & { pages?: RecordedImage[] })[]
}

export interface CaseImage {
  mediaType: string
  bytes: Buffer
}

export function createCaseDocuments(deps: {
  store: RecordsStore
  keys: DataKeys
  catalog: () => Catalog
  terminalName: (terminalId: string) => Promise<string | null>
}) {
  const { store } = deps
  const k = deps.keys.seal

  async function recordOf(caseNumber: string) {
    const c = await store.getCase(caseNumber)
    const found = c ? await store.findApplication(c.applicationId) : null
    if (!c || !found) return null
    const app = openJson<RecordedApplication>(k, found.sealed, `application:${found.id}`)
    return { c, id: found.id, app }
  }
  /** The pages of the case's 补交s: rows `supply:<case>:<seq>:<material>` (cases/service.ts). */
  async function suppliedRows(caseNumber: string, applicationId: string) {
    const prefix = `supply:${caseNumber}:`
    return (await store.pages(applicationId)).flatMap((row) => {
      if (!row.materialId.startsWith(prefix)) return []
      const [seq, materialId] = row.materialId.slice(prefix.length).split(':')
      return seq && materialId ? [{ row, seq: Number(seq), materialId }] : []
    })
  }
  const itemOf = (code: string): ServiceItem | undefined =>
    deps.catalog().items.find((i) => i.code === code)
  const materialName = (item: ServiceItem | undefined, id: string): LocalizedText => {
    const all = [item, ...deps.catalog().bundles].flatMap((e) => e?.materials ?? [])
    return all.find((m) => m.id === id)?.name ?? { 'zh-CN': id }
  }

  return {
    /**
     * The kiosk visit the case's application was submitted in, to find its video-help calls
     * (calls.ts); null when the case is missing or its kiosk sent no visit.
     */
    async visitOf(caseNumber: string): Promise<{ terminalId: string; visitId: string } | null> {
      const r = await recordOf(caseNumber)
      return r?.app.visitId ? { terminalId: r.app.terminalId, visitId: r.app.visitId } : null
    },
    /** The submission as the case view shows it; null when the case or its record is missing. */
    async submission(
      caseNumber: string,
      index: { categoryId: string; hall: string },
      opts: { masked: boolean },
    ): Promise<SubmissionView | null> {
      const r = await recordOf(caseNumber)
      if (!r) return null
      const { c, app } = r
      const item = itemOf(c.itemCode)
      const commitment = item?.commitment.applies ? item.commitment : null
      return {
        itemName: item?.name ?? c.itemName,
        categoryId: index.categoryId,
        hall: index.hall,
        terminal: { id: app.terminalId, name: await deps.terminalName(app.terminalId) },
        answers: item ? formAnswers(item.form, app.formData, opts) : [],
        submitted: app.materials.map((m) => ({
          materialId: m.materialId,
          name: materialName(item, m.materialId),
          kind: m.kind,
          pages:
            m.kind === 'photographed'
              ? (m.pages ?? []).flatMap((p, page) =>
                  p.kind === 'ref' ? [] : [{ page, mediaType: p.mediaType ?? 'image/jpeg' }],
                )
              : [],
          dueDate: m.kind === 'deferred' ? m.dueDate : null,
          reason: m.kind === 'not-captured' ? m.reason : null,
        })),
        supplied: groupSupplied(await suppliedRows(caseNumber, r.id)).map((s) => ({
          ...s,
          name: materialName(item, s.materialId),
        })),
        itemMaterials: (item?.materials ?? []).map((m) => ({ materialId: m.id, name: m.name })),
        commitment: commitment
          ? {
              title: commitment.title,
              text: commitment.text,
              consequences: commitment.consequences ?? null,
            }
          : null,
        signature:
          app.commitmentAccepted && app.signature?.pngDataUrl
            ? { signedAt: app.signature.signedAt }
            : null,
        ...(app.coService?.length
          ? {
              coService: app.coService.map(({ callId: _call, actionId: _id, value, ...e }) => ({
                ...e,
                ...(value === undefined ? {} : { value: opts.masked ? maskText(value) : value }),
              })),
            }
          : {}),
        reasons: item?.reasons ?? { notAccepted: [], supplement: [], rejection: [] },
      }
    },

    /** The form answers unmasked (after a reveal). */
    async answers(caseNumber: string) {
      const r = await recordOf(caseNumber)
      const item = r ? itemOf(r.c.itemCode) : undefined
      return r && item ? formAnswers(item.form, r.app.formData, { masked: false }) : []
    },

    /** One photographed page's bytes, or null when the case has no such page. */
    async page(caseNumber: string, materialId: string, page: number): Promise<CaseImage | null> {
      const r = await recordOf(caseNumber)
      if (!r) return null
      const m = r.app.materials.find((x) => x.materialId === materialId)
      const recorded = m?.kind === 'photographed' ? m.pages?.[page] : undefined
      if (!recorded || recorded.kind === 'ref') return null
      const row = (await store.pages(r.id)).find(
        (p) => p.materialId === materialId && p.page === page,
      )
      if (!row) return null
      return {
        mediaType: row.mediaType,
        bytes: open(k, row.sealed, `page:${r.id}:${materialId}:${page}`),
      }
    },

    /** One page of a 补交, or null when the case has no such page. */
    async suppliedPage(
      caseNumber: string,
      seq: number,
      materialId: string,
      page: number,
    ): Promise<CaseImage | null> {
      const r = await recordOf(caseNumber)
      if (!r) return null
      const found = (await suppliedRows(caseNumber, r.id)).find(
        (x) => x.seq === seq && x.materialId === materialId && x.row.page === page,
      )
      if (!found) return null
      return {
        mediaType: found.row.mediaType,
        bytes: open(k, found.row.sealed, `page:${r.id}:${found.row.materialId}:${page}`),
      }
    },

    /** The signature the resident drew under the commitment, as PNG; null when none. */
    async signature(caseNumber: string): Promise<CaseImage | null> {
      const r = await recordOf(caseNumber)
      const url = r?.app.signature?.pngDataUrl
      if (!url) return null
      return {
        mediaType: 'image/png',
        bytes: Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'),
      }
    },
  }
}

/** The rows of the 补交s, one entry per supply and material, pages in order. */
function groupSupplied(
  rows: { row: { page: number; mediaType: string }; seq: number; materialId: string }[],
) {
  const out = new Map<
    string,
    { seq: number; materialId: string; pages: { page: number; mediaType: string }[] }
  >()
  for (const { row, seq, materialId } of rows) {
    const key = `${seq}:${materialId}`
    const entry = out.get(key) ?? { seq, materialId, pages: [] }
    entry.pages.push({ page: row.page, mediaType: row.mediaType })
    out.set(key, entry)
  }
  return [...out.values()]
    .map((e) => ({ ...e, pages: e.pages.sort((a, b) => a.page - b.page) }))
    .sort((a, b) => a.seq - b.seq || a.materialId.localeCompare(b.materialId))
}

export type CaseDocuments = ReturnType<typeof createCaseDocuments>
