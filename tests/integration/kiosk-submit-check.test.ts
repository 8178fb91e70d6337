// The kiosk checks the whole form before an application goes into the outbox: a form the centre
// would refuse must not leave the resident holding a receipt for an upload that can only fail.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { enrolTerminal, startCentre } from './applications-harness'
import { card, openKiosk } from './kiosk-harness'
import { cleanupsAfterEach } from './support/cleanups'

const cleanups = cleanupsAfterEach()

describe('applications:submit', () => {
  it('refuses a form with a required answer missing, and nothing is queued', async () => {
    const centre = await startCentre()
    cleanups.push(() => centre.close())
    const kiosk = await openKiosk(
      mkdtempSync(join(tmpdir(), 'submit-check-')),
      centre.url,
      await enrolTerminal(centre.store),
    )
    cleanups.push(() => kiosk.close())
    kiosk.services.cardPresent(card)
    const r = await kiosk.services.dispatcher.dispatch('applications:submit', {
      code: 'OT-NEWBORN',
      locale: 'zh-CN',
      // No spouse's name, which the birth registration needs.
      formData: {
        applicant: { name: card.name, phone: '13800138000' },
        child: {
          name: '李小宝',
          gender: 'male',
          birthDate: '2025-06-01',
          certificateNumber: 'N123456789',
        },
        card: { delivery: 'village' },
      },
      materials: [],
      commitmentAccepted: true,
      signature: {
        pngDataUrl: 'data:image/png;base64,AAAA',
        signedAt: '2025-06-10T09:30:00+08:00',
      },
    })
    expect(r.ok).toBe(false)
    expect(!r.ok && r.error.code).toBe('INVALID_INPUT')
    expect(!r.ok && r.error.message).toContain('spouse')
    expect(kiosk.outbox.list()).toEqual([])
  })
})
