// The progress screen's actions in the kiosk's main process (resident-cases.ts), with fakes for
// the outbox, the centre and the printer: 补交 takes the session's pages of that material into
// the outbox with the card's ID number and forgets them; 打印结果 marks the case issued only once
// the notice is on paper; nothing without a card.
import { describe, expect, it } from 'vitest'
import type { ResultToPrint } from '../../../../../../common/cases/terminal'
import { silentLogger } from '../../../../../../node-common/logger'
import { createResidentCaseHandlers } from '../../../../../../electron/services/bridge/handlers/resident-cases'
import { ResidentSession } from '../../../../../../electron/services/bridge/handlers/session'
import type { ResidentCasesClient } from '../../../../../../electron/services/centre-api/resident-cases'

const card = {
  cardType: 'resident' as const,
  name: '王秀英',
  gender: '女' as const,
  genderCode: '2',
  birthDate: '1940-03-07',
  idNumber: '110101194003071249',
  validFrom: '2010-01-01',
  validUntil: '长期' as const,
}
const caseNumber = '20261202-000001'
const notice: ResultToPrint = {
  caseNumber,
  itemCode: 'CA-ELDERLY-ALLOWANCE',
  itemName: { 'zh-CN': '高龄津贴申领' },
  decision: 'approved',
  decidedAt: '2026-12-02T02:00:00.000Z',
  noticeText: '结果通知书\n王*英：…准予。',
  payload: `${caseNumber}.CA-ELDERLY-ALLOWANCE.ABC`,
  qrText: `HTTP://127.0.0.1/V/${caseNumber}.CA-ELDERLY-ALLOWANCE.ABC`,
  url: `http://127.0.0.1/v/${caseNumber}.CA-ELDERLY-ALLOWANCE.ABC`,
  issued: false,
}

function setup(printOutcome: 'printed' | 'jammed') {
  const session = new ResidentSession()
  const queued: unknown[] = []
  const calls: string[] = []
  const centre: ResidentCasesClient = {
    result: async (n, id) => (calls.push(`result ${n} ${id}`), notice),
    markIssued: async (n, id, payload) => (
      calls.push(`issued ${n} ${id} ${payload}`),
      { status: 'issued' }
    ),
    receipt: async () => {
      throw new Error('not used')
    },
  }
  const printed: unknown[] = []
  const job = () => ({
    printed:
      printOutcome === 'printed' ? Promise.resolve({}) : Promise.reject(new Error('paper out')),
  })
  const handlers = createResidentCaseHandlers({
    session,
    outbox: {
      submitSupply: (input) => (queued.push(input), { supplyId: input.supplyId, state: 'waiting' }),
    },
    centre,
    printer: () => ({
      print: (r) => (printed.push(r), job()),
      printResult: (n) => (printed.push(n), job()),
    }),
    terminalId: async () => 'kiosk-1',
    hallName: '石桥村便民服务站',
    log: silentLogger(),
  })
  return { session, queued, calls, printed, handlers }
}

describe('resident case actions', () => {
  it('补交: the session’s pages of that material go into the outbox with the card, then leave the session', async () => {
    const { session, queued, handlers } = setup('printed')
    session.placeCard(card)
    session.putPage('hukou-book', 0, 0, true, { mediaType: 'image/jpeg', data: 'AAAA' })
    session.putPage('hukou-book', 1, 0, true, { mediaType: 'image/jpeg', data: 'BBBB' })
    const r = await handlers.supply({ caseNumber, materialId: 'hukou-book' })
    expect(r.state).toBe('waiting')
    expect(queued).toEqual([
      expect.objectContaining({
        caseNumber,
        supplyId: r.supplyId,
        terminalId: 'kiosk-1',
        idNumber: card.idNumber,
        materialId: 'hukou-book',
        pages: [
          { mediaType: 'image/jpeg', base64: 'AAAA' },
          { mediaType: 'image/jpeg', base64: 'BBBB' },
        ],
      }),
    ])
    expect(session.pagesOf('hukou-book')).toEqual([])
    // Nothing photographed: refused, nothing queued.
    await expect(handlers.supply({ caseNumber, materialId: 'bank-card' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    })
    expect(queued).toHaveLength(1)
  })

  it('打印结果: prints the signed text and QR code, then marks the case issued', async () => {
    const { session, calls, printed, handlers } = setup('printed')
    session.placeCard(card)
    expect(await handlers.printResult({ caseNumber })).toEqual({ printed: true, issued: true })
    expect(printed).toEqual([
      expect.objectContaining({ noticeText: notice.noticeText, qrText: notice.qrText }),
    ])
    expect(calls).toEqual([
      `result ${caseNumber} ${card.idNumber}`,
      `issued ${caseNumber} ${card.idNumber} ${notice.payload}`,
    ])
  })

  it('打印结果: a jammed printer leaves the case not issued', async () => {
    const { session, calls, handlers } = setup('jammed')
    session.placeCard(card)
    expect(await handlers.printResult({ caseNumber })).toEqual({ printed: false, issued: false })
    expect(calls.some((c) => c.startsWith('issued'))).toBe(false)
  })

  it('does nothing without a card in the session', async () => {
    const { calls, handlers } = setup('printed')
    await expect(handlers.printResult({ caseNumber })).rejects.toMatchObject({ code: 'NO_CARD' })
    await expect(handlers.reprint({ caseNumber })).rejects.toMatchObject({ code: 'NO_CARD' })
    expect(calls).toEqual([])
  })
})
