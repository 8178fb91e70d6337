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
import {
  CentreOfflineError,
  CentreRejectedError,
} from '../../../../../../electron/services/centre-api/errors'

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

/** What the fake centre does with each withdrawal in turn. */
type WithdrawAnswer = 'ok' | 'offline' | 'decided'

function setup(printOutcome: 'printed' | 'jammed', withdrawAnswers: WithdrawAnswer[] = []) {
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
    withdraw: async (n, request) => {
      calls.push(`withdraw ${n} ${request.idNumber} ${request.withdrawalId}`)
      const answer = withdrawAnswers.shift()
      if (answer === 'offline') throw new CentreOfflineError('centre unreachable: TypeError')
      if (answer === 'decided') throw new CentreRejectedError(409, 'invalid_transition')
      return {
        withdrawalId: request.withdrawalId,
        caseNumber: n,
        status: 'withdrawn',
        withdrawnAt: '2026-12-02T02:00:00.000Z',
      }
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
    await expect(handlers.withdraw({ caseNumber })).rejects.toMatchObject({ code: 'NO_CARD' })
    expect(calls).toEqual([])
  })

  it('撤回: offline is OFFLINE, and asking again resends the same withdrawal, which then counts', async () => {
    const { session, calls, handlers } = setup('printed', ['offline', 'ok', 'ok'])
    session.placeCard(card)
    await expect(handlers.withdraw({ caseNumber })).rejects.toMatchObject({ code: 'OFFLINE' })
    expect(await handlers.withdraw({ caseNumber })).toEqual({ outcome: 'withdrawn' })
    const ids = calls.map((c) => c.split(' ')[3])
    expect(calls.map((c) => c.split(' ').slice(0, 3).join(' '))).toEqual([
      `withdraw ${caseNumber} ${card.idNumber}`,
      `withdraw ${caseNumber} ${card.idNumber}`,
    ])
    expect(ids[0]).toBe(ids[1])
    // Answered: a later withdrawal (another visit) is a new one.
    await handlers.withdraw({ caseNumber })
    expect(calls[2]!.split(' ')[3]).not.toBe(ids[0])
  })

  it('撤回: a case decided meanwhile is too late, nothing changed', async () => {
    const { session, handlers } = setup('printed', ['decided'])
    session.placeCard(card)
    expect(await handlers.withdraw({ caseNumber })).toEqual({ outcome: 'too-late' })
  })
})
