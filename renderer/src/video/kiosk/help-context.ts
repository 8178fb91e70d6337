/**
 * What the kiosk knows when the resident asks for help: it becomes the queue entry's context,
 * the first thing the clerk sees. Every kiosk screen passes its own.
 */
export interface HelpContext {
  /**
   * Service category; absent on screens before one is chosen, where video help first asks the
   * resident for a topic (clerks are routed by category; there is no queue without one).
   */
  category?: string
  item?: { id: string; title: string }
  step: { id: string; label: string }
  /** From the ID card when the resident has signed in; the server masks the name. */
  residentName?: string
  birthDate?: string
  /** The resident asked for priority help (video help's choice screen sets it). */
  disability?: boolean
  /** The resident's visit (kiosk store), so the centre can link the call to the case. */
  visitId?: string
}
