// The clerk window's channel names, with no zod import, for the sandboxed clerk preload.
// clerk-contract.ts checks at compile time that these lists match its schemas exactly.
//
// One contract per role, as Signal Desktop gives each window its own preload: the clerk window
// gets only what a clerk console needs from the main process (where the centre is). Nothing of
// the kiosk's (card, devices, outbox, terminal identity) is reachable from it.

export const clerkRequestChannels = ['clerk:info'] as const

export const clerkEventChannels = [] as const

export type ClerkRequestChannel = (typeof clerkRequestChannels)[number]
export type ClerkEventChannel = (typeof clerkEventChannels)[number]

/** Prefix of the clerk window's Electron IPC channels (the kiosk's is `bridge:req:`). */
export const clerkIpcRequestPrefix = 'clerk:req:'
export const clerkIpcEventPrefix = 'clerk:evt:'
