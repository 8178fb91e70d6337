// Remote commands (docs/fleet.md): issued by admins and technicians only, delivered over the
// terminal's socket when issued and again when it connects, finished by the terminal's own
// validated result, expired after 10 minutes, and kept as the audit (who, when, what, result).
import { describe, expect, it } from 'vitest'
import {
  CommandListResponse,
  CommandResponse,
  CommandRunEvent,
  type CommandView,
} from '../../common/signaling'
import { io as connect } from 'socket.io-client'
import { TERMINAL_NAMESPACE } from '../../common/signaling'
import { Client, enrolTerminal, terminalClient, type TestServer } from './signaling-harness'
import { serverForEachTest, staffAccount, tokenOf } from './support/signaling-sessions'

let srv: TestServer
let clock = Date.UTC(2026, 5, 1, 8, 0)
serverForEachTest(
  [
    staffAccount('tech', 'technician'),
    staffAccount('adm', 'admin'),
    staffAccount('clerk'),
    staffAccount('sup', 'supervisor'),
  ],
  { now: () => clock },
  (started) => (srv = started),
)

async function call(method: 'GET' | 'POST', path: string, token?: string, body?: unknown) {
  return fetch(`${srv.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
}

async function issue(terminalId: string, kind: string, who = 'tech'): Promise<CommandView> {
  const res = await call(
    'POST',
    `/api/admin/terminals/${terminalId}/commands`,
    await tokenOf(srv, who),
    { kind },
  )
  expect(res.status).toBe(201)
  return CommandResponse.parse(await res.json()).command
}

async function commandsOf(terminalId: string): Promise<CommandView[]> {
  const res = await call(
    'GET',
    `/api/admin/terminals/${terminalId}/commands`,
    await tokenOf(srv, 'adm'),
  )
  expect(res.status).toBe(200)
  return CommandListResponse.parse(await res.json()).commands
}

/** A kiosk that acks receipt of every `command:run` from its first moment, as the real one does. */
function kioskOf(t: { terminalId: string; credential: string }): Promise<Client> {
  const socket = connect(`${srv.url}${TERMINAL_NAMESPACE}`, {
    auth: { kind: 'terminal', terminalId: t.terminalId, credential: t.credential },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  })
  socket.on('command:run', (_e: unknown, ack: (a: unknown) => void) => ack({ ok: true, data: {} }))
  const kiosk = new Client(socket)
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(kiosk))
    socket.once('connect_error', reject)
  })
}

const stateOf = async (terminalId: string, id: string) =>
  (await commandsOf(terminalId)).find((c) => c.id === id)?.state

describe('remote commands', () => {
  it('is delivered at once to an online terminal, and its result is kept with who asked', async () => {
    const one = await enrolTerminal(srv.store, '一号机')
    const kiosk = await kioskOf(one)
    try {
      const cmd = await issue(one.terminalId, 'print-test-page')
      expect(cmd).toMatchObject({ state: 'pending', kind: 'print-test-page', issuedAt: clock })
      expect(cmd.expiresAt - cmd.issuedAt).toBe(10 * 60_000)
      const run = CommandRunEvent.parse(await kiosk.next('command:run'))
      expect(run).toEqual({
        commandId: cmd.id,
        kind: 'print-test-page',
        issuedAt: clock,
        expiresInMs: 600_000,
      })
      await expect.poll(() => stateOf(one.terminalId, cmd.id)).toBe('delivered')
      clock += 30_000
      expect(
        await kiosk.ack('command:result', {
          commandId: cmd.id,
          status: 'done',
          output: { kind: 'print-test-page' },
        }),
      ).toEqual({ ok: true, data: {} })
      const [audit] = await commandsOf(one.terminalId)
      expect(audit).toMatchObject({
        id: cmd.id,
        state: 'done',
        kind: 'print-test-page',
        issuedBy: { displayName: 'tech-name' },
        finishedAt: clock,
        output: { kind: 'print-test-page' },
        error: null,
      })
      // A second answer to a finished command changes nothing.
      const again = await kiosk.ack('command:result', {
        commandId: cmd.id,
        status: 'failed',
        error: 'paper-out',
      })
      expect(again.ok ? null : again.error.code).toBe('wrong_state')
      expect((await commandsOf(one.terminalId))[0]?.state).toBe('done')
    } finally {
      kiosk.close()
    }
  })

  it('waits for an offline terminal and goes out when it connects; a failure is kept with its reason', async () => {
    const one = await enrolTerminal(srv.store, '一号机')
    const cmd = await issue(one.terminalId, 'catalog-refresh', 'adm')
    expect(await stateOf(one.terminalId, cmd.id)).toBe('pending')
    const kiosk = await kioskOf(one)
    try {
      const run = CommandRunEvent.parse(await kiosk.next('command:run'))
      expect(run.commandId).toBe(cmd.id)
      await expect.poll(() => stateOf(one.terminalId, cmd.id)).toBe('delivered')
      expect(
        (
          await kiosk.ack('command:result', {
            commandId: cmd.id,
            status: 'failed',
            error: 'centre-unreachable',
          })
        ).ok,
      ).toBe(true)
      expect((await commandsOf(one.terminalId))[0]).toMatchObject({
        state: 'failed',
        error: 'centre-unreachable',
        issuedBy: { displayName: 'adm-name' },
      })
    } finally {
      kiosk.close()
    }
  })

  it('sends a command again to a connected kiosk that did not ack it', async () => {
    const one = await enrolTerminal(srv.store, '一号机')
    // A kiosk whose command runner is not listening yet: it does not ack.
    const kiosk = await terminalClient(srv.url, one)
    try {
      const cmd = await issue(one.terminalId, 'reload')
      await kiosk.next('command:run')
      kiosk.socket.on('command:run', (_e: unknown, ack: (a: unknown) => void) =>
        ack({ ok: true, data: {} }),
      )
      // The centre's sweep (every 15 s) sends it again.
      const again = CommandRunEvent.parse(await kiosk.next('command:run', () => true, 25_000))
      expect(again.commandId).toBe(cmd.id)
      await expect.poll(() => stateOf(one.terminalId, cmd.id)).toBe('delivered')
    } finally {
      kiosk.close()
    }
  }, 40_000)

  it('refuses clerks, supervisors, terminals and anonymous callers, and unknown or revoked terminals', async () => {
    const one = await enrolTerminal(srv.store, '一号机')
    const path = `/api/admin/terminals/${one.terminalId}/commands`
    for (const who of ['clerk', 'sup']) {
      const token = await tokenOf(srv, who)
      expect((await call('POST', path, token, { kind: 'reload' })).status).toBe(403)
      expect((await call('GET', path, token)).status).toBe(403)
      expect((await call('GET', '/api/admin/commands', token)).status).toBe(403)
    }
    expect((await call('POST', path, undefined, { kind: 'reload' })).status).toBe(401)
    const asTerminal = `${one.terminalId}:${one.credential}`
    expect((await call('POST', path, asTerminal, { kind: 'reload' })).status).toBe(401)
    expect(await srv.store.listCommands({ limit: 10 })).toEqual([])

    const tech = await tokenOf(srv, 'tech')
    expect((await call('POST', path, tech, { kind: 'format-disk' })).status).toBe(400)
    expect(
      (await call('POST', '/api/admin/terminals/t_nobody/commands', tech, { kind: 'reload' }))
        .status,
    ).toBe(404)
    await srv.store.revokeTerminal(one.terminalId, clock)
    expect((await call('POST', path, tech, { kind: 'reload' })).status).toBe(404)
  })

  it('refuses a result from another terminal, of the wrong kind, or malformed', async () => {
    const one = await enrolTerminal(srv.store, '一号机')
    const two = await enrolTerminal(srv.store, '二号机')
    const kiosk1 = await kioskOf(one)
    const kiosk2 = await kioskOf(two)
    try {
      const cmd = await issue(one.terminalId, 'upload-logs')
      await kiosk1.next('command:run')
      const code = async (k: Client, payload: unknown) => {
        const a = await k.ack('command:result', payload)
        return a.ok ? 'ok' : a.error.code
      }
      const logs = { kind: 'upload-logs', text: 'a line', lines: 1, truncated: false }
      expect(await code(kiosk2, { commandId: cmd.id, status: 'done', output: logs })).toBe(
        'not_found',
      )
      expect(
        await code(kiosk2, { commandId: 'cmd_nosuchcommand01', status: 'done', output: logs }),
      ).toBe('not_found')
      expect(
        await code(kiosk1, { commandId: cmd.id, status: 'done', output: { kind: 'reload' } }),
      ).toBe('invalid_payload')
      for (const bad of [
        { commandId: cmd.id, status: 'done', output: { ...logs, text: 'x'.repeat(70_000) } },
        { commandId: cmd.id, status: 'done', output: { ...logs, extra: 1 } },
        { commandId: cmd.id, status: 'failed', error: '张三 打印机' },
        { commandId: cmd.id, status: 'maybe' },
        { commandId: 'not-an-id', status: 'failed', error: 'x' },
      ])
        expect(await code(kiosk1, bad)).toBe('invalid_payload')
      expect(await stateOf(one.terminalId, cmd.id)).toBe('delivered')

      // An ID number that slipped into the logs is masked by the centre too.
      const text = 'card read 11010519491231002X ok'
      expect(
        await code(kiosk1, { commandId: cmd.id, status: 'done', output: { ...logs, text } }),
      ).toBe('ok')
      const res = await call('GET', `/api/admin/commands/${cmd.id}`, await tokenOf(srv, 'tech'))
      const { command } = CommandResponse.parse(await res.json())
      expect(command.output?.kind).toBe('upload-logs')
      const kept = command.output?.kind === 'upload-logs' ? command.output.text : ''
      expect(kept).not.toContain('11010519491231002X')
      expect(kept).toBe('card read 110105********002X ok')
      // Lists leave the text out.
      const [listed] = await commandsOf(one.terminalId)
      expect(listed?.output).toEqual({ ...logs, text: '' })
    } finally {
      kiosk1.close()
      kiosk2.close()
    }
  })

  it('expires after 10 minutes: no longer delivered, its late result refused', async () => {
    const one = await enrolTerminal(srv.store, '一号机')
    const late = await issue(one.terminalId, 'reload')
    const never = await issue(one.terminalId, 'self-test')
    const kiosk = await kioskOf(one)
    try {
      await kiosk.next('command:run', (e: { commandId: string }) => e.commandId === late.id)
      await kiosk.next('command:run', (e: { commandId: string }) => e.commandId === never.id)
      clock += 10 * 60_000
      const a = await kiosk.ack('command:result', {
        commandId: late.id,
        status: 'done',
        output: { kind: 'reload' },
      })
      expect(a.ok ? null : a.error.code).toBe('wrong_state')
      const listed = await commandsOf(one.terminalId)
      expect(listed.map((c) => [c.id, c.state, c.finishedAt])).toEqual(
        expect.arrayContaining([
          [late.id, 'expired', late.expiresAt],
          [never.id, 'expired', never.expiresAt],
        ]),
      )
    } finally {
      kiosk.close()
    }
    // Reconnecting brings nothing expired.
    const again = await kioskOf(one)
    try {
      await again.ok('session:resume', {})
      expect(again.received('command:run')).toBe(false)
    } finally {
      again.close()
    }
  })

  it('lists every terminal’s commands, newest first, for admins and technicians', async () => {
    const one = await enrolTerminal(srv.store, '一号机')
    const two = await enrolTerminal(srv.store, '二号机')
    const a = await issue(one.terminalId, 'reload')
    clock += 1_000
    const b = await issue(two.terminalId, 'upload-logs', 'adm')
    for (const who of ['tech', 'adm']) {
      const res = await call('GET', '/api/admin/commands', await tokenOf(srv, who))
      const { commands } = CommandListResponse.parse(await res.json())
      expect(commands.map((c) => [c.id, c.terminalId, c.issuedBy.displayName])).toEqual([
        [b.id, two.terminalId, 'adm-name'],
        [a.id, one.terminalId, 'tech-name'],
      ])
    }
  })
})
