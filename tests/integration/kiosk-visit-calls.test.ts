// The link between a case and its video-help calls, from the kiosk's side: the application the
// kiosk's main process assembles and its outbox sends carries the renderer's visit id, and the
// centre lists the call the same kiosk asked for in that visit on the case; so does a 补交's.
import { randomUUID } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CaseCallsResponse } from '../../common/cases/calls'
import { sampleCatalog } from '../../common/catalog/sample'
import { fakeJpeg } from '../support/applications'
import { clerkToken, enrolTerminal, startCentre } from './applications-harness'
import { learnt, openKiosk, submitThroughBridge, until } from './kiosk-harness'
import { joinPayload, terminalClient } from './signaling-harness'
import { cleanupsAfterEach } from './support/cleanups'

const cleanups = cleanupsAfterEach()

describe('a kiosk visit’s calls on its case', () => {
  it('links the calls of the submitting visit and of a 补交 visit to the case the outbox delivered', async () => {
    const centre = await startCentre()
    cleanups.push(() => centre.close())
    const terminal = await enrolTerminal(centre.store)
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-visit-'))
    const kiosk = await openKiosk(dir, centre.url, terminal)
    cleanups.push(() => kiosk.close())
    await learnt(dir)

    const visitId = randomUUID()
    const socket = await terminalClient(centre.url, terminal)
    cleanups.push(async () => socket.close())
    const { call } = await socket.ok<{ call: { callId: string } }>(
      'queue:join',
      joinPayload({
        category: 'elderly-care',
        item: { id: 'CA-ELDERLY-ALLOWANCE', title: '高龄津贴申领' },
        visitId,
      }),
    )
    await socket.ok('queue:cancel', { callId: call.callId })

    const status = await submitThroughBridge(kiosk, sampleCatalog, 'CA-ELDERLY-ALLOWANCE', visitId)
    const caseNumber = await until(
      () => kiosk.outbox.status(status.applicationId)?.caseNumber,
      'the case number from the centre',
    )
    const token = await clerkToken(centre.url, centre.store, { categories: ['elderly-care'] })
    const res = await fetch(`${centre.url}/api/v1/cases/${caseNumber}/calls`, {
      headers: { authorization: `Bearer ${token}` },
    })
    const body = CaseCallsResponse.parse(await res.json())
    expect(body.calls.map((c) => [c.callId, c.endReason])).toEqual([[call.callId, 'cancelled']])

    // A later visit: help on the progress screen, then the deferred bank card supplied (补交)
    // through the bridge and the supply outbox. That visit's call is the case's too.
    const later = randomUUID()
    const help = await socket.ok<{ call: { callId: string } }>(
      'queue:join',
      joinPayload({ category: 'elderly-care', visitId: later }),
    )
    await socket.ok('queue:cancel', { callId: help.call.callId })
    const bridge = (channel: string, input: unknown) =>
      kiosk.services.dispatcher.dispatch(channel, input).then((r) => {
        if (!r.ok) throw new Error(`${channel}: ${r.error.code}`)
        return r.value as { supplyId: string }
      })
    await bridge('materials:put-page', {
      materialId: 'bank-card',
      page: 0,
      chunk: 0,
      last: true,
      mediaType: 'image/jpeg',
      data: fakeJpeg().toString('base64'),
    })
    const sent = await bridge('supply:send', {
      caseNumber,
      materialId: 'bank-card',
      visitId: later,
    })
    await until(
      () => kiosk.outbox.supplyStatus(sent.supplyId)?.state === 'confirmed',
      'the supply confirmed',
    )
    const after = CaseCallsResponse.parse(
      await (
        await fetch(`${centre.url}/api/v1/cases/${caseNumber}/calls`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).json(),
    )
    expect(after.calls.map((c) => c.callId)).toEqual([call.callId, help.call.callId])
  }, 30_000)
})
