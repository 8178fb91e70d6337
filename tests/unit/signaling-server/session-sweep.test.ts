import { afterEach, describe, expect, it } from 'vitest'
import { createUser, login, sha256, userForToken } from '../../../signaling-server/src/auth'
import { createLoginThrottle } from '../../../signaling-server/src/login-throttle'
import { startSessionSweep } from '../../../signaling-server/src/session-sweep'
import { openSignalingStore } from '../../../signaling-server/src/store/open'
import type { Store } from '../../../signaling-server/src/store/types'
import { until } from '../../support/until'

const HOUR = 60 * 60_000
let store: Store | undefined
afterEach(async () => {
  await store?.close()
})

describe('expired staff sessions', () => {
  it('are removed from the store at start and on every sweep; live ones stay', async () => {
    store = await openSignalingStore({ kind: 'sqlite', path: ':memory:' })
    let clock = Date.parse('2026-12-01T08:00:00Z')
    const now = () => clock
    await createUser(
      store,
      {
        username: 'wangfang',
        displayName: '王芳',
        role: 'clerk',
        categories: [],
        password: 'pw-1234567',
      },
      clock,
    )
    const throttle = createLoginThrottle()
    const signIn = async () => {
      const r = await login(
        store!,
        throttle,
        { username: 'wangfang', password: 'pw-1234567', address: '10.0.0.1' },
        now,
      )
      if (r.kind !== 'ok') throw new Error(r.kind)
      return r.token
    }
    const morning = await signIn()
    clock += 13 * HOUR // past the 12-hour session
    const evening = await signIn()

    // Count the sweeps through the real store, so the test waits on them, not on time.
    const sweeps: Promise<void>[] = []
    const counted = {
      deleteExpiredSessions: (at: number) => {
        const p = store!.deleteExpiredSessions(at)
        sweeps.push(p)
        return p
      },
    }
    const sweep = startSessionSweep({
      store: counted,
      now,
      onError: (e) => {
        throw e
      },
      everyMs: 20,
    })
    await sweeps[0]
    expect(await store.getSession(sha256(morning))).toBeNull()
    expect(await userForToken(store, evening, clock)).toMatchObject({ username: 'wangfang' })

    clock += 13 * HOUR
    await until(() => sweeps.length > 1, 5_000)
    await sweeps[1]
    sweep.close()
    expect(await store.getSession(sha256(evening))).toBeNull()
  })
})
