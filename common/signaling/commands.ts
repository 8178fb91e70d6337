import { z } from 'zod'
import { SelfTestResult } from '../fleet/self-test'

/*
 * Remote commands (docs/fleet.md, docs/signaling-protocol.md "Remote commands"): an admin or a
 * technician asks a terminal to run its self-test, reload its UI, refresh its catalog, print a
 * test page or upload its logs. The centre delivers `command:run` over the terminal's socket; the
 * kiosk holds it until it is idle (home screen, no resident), runs it and answers
 * `command:result`. A command not finished within 10 minutes of being issued expires.
 */

export const CommandKind = z.enum([
  'self-test',
  'reload',
  'catalog-refresh',
  'print-test-page',
  'upload-logs',
])
export type CommandKind = z.infer<typeof CommandKind>

/**
 * `pending`: issued, not yet received by the kiosk; `delivered`: the kiosk has it (and runs it
 * when idle); `done` / `failed`: its result came back; `expired`: no result within the TTL.
 */
export const CommandState = z.enum(['pending', 'delivered', 'done', 'failed', 'expired'])
export type CommandState = z.infer<typeof CommandState>

/** A command not finished by then is expired: it is neither delivered nor run any more. */
export const COMMAND_TTL_MS = 10 * 60_000

export const CommandId = z.string().regex(/^cmd_[A-Za-z0-9_-]{8,40}$/)

/** Uploaded logs are cut to this many characters (the newest lines kept). */
export const LOG_UPLOAD_MAX_CHARS = 64 * 1024

/** Machine-readable reason of a failure, e.g. `paper-out`, `not_supported`, `offline`. */
export const CommandError = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9_-]+$/)

/** What a command produced, by kind; the centre checks it matches the command it answers. */
export const CommandOutput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('self-test'), result: SelfTestResult }),
  z.strictObject({ kind: z.literal('reload') }),
  z.strictObject({
    kind: z.literal('catalog-refresh'),
    /** The catalog version in use after the refresh. */
    version: z.string().min(1).max(40),
    /** True when the centre had a newer catalog and the kiosk took it. */
    updated: z.boolean(),
  }),
  z.strictObject({ kind: z.literal('print-test-page') }),
  z.strictObject({
    kind: z.literal('upload-logs'),
    /** The kiosk's recent log lines, sanitized (common/privacy/log-sanitize.ts), newest last. */
    text: z.string().max(LOG_UPLOAD_MAX_CHARS),
    lines: z.number().int().min(0).max(100_000),
    /** Older lines were left out to keep within `LOG_UPLOAD_MAX_CHARS`. */
    truncated: z.boolean(),
  }),
])
export type CommandOutput = z.infer<typeof CommandOutput>

/** `command:run` (centre → terminal; the terminal acks receipt with `{}`). */
export const CommandRunEvent = z.object({
  commandId: CommandId,
  kind: CommandKind,
  issuedAt: z.number().int(),
  /** Milliseconds left before the command expires, as the centre counts (no clock skew). */
  expiresInMs: z.number().int().min(0).max(COMMAND_TTL_MS),
})
export type CommandRunEvent = z.infer<typeof CommandRunEvent>

/** `command:result` (terminal → centre): what came of a command delivered to this terminal. */
export const CommandResultPayload = z.discriminatedUnion('status', [
  z.strictObject({ commandId: CommandId, status: z.literal('done'), output: CommandOutput }),
  z.strictObject({ commandId: CommandId, status: z.literal('failed'), error: CommandError }),
])
export type CommandResultPayload = z.infer<typeof CommandResultPayload>

// ------------------------------------------------------------------------------ the HTTP API

/** `POST /api/admin/terminals/{id}/commands`. */
export const IssueCommandRequest = z.strictObject({ kind: CommandKind })
export type IssueCommandRequest = z.infer<typeof IssueCommandRequest>

/** A command as the console shows it (the audit: who, when, what, what came of it). */
export const CommandView = z.object({
  id: CommandId,
  terminalId: z.string(),
  kind: CommandKind,
  state: CommandState,
  issuedBy: z.object({ id: z.string(), displayName: z.string() }),
  issuedAt: z.number().int(),
  expiresAt: z.number().int(),
  deliveredAt: z.number().int().nullable(),
  finishedAt: z.number().int().nullable(),
  /** `failed`: why. */
  error: CommandError.nullable(),
  /** `done`: what it produced (`upload-logs` without its text in lists: see `GET …/{id}`). */
  output: CommandOutput.nullable(),
})
export type CommandView = z.infer<typeof CommandView>

export const CommandResponse = z.object({ command: CommandView })
export type CommandResponse = z.infer<typeof CommandResponse>

export const CommandListResponse = z.object({ commands: z.array(CommandView) })
export type CommandListResponse = z.infer<typeof CommandListResponse>
