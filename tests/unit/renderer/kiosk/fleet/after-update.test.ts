// After starting on a new version the kiosk runs its self-test unattended, as the remote
// self-test does: only when owed, and never while a resident uses the kiosk.
import { describe, expect, it } from 'vitest'
import type { SelfTestResult } from '../../../../../common/fleet/self-test'
import { selfTestAfterUpdate } from '../../../../../renderer/src/kiosk/fleet/after-update'

const RESULT: SelfTestResult = { at: 1, passed: true, trigger: 'update', checks: [] }

function kiosk(opts: { due: boolean; idle: boolean }) {
  const listeners = new Set<() => void>()
  const state = { idle: opts.idle, runs: 0 }
  return {
    state,
    becomeIdle(idle: boolean) {
      state.idle = idle
      for (const fn of [...listeners]) fn()
    },
    listeners,
    deps: {
      due: async () => ({ due: opts.due, version: opts.due ? '1.3.0' : null }),
      isIdle: () => state.idle,
      onIdle: (fn: () => void) => {
        listeners.add(fn)
        return () => listeners.delete(fn)
      },
      run: async () => {
        state.runs++
        return RESULT
      },
    },
  }
}

describe('the self-test after an update', () => {
  it('runs nothing when none is owed', async () => {
    const k = kiosk({ due: false, idle: true })
    expect(await selfTestAfterUpdate(k.deps)).toBeNull()
    expect(k.state.runs).toBe(0)
  })

  it('runs at once on an idle kiosk', async () => {
    const k = kiosk({ due: true, idle: true })
    expect(await selfTestAfterUpdate(k.deps)).toEqual(RESULT)
    expect(k.state.runs).toBe(1)
  })

  it('waits while a resident uses the kiosk, then runs once', async () => {
    const k = kiosk({ due: true, idle: false })
    const done = selfTestAfterUpdate(k.deps)
    await new Promise((resolve) => setImmediate(resolve))
    // A screen change that is not idle yet (the resident goes on).
    k.becomeIdle(false)
    await new Promise((resolve) => setImmediate(resolve))
    expect(k.state.runs).toBe(0)
    k.becomeIdle(true)
    expect(await done).toEqual(RESULT)
    k.becomeIdle(true)
    expect(k.state.runs).toBe(1)
    expect(k.listeners.size).toBe(0)
  })
})
