import type { IdentityProposedEvent } from '../../../../common/signaling'
import { bridge } from '../../platform/bridge'
import { signInByVideo } from '../../kiosk/signin'

/**
 * The resident confirmed the identity the clerk checked by video: the main process (the
 * session's authority) signs in with it and answers the card made from it, which the kiosk then
 * uses as after a card read. Throws when the main process refuses it.
 */
export async function signInWithCheckedIdentity(p: IdentityProposedEvent): Promise<void> {
  const b = bridge()
  if (!b) throw new Error('no bridge')
  const { card } = await b.request('session:video-identity', {
    callId: p.callId,
    clerkId: p.clerkId,
    name: p.name,
    idNumber: p.idNumber,
    ...(p.address ? { address: p.address } : {}),
  })
  signInByVideo(card)
}
