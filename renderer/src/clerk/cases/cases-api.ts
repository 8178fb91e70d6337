import { useEffect, useState } from 'react'
import type { z } from 'zod'
import { ApiErrorCode } from '../../../../common/applications/api'
import { fetchCentreItems, type CatalogItem } from '../categories'

export type { CatalogItem }

/**
 * The console's calls of the back office's case API (docs/back-office.md) with the staff
 * session's bearer: each answer validated with its schema (common/cases/view.ts), or an error
 * code the case screens say in words (`offline` when the centre cannot be reached, `internal`
 * for an answer the console cannot read).
 */

export type CaseAnswer<T> = { ok: true; data: T } | { ok: false; code: string }

export interface CasesApi {
  request<S extends z.ZodType>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    schema: S | null,
    body?: unknown,
  ): Promise<CaseAnswer<z.infer<S>>>
  /** An image of a case (page, signature) as an object URL the caller revokes; null on failure. */
  image(path: string): Promise<string | null>
}

export function casesApi(serverUrl: string, token: string): CasesApi {
  const base = `${serverUrl}/api/v1/cases`
  const headers = { authorization: `Bearer ${token}` }
  return {
    async request(method, path, schema, body) {
      let res: Response
      try {
        res = await fetch(`${base}${path}`, {
          method,
          headers: {
            ...headers,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        })
      } catch {
        return { ok: false, code: 'offline' }
      }
      const answer: unknown = res.status === 204 ? null : await res.json().catch(() => null)
      if (!res.ok) {
        const e = answer as { error?: unknown; issues?: { message?: unknown }[] } | null
        const code = ApiErrorCode.safeParse(e?.error)
        // A broken rule is told by its name (reason-required, materials-outstanding, …).
        const rule = code.data === 'rule_broken' ? e?.issues?.[0]?.message : undefined
        return {
          ok: false,
          code: typeof rule === 'string' ? `rule:${rule}` : code.success ? code.data : 'internal',
        }
      }
      if (schema === null) return { ok: true, data: null as never }
      const parsed = schema.safeParse(answer)
      return parsed.success ? { ok: true, data: parsed.data } : { ok: false, code: 'internal' }
    },
    async image(path) {
      try {
        const res = await fetch(`${base}${path}`, { headers })
        return res.ok ? URL.createObjectURL(await res.blob()) : null
      } catch {
        return null
      }
    },
  }
}

export function useCatalogItems(serverUrl: string): CatalogItem[] {
  const [items, setItems] = useState<CatalogItem[]>([])
  useEffect(() => {
    let live = true
    // Without the catalog the inbox shows item codes and offers no item filter.
    fetchCentreItems(serverUrl)
      .then((found) => live && setItems(found))
      .catch(() => {})
    return () => {
      live = false
    }
  }, [serverUrl])
  return items
}

/** A text of the catalog in the console's language. */
export const localized = (t: { 'zh-CN': string; en?: string }, lang: string): string =>
  lang === 'en' ? (t.en ?? t['zh-CN']) : t['zh-CN']
