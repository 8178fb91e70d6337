// The resident's visit id: a v4 UUID the centre accepts (Application.visitId, queue:join), a new
// one for every resident, so one resident's calls never link to the next one's case.
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { useKiosk } from '../../../../renderer/src/kiosk/store'
import { newVisitId } from '../../../../renderer/src/kiosk/visit'

describe('the visit id', () => {
  it('is a UUID the centre’s schemas accept, different every time', () => {
    const ids = Array.from({ length: 50 }, newVisitId)
    for (const id of ids) expect(z.uuid().safeParse(id).success, id).toBe(true)
    expect(new Set(ids).size).toBe(50)
  })

  it('changes when the session resets', () => {
    const first = useKiosk.getState().visitId
    useKiosk.getState().set({ screen: 'form' })
    expect(useKiosk.getState().visitId).toBe(first)
    useKiosk.getState().reset()
    expect(useKiosk.getState().visitId).not.toBe(first)
  })
})
