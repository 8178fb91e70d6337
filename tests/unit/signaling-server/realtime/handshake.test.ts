// The handshake tells a caller the centre could not check (retry later) apart from a caller it
// refuses (stop): a kiosk told `unauthorized` stops reconnecting for good.
import { describe, expect, it } from 'vitest'
import { createHandshakes } from '../../../../signaling-server/src/realtime/handshake'
import { silentLogger } from '../../../../node-common/logger'
import { createWarnOnce } from '../../../../signaling-server/src/log-throttle'
import type { StaffStore, TerminalStore } from '../../../../signaling-server/src/store/types'

function handshakes(getTerminal: () => Promise<unknown>) {
  const store = { getTerminal, sessionByToken: getTerminal } as unknown as TerminalStore &
    StaffStore
  const log = silentLogger()
  return createHandshakes({
    store,
    log,
    now: () => 0,
    warnOnce: createWarnOnce(log),
    onStaff: () => {},
  })
}

async function refusal(h: ReturnType<typeof handshakes>, auth: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    void h.terminal({ handshake: { auth }, data: {} } as never, (err) =>
      resolve((err as (Error & { data?: unknown }) | undefined)?.data ?? null),
    )
  })
}

const auth = { kind: 'terminal', terminalId: 't_1', credential: 'x'.repeat(32) }

describe('terminal handshake', () => {
  it('answers server_busy when the terminal cannot be looked up', async () => {
    const h = handshakes(() => Promise.reject(new Error('pool timeout')))
    expect(await refusal(h, auth)).toEqual({ code: 'server_busy' })
  })
  it('answers unauthorized to an unknown terminal and to a malformed handshake', async () => {
    const h = handshakes(() => Promise.resolve(null))
    expect(await refusal(h, auth)).toEqual({ code: 'unauthorized' })
    expect(await refusal(h, { kind: 'terminal' })).toEqual({ code: 'unauthorized' })
  })
})
