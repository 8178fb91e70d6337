import type { z } from 'zod'
import { HttpErrorCode } from '../../../common/signaling'

export type AdminAnswer<T> = { ok: true; data: T } | { ok: false; code: string }

/**
 * One call of the centre's admin API with the staff session's bearer: the answer parsed with
 * `schema`, or the centre's error code (`offline` when it cannot be reached, `internal` for an
 * answer the console cannot read), which the consoles show in words (server-errors.ts).
 */
export async function adminRequest<S extends z.ZodType>(
  serverUrl: string,
  token: string,
  method: 'GET' | 'POST' | 'PATCH',
  path: string,
  schema: S,
  body?: unknown,
): Promise<AdminAnswer<z.infer<S>>> {
  let res: Response
  try {
    res = await fetch(`${serverUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
  } catch {
    return { ok: false, code: 'offline' }
  }
  const answer: unknown = await res.json().catch(() => null)
  if (!res.ok) {
    const code = HttpErrorCode.safeParse((answer as { error?: unknown } | null)?.error)
    return { ok: false, code: code.success ? code.data : 'internal' }
  }
  const parsed = schema.safeParse(answer)
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, code: 'internal' }
}
