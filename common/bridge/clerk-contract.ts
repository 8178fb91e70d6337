import { z } from 'zod'
import { Locale } from '../domain/app-info'
import type { ClerkRequestChannel } from './clerk-channels'

/**
 * The clerk window's renderer ↔ main contract (the kiosk window's is contract.ts). Validated on
 * both sides like the kiosk's: the main process parses input and output, the renderer output.
 */
const clerkRequestSchemas = {
  /** Where the centre is, for login and the staff socket; the console's version and language. */
  'clerk:info': () => ({
    input: z.void(),
    output: z.object({
      serverUrl: z.string().url(),
      version: z.string().max(40),
      defaultLocale: Locale,
    }),
  }),
} satisfies Record<ClerkRequestChannel, () => { input: z.ZodType; output: z.ZodType }>

export type ClerkRequestSpec<C extends ClerkRequestChannel> = ReturnType<
  (typeof clerkRequestSchemas)[C]
>

/** The schemas of a clerk request channel. */
export function clerkRequestSpec<C extends ClerkRequestChannel>(channel: C): ClerkRequestSpec<C> {
  return clerkRequestSchemas[channel]() as ClerkRequestSpec<C>
}

type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never
const clerkKeysMatch: Exact<keyof typeof clerkRequestSchemas, ClerkRequestChannel> = true
void clerkKeysMatch

export type ClerkRequestOutput<C extends ClerkRequestChannel> = z.output<
  ClerkRequestSpec<C>['output']
>

/** The implementation behind the clerk contract in the main process. */
export type ClerkBridgeHandlers = {
  [C in ClerkRequestChannel]: (
    input: z.output<ClerkRequestSpec<C>['input']>,
  ) => Promise<ClerkRequestOutput<C>>
}
