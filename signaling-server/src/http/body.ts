import type { IncomingMessage } from 'node:http'
import type { z } from 'zod'
import { describeIssue, nestedDeeperThan, tooDeepMessage } from '../json-limits'
import { HttpError, MAX_ISSUES, type ErrorCode } from './errors'

/** Small JSON bodies of the signaling API (login, enrolment, enrol codes). */
export const SIGNALING_BODY_BYTES = 16 * 1024
/** Small JSON bodies of the applications API (lookup, ratings, status changes). */
export const SMALL_BODY_BYTES = 64 * 1024
/** A few photographed pages as base64 JSON (4/3 of the bytes): ~18 MB of images. */
export const APPLICATION_BODY_BYTES = 25 * 1024 * 1024

/**
 * How a family of routes answers a bad body. The two APIs were published with different
 * codes (docs/signaling-protocol.md, docs/applications-api.md) and clients read them, so the
 * parser keeps both dialects instead of changing what is on the wire.
 */
export interface BodyDialect {
  /** Code for a missing or non-JSON content type. */
  contentType: ErrorCode
  /** Code for text that is not JSON. */
  json: ErrorCode
  /** Whether `invalid_body` lists where the body failed (bounded paths and messages). */
  issues: boolean
}

/** The signaling API: every bad body is a bare `invalid_body`. */
export const signalingDialect: BodyDialect = {
  contentType: 'invalid_body',
  json: 'invalid_body',
  issues: false,
}

/** The applications API: distinct codes, and `issues` on `invalid_body`. */
export const applicationsDialect: BodyDialect = {
  contentType: 'invalid_content_type',
  json: 'invalid_json',
  issues: true,
}

export interface BodyRule<T extends z.ZodType> {
  schema: T
  /** Bytes; a larger declared or streamed body answers 413 `body_too_large`. */
  limit: number
}

async function readRaw(req: IncomingMessage, limit: number, dialect: BodyDialect): Promise<Buffer> {
  const type = req.headers['content-type'] ?? ''
  if (!type.startsWith('application/json')) throw new HttpError(400, dialect.contentType)
  if (Number(req.headers['content-length'] ?? 0) > limit) throw new HttpError(413, 'body_too_large')
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > limit) throw new HttpError(413, 'body_too_large')
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

/**
 * Parses `text` as JSON and then with `schema`. Too deep a value is refused before anything
 * recursive (zod, ajv) sees it; issues carry bounded paths and messages, never the values or
 * keys the client sent (`describeIssue`).
 */
export function parseJson<T extends z.ZodType>(
  text: string,
  schema: T,
  dialect: BodyDialect,
): z.infer<T> {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new HttpError(400, dialect.json)
  }
  if (nestedDeeperThan(value))
    throw new HttpError(
      400,
      'invalid_body',
      dialect.issues ? [{ path: '(root)', message: tooDeepMessage }] : undefined,
    )
  return validate(value, schema, dialect)
}

/** `schema.safeParse(value)`, or 400 `invalid_body` (with bounded issues in that dialect). */
export function validate<T extends z.ZodType>(
  value: unknown,
  schema: T,
  dialect: BodyDialect,
): z.infer<T> {
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  throw new HttpError(
    400,
    'invalid_body',
    dialect.issues ? parsed.error.issues.slice(0, MAX_ISSUES).map(describeIssue) : undefined,
  )
}

/** The one body parser: content type, size cap, JSON, depth limit, then the route's schema. */
export async function readJsonBody<T extends z.ZodType>(
  req: IncomingMessage,
  rule: BodyRule<T>,
  dialect: BodyDialect,
): Promise<z.infer<T>> {
  const raw = await readRaw(req, rule.limit, dialect)
  return parseJson(raw.toString('utf8'), rule.schema, dialect)
}
