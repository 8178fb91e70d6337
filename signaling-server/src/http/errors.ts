import type { ServerResponse } from 'node:http'
import type { ApiErrorCode } from '../../../common/applications/api'
import type { HttpErrorCode } from '../../../common/signaling'

/** Every code an HTTP reply of the centre may carry (signaling and applications APIs). */
export type ErrorCode = HttpErrorCode | ApiErrorCode

/** Where a body or parameter failed, bounded by `describeIssue` (json-limits.ts). */
export interface ErrorIssue {
  path: string
  message: string
}

/** At most this many issues travel in a reply (the `ApiError` schema's bound). */
export const MAX_ISSUES = 20

/**
 * The one error type of the HTTP layer: a stable code, its HTTP status and, optionally, where
 * the request was wrong. The reply is `{error: code, issues?}` and nothing else: no message
 * text, no echo of the client's keys or values. Headers (e.g. Retry-After) go in `headers`.
 */
export class HttpError extends Error {
  readonly issues: readonly ErrorIssue[] | undefined
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    issues?: readonly ErrorIssue[],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(code)
    this.issues = issues?.slice(0, MAX_ISSUES).map(bounded)
  }
}

const MAX_ISSUE_TEXT = 400

/** A caller-built issue is cut too, so no path can carry a client's text at length. */
function bounded(issue: ErrorIssue): ErrorIssue {
  const cut = (s: string) => (s.length > MAX_ISSUE_TEXT ? `${s.slice(0, MAX_ISSUE_TEXT)}…` : s)
  return { path: cut(issue.path), message: cut(issue.message) }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  })
  res.end(JSON.stringify(body))
}

/** Answers `err` unless a reply has already started. */
export function sendError(res: ServerResponse, err: HttpError): void {
  if (res.headersSent) return
  for (const [name, value] of Object.entries(err.headers)) res.setHeader(name, value)
  // An oversized body is not read to its end: answer and close the connection.
  if (err.status === 413) res.setHeader('connection', 'close')
  sendJson(res, err.status, {
    error: err.code,
    ...(err.issues ? { issues: err.issues } : {}),
  })
}
