/**
 * What the kiosk knows when the resident asks for help: it becomes the queue entry's context,
 * the first thing the clerk sees. Every kiosk screen passes its own.
 */
export interface HelpContext {
  /** Service category; absent on screens before one is chosen (the server routes to 'general'). */
  category?: string
  item?: { id: string; title: string }
  step: { id: string; label: string }
  /** From the ID card when the resident has signed in; the server masks the name. */
  residentName?: string
  birthDate?: string
  disability?: boolean
}
