import { describe, expect, it } from 'vitest'
import { sampleCatalog } from '../../../../common/catalog/sample'
import type { IdCard } from '../../../../common/devices/id-card'
import {
  CoServiceHistoryEntry,
  type ClerkAction,
  type CoServiceOutcomePayload,
} from '../../../../common/signaling'
import { ActionDesk } from '../../../../renderer/src/kiosk/action-desk'
import { useKiosk, type KioskState } from '../../../../renderer/src/kiosk/store'

const callId = 'c_abcdefgh12'
const card: IdCard = {
  cardType: 'resident',
  name: '王秀英',
  gender: '女',
  genderCode: '2',
  nation: '汉',
  nationCode: '01',
  birthDate: '1940-03-07',
  address: '示例省示例县青山镇石桥村3组12号',
  idNumber: '110101194003071249',
  idNumberValid: true,
  issuer: '示例县公安局',
  validFrom: '2010-01-01',
  validUntil: '长期',
}

/** The resident on page 1 of the allowance form, sharing with clerk u_alice. */
function setup(over: Partial<KioskState> = {}) {
  let state: KioskState = {
    ...useKiosk.getState(),
    catalog: sampleCatalog,
    code: 'CA-ELDERLY-ALLOWANCE',
    card,
    cardPresent: true,
    screen: 'form',
    formPage: 0,
    formData: { applicant: { name: '王秀英', idNumber: card.idNumber } },
    materials: {},
    signature: null,
    upload: null,
    coPrompt: null,
    proposals: {},
    coHistory: [],
    cameraFor: null,
    ...over,
  }
  const printed: string[] = []
  const sent: CoServiceOutcomePayload[] = []
  const desk = new ActionDesk({
    store: { getState: () => state, setState: (p) => (state = { ...state, ...p }) },
    printNotice: async (code) => (printed.push(code), true),
    reprintReceipt: async (n) => (printed.push(n), true),
    cardOnReader: async () => null,
    now: () => new Date('2026-12-01T09:00:00+08:00'),
  })
  desk.open(callId, async (o) => void sent.push(o))
  let n = 0
  const send = (action: ClerkAction) => {
    const actionId = `a_test${String(++n).padStart(4, '0')}`
    desk.receive({ callId, actionId, clerkId: 'u_alice', action })
    return actionId
  }
  // A snapshot of the state, so a refusal can be shown to change nothing.
  const snapshot = () => JSON.stringify({ ...state, coHistory: [], catalog: null })
  return { desk, send, sent, printed, get: () => state, snapshot }
}

describe('the kiosk’s action desk (co-service)', () => {
  it('shows a proposal on the form; only the resident’s 确认 writes it, recorded with the clerk', () => {
    const { desk, send, sent, get } = setup()
    const id = send({
      kind: 'propose',
      fields: [{ path: 'applicant.phone', value: '13800138000' }],
    })
    expect(get().proposals['applicant.phone']).toMatchObject({ value: '13800138000' })
    expect((get().formData.applicant as Record<string, unknown>).phone).toBeUndefined()
    desk.confirm('applicant.phone')
    expect((get().formData.applicant as Record<string, unknown>).phone).toBe('13800138000')
    expect(get().proposals).toEqual({})
    expect(sent).toEqual([{ callId, actionId: id, outcome: 'accepted', path: 'applicant.phone' }])
    expect(get().coHistory).toEqual([
      {
        at: '2026-12-01T01:00:00.000Z',
        callId,
        clerkId: 'u_alice',
        actionId: id,
        kind: 'propose',
        path: 'applicant.phone',
        value: '13800138000',
        outcome: 'accepted',
      },
    ])
    expect(CoServiceHistoryEntry.safeParse(get().coHistory[0]).success).toBe(true)
  })

  it('goes to the page of the proposed field; a choice is stored as its value; 全部确认 per page', () => {
    const { desk, send, get } = setup()
    send({ kind: 'propose', fields: [{ path: 'living.arrangement', value: 'alone' }] })
    expect(get().formPage).toBe(1)
    desk.confirmSection('living')
    expect(get().formData.living).toEqual({ arrangement: 'alone' })
  })

  it.each([
    [{ kind: 'propose', fields: [{ path: 'applicant.shoeSize', value: '42' }] }, 'unknown_field'],
    [{ kind: 'propose', fields: [{ path: 'applicant.name', value: '李四' }] }, 'locked_field'],
    [{ kind: 'propose', fields: [{ path: 'living.arrangement', value: '独自' }] }, 'invalid_value'],
    [{ kind: 'photo', materialId: 'birth-certificate' }, 'wrong_material'],
    [{ kind: 'photo', materialId: 'id-card' }, 'wrong_material'],
    [{ kind: 'open-item', code: 'HW-BIRTH-REGISTER' }, 'item_in_progress'],
    [{ kind: 'open-item', code: 'XX-NOTHING' }, 'unknown_item'],
    [{ kind: 'print', document: 'receipt' }, 'no_receipt'],
  ] as [ClerkAction, string][])('refuses %j with %s and changes nothing', (action, reason) => {
    const { send, sent, get, snapshot } = setup()
    const before = snapshot()
    const id = send(action)
    expect(sent).toEqual([{ callId, actionId: id, outcome: 'refused', reason }])
    expect(snapshot()).toBe(before)
    expect(get().coHistory).toEqual([
      expect.objectContaining({ actionId: id, outcome: 'refused', reason }),
    ])
  })

  it('refuses a proposal away from the form, and a second request while one is on screen', () => {
    const { send, sent } = setup({ screen: 'materials' })
    send({ kind: 'propose', fields: [{ path: 'applicant.phone', value: '13800138000' }] })
    send({ kind: 'sign' })
    send({ kind: 'print', document: 'notice' })
    expect(sent.map((s) => s.reason ?? s.outcome)).toEqual(['wrong_screen', 'busy'])
  })

  it('opens the camera screen for the asked material only when the resident agrees', async () => {
    const { desk, send, sent, get } = setup()
    const id = send({ kind: 'photo', materialId: 'hukou-book' })
    expect(get().coPrompt?.action).toEqual({ kind: 'photo', materialId: 'hukou-book' })
    expect(get().screen).toBe('form')
    await desk.answer(true)
    expect(get()).toMatchObject({
      screen: 'materials',
      materialIndex: 0,
      cameraFor: 'hukou-book',
      coPrompt: null,
    })
    expect(sent).toEqual([{ callId, actionId: id, outcome: 'accepted' }])
  })

  it('records 不用了 as declined, prints the 一次告知单 on yes, and takes the signature', async () => {
    const { desk, send, sent, printed, get } = setup()
    send({ kind: 'print', document: 'notice' })
    await desk.answer(false)
    send({ kind: 'print', document: 'notice' })
    await desk.answer(true)
    expect(printed).toEqual(['CA-ELDERLY-ALLOWANCE'])
    send({ kind: 'sign' })
    await desk.answer(true)
    expect(get().screen).toBe('commitment')
    expect(sent.map((s) => s.outcome)).toEqual(['declined', 'accepted', 'accepted'])
    expect(get().coHistory.map((h) => [h.kind, h.document, h.outcome])).toEqual([
      ['print', 'notice', 'declined'],
      ['print', 'notice', 'accepted'],
      ['sign', undefined, 'accepted'],
    ])
  })

  it('answers a card read with the card masked, and forgets unanswered requests when sharing ends', () => {
    const { desk, send, sent, get } = setup()
    const id = send({ kind: 'read-card' })
    desk.cardRead(card)
    expect(sent).toEqual([
      {
        callId,
        actionId: id,
        outcome: 'accepted',
        card: { name: '王*英', idNumber: '110101********1249' },
      },
    ])
    send({ kind: 'sign' })
    send({ kind: 'propose', fields: [{ path: 'applicant.phone', value: '13800138000' }] })
    desk.close()
    expect(get().coPrompt).toBeNull()
    expect(get().proposals).toEqual({})
    // Closed: a late action of that call is ignored.
    send({ kind: 'sign' })
    expect(get().coPrompt).toBeNull()
  })
})
