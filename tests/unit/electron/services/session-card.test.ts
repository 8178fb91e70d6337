import { describe, expect, it } from 'vitest'
import { TerminalConfig } from '../../../../electron/services/config'
import { createKioskServices } from '../../../../electron/services/kiosk-services'
import { silentLogger } from '../../../../node-common/logger'
import { residentCard } from './devices/cards'

// The sign-in screen asks `session:card` for a card that may already lie on the reader. A card
// that was taken away must never sign the next person in, even when the previous resident's
// session was not wiped (the screen reloaded before it could reset it).
describe('session:card on the sign-in screen', () => {
  const signIn = async (services: ReturnType<typeof createKioskServices>) =>
    services.dispatcher.dispatch('session:card', undefined)

  it('answers the card lying on the reader', async () => {
    const services = createKioskServices({
      config: TerminalConfig.parse({}),
      version: '1.0.0',
      log: silentLogger(),
      rereadCard: async () => null,
    })
    services.cardPresent(residentCard)
    expect(await signIn(services)).toMatchObject({ ok: true, value: { card: residentCard } })
  })

  it('answers no card once the card was taken away, though the session still holds it', async () => {
    let rereads = 0
    const services = createKioskServices({
      config: TerminalConfig.parse({}),
      version: '1.0.0',
      log: silentLogger(),
      rereadCard: async () => {
        rereads++
        return null
      },
    })
    services.cardPresent(residentCard)
    services.cardRemoved()
    expect(await signIn(services)).toMatchObject({ ok: true, value: { card: null } })
    // The reader was asked whether a card lies there now.
    expect(rereads).toBe(1)
  })
})
