// Shared harness for the signaling integration tests: the real server on port 0 with a real
// SQLite file, and real socket.io clients that record every event they receive.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { io as connect, type Socket } from 'socket.io-client'
import {
  STAFF_NAMESPACE,
  TERMINAL_NAMESPACE,
  type Ack,
  type QueueJoinPayload,
  type StaffRole,
} from '../../common/signaling'
import type { Admission } from '../../signaling-server/src/admission'
import { createApplication, type Application } from '../../signaling-server/src/app'
import { createEnrolCode, createUser, redeemEnrolCode } from '../../signaling-server/src/auth'
import type { RealtimeConfig } from '../../signaling-server/src/realtime'
import { openSqliteStore } from '../../signaling-server/src/store/sqlite'
import type { Store } from '../../signaling-server/src/store/types'

export const HALL = '示范村便民服务站'

export interface TestServer {
  app: Application
  url: string
  store: Store
  dbPath: string
  close(): Promise<void>
}

const rendererDir = mkdtempSync(join(tmpdir(), 'sig-renderer-'))
writeFileSync(join(rendererDir, 'clerk.html'), '<!doctype html><title>clerk</title>')

export function tempDbPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'sig-db-')), 'server.db')
}

export async function startServer(
  opts: {
    dbPath?: string
    realtime?: Partial<RealtimeConfig>
    now?: () => number
    corsOrigins?: string[]
    log?: pino.Logger
    metricsToken?: string
    /** The update folder (staged updates), see fleet/releases.ts. */
    updatesDir?: string
    admission?: Admission
  } = {},
): Promise<TestServer> {
  const dbPath = opts.dbPath ?? tempDbPath()
  const store = openSqliteStore(dbPath)
  const app = createApplication({
    log: opts.log ?? pino({ level: process.env.TEST_LOG ?? 'silent' }),
    version: 'test',
    rendererDir,
    store,
    corsOrigins: opts.corsOrigins,
    realtime: opts.realtime,
    now: opts.now,
    metricsToken: opts.metricsToken,
    updatesDir: opts.updatesDir,
    admission: opts.admission,
  })
  const { url } = await app.listen(0)
  return {
    app,
    url,
    store,
    dbPath,
    async close() {
      await app.close()
      await store.close()
    },
  }
}

export interface StaffAccount {
  username: string
  password: string
  role: StaffRole
  categories: string[]
}

export async function addStaff(store: Store, account: StaffAccount): Promise<void> {
  await createUser(store, { ...account, displayName: `${account.username}-name` }, Date.now())
}

export async function login(url: string, username: string, password: string): Promise<Response> {
  return fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
}

export interface HttpAnswer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/**
 * POST /api/auth/login from a chosen loopback source address (127.0.0.2, 127.0.0.3…), so one
 * test can be several callers; the server sees each as its own remote address.
 */
export function loginFrom(
  url: string,
  localAddress: string,
  username: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<HttpAnswer> {
  const body = JSON.stringify({ username, password })
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${url}/api/auth/login`,
      {
        method: 'POST',
        localAddress,
        headers: { 'content-type': 'application/json', ...headers },
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => (text += c))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
        )
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

export async function tokenFor(url: string, username: string, password: string): Promise<string> {
  const res = await login(url, username, password)
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`)
  return ((await res.json()) as { token: string }).token
}

export async function enrolTerminal(
  store: Store,
  name: string,
  hall = HALL,
): Promise<{ terminalId: string; credential: string }> {
  const { code } = await createEnrolCode(store, hall, 3600_000, Date.now())
  const t = await redeemEnrolCode(store, code, name, Date.now())
  if (!t) throw new Error('enrol failed')
  return t
}

/** A socket.io client that keeps every received event so tests can wait without races. */
export class Client {
  readonly events: { event: string; data: unknown; seen: boolean }[] = []
  private waiters: (() => void)[] = []
  constructor(readonly socket: Socket) {
    socket.onAny((event: string, data: unknown) => {
      this.events.push({ event, data, seen: false })
      for (const w of this.waiters.splice(0)) w()
    })
  }

  /** Resolves with the first unseen `event` whose data matches; marks it seen. */
  async next<T = Record<string, unknown>>(
    event: string,
    match: (data: T) => boolean = () => true,
    timeoutMs = 5_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const hit = this.events.find((e) => !e.seen && e.event === event && match(e.data as T))
      if (hit) {
        hit.seen = true
        return hit.data as T
      }
      const left = deadline - Date.now()
      if (left <= 0) {
        const got = this.events.map((e) => e.event).join(', ')
        throw new Error(`timed out waiting for ${event}; received: ${got}`)
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left)
        this.waiters.push(() => {
          clearTimeout(t)
          resolve()
        })
      })
    }
  }

  /** True if such an event arrived (seen or not) — for asserting something did NOT happen. */
  received(event: string, match: (data: Record<string, unknown>) => boolean = () => true): boolean {
    return this.events.some((e) => e.event === event && match(e.data as Record<string, unknown>))
  }

  async ack<T = unknown>(event: string, payload?: unknown): Promise<Ack<T>> {
    const args = payload === undefined ? [] : [payload]
    return (await this.socket.timeout(5_000).emitWithAck(event, ...args)) as Ack<T>
  }

  /** Ack data of a request expected to succeed. */
  async ok<T = Record<string, unknown>>(event: string, payload?: unknown): Promise<T> {
    const a = await this.ack<T>(event, payload)
    if (!a.ok) throw new Error(`${event} failed: ${a.error.code} ${a.error.message}`)
    return a.data
  }

  /**
   * Emits an event whose payload is given as raw JSON text, written straight onto the
   * connection as a socket.io packet: a hostile client is not bound by socket.io-client's
   * encoder (which itself overflows the stack on a payload nested thousands deep).
   */
  rawAck(event: string, payloadJson: string): Promise<Ack<unknown>> {
    const id = 1_000_000 + this.rawIds++
    const nsp = (this.socket as unknown as { nsp: string }).nsp
    const acks = (this.socket as unknown as { acks: Record<number, (a: Ack<unknown>) => void> })
      .acks
    const engine = this.socket.io.engine as unknown as { write(msg: string): void }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ack for raw ${event}`)), 5_000)
      acks[id] = (a) => {
        clearTimeout(timer)
        resolve(a)
      }
      engine.write(`2${nsp},${id}[${JSON.stringify(event)},${payloadJson}]`)
    })
  }
  private rawIds = 0

  close(): void {
    this.socket.disconnect()
  }
}

function open(url: string, namespace: string, auth: unknown): Promise<Client> {
  const socket = connect(url + namespace, {
    auth: auth as Record<string, unknown>,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  })
  const client = new Client(socket)
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(client))
    socket.once('connect_error', (err) => {
      socket.close()
      reject(err)
    })
  })
}

export function terminalClient(
  url: string,
  t: { terminalId: string; credential: string },
): Promise<Client> {
  return open(url, TERMINAL_NAMESPACE, {
    kind: 'terminal',
    terminalId: t.terminalId,
    credential: t.credential,
  })
}

export function staffClient(url: string, token: string): Promise<Client> {
  return open(url, STAFF_NAMESPACE, { kind: 'staff', token })
}

/** Resolves with the connect_error message when the server refuses the handshake. */
export async function refusal(url: string, namespace: string, auth: unknown): Promise<string> {
  try {
    const c = await open(url, namespace, auth)
    c.close()
    return 'connected'
  } catch (err) {
    return (err as Error).message
  }
}

export function joinPayload(over: Partial<QueueJoinPayload> = {}): QueueJoinPayload {
  return {
    category: 'social-security',
    item: { id: 'pension-cert', title: '养老保险待遇资格认证' },
    step: { id: 'upload', label: '上传材料' },
    residentName: '张三丰',
    ...over,
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
