import pino from 'pino'
import { afterEach, expect, it, vi } from 'vitest'
import { createWarnOnce } from '../../../signaling-server/src/log-throttle'

afterEach(() => {
  vi.useRealTimers()
})

function capture() {
  const lines: Record<string, unknown>[] = []
  const log = pino({ level: 'info' }, { write: (l: string) => void lines.push(JSON.parse(l)) })
  return { log, lines }
}

it('writes a repeated warning once per window, then one line with the count', () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  const { log, lines } = capture()
  const w = createWarnOnce(log, 60_000)
  for (let i = 0; i < 500; i++) w.warn('flood t_1', { identity: 't_1' }, 'flooding')
  w.warn('flood t_2', { identity: 't_2' }, 'flooding')
  expect(lines.map((l) => [l.identity, l.msg])).toEqual([
    ['t_1', 'flooding'],
    ['t_2', 'flooding'],
  ])
  vi.advanceTimersByTime(60_000)
  expect(lines.slice(2)).toMatchObject([
    { identity: 't_1', msg: 'flooding (repeated)', repeats: 499 },
  ])
  // A new window starts with a line of its own.
  w.warn('flood t_1', { identity: 't_1' }, 'flooding')
  expect(lines).toHaveLength(4)
})

it('flushes the pending counts at shutdown', () => {
  const { log, lines } = capture()
  const w = createWarnOnce(log)
  w.warn('k', {}, 'refused')
  w.warn('k', {}, 'refused')
  w.flush()
  expect(lines.map((l) => [l.msg, l.repeats])).toEqual([
    ['refused', undefined],
    ['refused (repeated)', 1],
  ])
})
