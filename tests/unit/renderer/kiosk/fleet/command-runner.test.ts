// The kiosk's remote command runner: a command is held while a resident uses the kiosk and runs
// once it is idle, one at a time in order, once each; its result (or why it failed) goes to the
// centre; a command whose time ran out while held is dropped; reload answers before it reloads.
import { describe, expect, it } from 'vitest'
import type {
  CommandKind,
  CommandResultPayload,
  CommandRunEvent,
} from '../../../../../common/signaling/commands'
import {
  CommandFailure,
  CommandRunner,
  type CommandHandlers,
} from '../../../../../renderer/src/kiosk/fleet/command-runner'

function rig(over: Partial<CommandHandlers> = {}) {
  let clock = 1_000_000
  let idle = false
  const idleFns = new Set<() => void>()
  const runFns = new Set<(e: CommandRunEvent) => void>()
  const sent: CommandResultPayload[] = []
  const order: string[] = []
  const handlers: CommandHandlers = {
    'self-test': async () => {
      throw new CommandFailure('not_supported')
    },
    reload: async () => ({ output: { kind: 'reload' }, afterAck: () => order.push('reloaded') }),
    'catalog-refresh': async () => ({
      output: { kind: 'catalog-refresh', version: '2026.06', updated: false },
    }),
    'print-test-page': async () => {
      order.push('printed')
      return { output: { kind: 'print-test-page' } }
    },
    'upload-logs': async () => {
      throw new Error('boom')
    },
    ...over,
  }
  const runner = new CommandRunner({
    handlers,
    isIdle: () => idle,
    onIdle: (fn) => {
      idleFns.add(fn)
      return () => idleFns.delete(fn)
    },
    now: () => clock,
  })
  runner.attach({
    on: ((event: string, fn: (e: CommandRunEvent) => void) => {
      expect(event).toBe('command:run')
      runFns.add(fn)
      return () => runFns.delete(fn)
    }) as never,
    request: (async (_e: string, p: CommandResultPayload) => {
      order.push(`acked ${p.commandId}`)
      sent.push(p)
      return {}
    }) as never,
    sendWhenOnline: ((_e: string, p: CommandResultPayload) => void sent.push(p)) as never,
  })
  let n = 0
  return {
    runner,
    sent,
    order,
    deliver(kind: CommandKind, expiresInMs = 600_000) {
      const commandId = `cmd_test${String(++n).padStart(6, '0')}`
      for (const fn of runFns) fn({ commandId, kind, issuedAt: clock, expiresInMs })
      return commandId
    },
    redeliver(commandId: string, kind: CommandKind) {
      for (const fn of runFns) fn({ commandId, kind, issuedAt: clock, expiresInMs: 600_000 })
    },
    becomeIdle(yes = true) {
      idle = yes
      for (const fn of idleFns) fn()
    },
    advance: (ms: number) => (clock += ms),
    settle: () => new Promise<void>((r) => setTimeout(r, 0)),
  }
}

describe('remote command runner', () => {
  it('holds a command while the kiosk is in use and runs it once idle', async () => {
    const r = rig()
    const id = r.deliver('print-test-page')
    await r.settle()
    expect(r.order).toEqual([])
    expect(r.runner.waiting).toBe(1)
    r.becomeIdle()
    await r.settle()
    expect(r.order).toEqual(['printed'])
    expect(r.sent).toEqual([{ commandId: id, status: 'done', output: { kind: 'print-test-page' } }])
  })

  it('runs held commands one at a time in order, and a command delivered again only once', async () => {
    const r = rig()
    const a = r.deliver('print-test-page')
    const b = r.deliver('catalog-refresh')
    r.redeliver(a, 'print-test-page')
    r.becomeIdle()
    await r.settle()
    await r.settle()
    expect(r.sent.map((s) => [s.commandId, s.status])).toEqual([
      [a, 'done'],
      [b, 'done'],
    ])
    r.redeliver(b, 'catalog-refresh')
    await r.settle()
    expect(r.sent).toHaveLength(2)
  })

  it('stops between commands when a resident starts, and goes on when idle again', async () => {
    const r: ReturnType<typeof rig> = rig({
      'print-test-page': async () => {
        // A resident touches the screen while the first command runs.
        r.becomeIdle(false)
        return { output: { kind: 'print-test-page' } }
      },
    })
    r.deliver('print-test-page')
    r.deliver('catalog-refresh')
    r.becomeIdle()
    await r.settle()
    expect(r.sent.map((s) => s.status)).toEqual(['done'])
    expect(r.runner.waiting).toBe(1)
    r.becomeIdle()
    await r.settle()
    expect(r.sent).toHaveLength(2)
  })

  it('reports why a command failed, and drops one whose time ran out while held', async () => {
    const r = rig()
    const selfTest = r.deliver('self-test')
    const logs = r.deliver('upload-logs')
    r.deliver('print-test-page', 60_000)
    r.advance(60_000)
    r.becomeIdle()
    await r.settle()
    await r.settle()
    expect(r.sent).toEqual([
      { commandId: selfTest, status: 'failed', error: 'not_supported' },
      { commandId: logs, status: 'failed', error: 'internal' },
    ])
    expect(r.order).not.toContain('printed')
  })

  it('answers a reload before the page reloads', async () => {
    const r = rig()
    const id = r.deliver('reload')
    r.becomeIdle()
    await r.settle()
    await r.settle()
    expect(r.order).toEqual([`acked ${id}`, 'reloaded'])
  })
})
