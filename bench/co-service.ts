// `npm run bench -- co-service [--events 200] [--pages 30]`
//
// Co-service (键对键) latency on loopback through the real signaling server (SQLite, default
// rate limits), with a kiosk and a clerk console as socket.io clients in this process:
//  - a kiosk keystroke → shown on the console: the kiosk's own CoServiceSession (the 50 ms
//    coalescing included) sends the mirror after a store change; measured until the console's
//    socket has the `cosvc:mirror` with the typed text, parsed against the contract;
//  - a clerk proposal → shown on the kiosk: `cosvc:action` sent by the console until the kiosk's
//    socket has it, parsed against the contract;
//  - a kept 1 MB page → shown on the console: the kiosk's session cuts it in pieces
//    (`cosvc:page`), measured until the console has every piece and the bytes back.
// Events are paced under the server's rate budgets (signal 50/s, control 5/s), so each is
// measured alone. React's render on either side (one frame) comes on top.
import { randomBytes } from 'node:crypto'
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import {
  CoServiceActionEvent,
  CoServiceMirrorEvent,
  CoServicePageEvent,
  type Mirror,
} from '../common/signaling'
import { CoServiceSession } from '../renderer/src/video/kiosk/coservice-session'
import {
  addStaff,
  enrolTerminal,
  joinPayload,
  sleep,
  staffClient,
  startServer,
  terminalClient,
  tokenFor,
} from '../tests/integration/signaling-harness'
import { round1 as ms, writeResult } from './result'

const { values: args } = parseArgs({
  options: { events: { type: 'string', default: '200' }, pages: { type: 'string', default: '30' } },
})
const EVENTS = Number(args.events)
const PAGES = Number(args.pages)
const now = (): number => performance.now()
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!
}
const summary = (xs: number[]) => ({
  n: xs.length,
  p50: ms(pct(xs, 50)),
  p95: ms(pct(xs, 95)),
  max: ms(Math.max(...xs)),
})

const srv = await startServer()
await addStaff(srv.store, {
  username: 'bench-clerk',
  password: 'bench-clerk-password',
  role: 'clerk',
  categories: ['social-security'],
})
const kiosk = await terminalClient(srv.url, await enrolTerminal(srv.store, '基准一号机'))
const clerk = await staffClient(
  srv.url,
  await tokenFor(srv.url, 'bench-clerk', 'bench-clerk-password'),
)
const { call } = await kiosk.ok<{ call: { callId: string } }>('queue:join', joinPayload())
const callId = call.callId
await clerk.ok('presence:set', { presence: 'available' })
await clerk.next('call:offer')
await clerk.ok('call:accept', { callId })
await kiosk.next('call:start')

// --- The kiosk's co-service session over a stand-in for its store -------------------------

let phone = ''
let page: { materialId: string; page: number; url: string; blob: Blob } | null = null
const listeners = new Set<() => void>()
const changed = () => listeners.forEach((fn) => fn())
const snapshot = (): Mirror => ({
  item: { code: 'CA-ELDERLY-ALLOWANCE', title: '高龄津贴申领' },
  screen: 'form',
  step: '填写申请表 第 1 步，共 4 步：申请人',
  fields: { 'applicant.name': '王*英', 'applicant.phone': phone },
  materials: page
    ? [{ id: 'hukou-book', name: '居民户口簿', status: 'photographed', pages: page.page + 1 }]
    : [],
  signed: false,
})
const session = new CoServiceSession({
  source: {
    snapshot,
    subscribe: (fn) => (listeners.add(fn), () => listeners.delete(fn)),
    pages: () => (page ? [page] : []),
    pageData: async (p) => ({
      mediaType: 'image/jpeg',
      base64: Buffer.from(await p.blob.arrayBuffer()).toString('base64'),
    }),
  },
  consent: (id, decision) => kiosk.ok('cosvc:consent', { callId: id, decision }),
  mirror: (id, seq, mirror) => kiosk.ok('cosvc:mirror', { callId: id, seq, mirror }),
  page: (p) => kiosk.ok('cosvc:page', p),
  onChange: () => undefined,
})
await clerk.ok('cosvc:request', { callId })
await kiosk.next('cosvc:request')
session.request(callId)
session.answer(true)
await clerk.next('cosvc:consent')
await clerk.next('cosvc:mirror')

// --- Keystroke → console ------------------------------------------------------------------

const keystrokeMs: number[] = []
{
  let waiting: { text: string; at: number; done: () => void } | null = null
  clerk.socket.on('cosvc:mirror', (raw: unknown) => {
    const ev = CoServiceMirrorEvent.parse(raw)
    if (waiting && ev.mirror.fields['applicant.phone'] === waiting.text) {
      keystrokeMs.push(now() - waiting.at)
      waiting.done()
      waiting = null
    }
  })
  for (let i = 0; i < EVENTS; i++) {
    // Digits typed one by one, the field cleared after eleven.
    phone = i % 11 === 0 ? String(i % 10) : phone + String(i % 10)
    const shown = new Promise<void>((done) => (waiting = { text: phone, at: now(), done }))
    changed()
    await shown
    // Typing speed and the signal budget: one keystroke every 60 ms at most.
    await sleep(60)
  }
}

// --- Proposal → kiosk ---------------------------------------------------------------------

const proposalMs: number[] = []
{
  const sent = new Map<string, { at: number; done: () => void }>()
  kiosk.socket.on('cosvc:action', (raw: unknown) => {
    const ev = CoServiceActionEvent.parse(raw)
    const s = sent.get(ev.actionId)
    if (s) {
      proposalMs.push(now() - s.at)
      s.done()
      sent.delete(ev.actionId)
    }
  })
  for (let i = 0; i < EVENTS; i++) {
    const actionId = `a_bench${String(i).padStart(6, '0')}`
    const value = `1380013${String(i).padStart(4, '0')}`
    const shown = new Promise<void>((done) => sent.set(actionId, { at: now(), done }))
    const action = { kind: 'propose', fields: [{ path: 'applicant.phone', value }] }
    void clerk.ok('cosvc:action', { callId, actionId, action })
    await shown
    // Under the control budget (5/s): a clerk proposes far more slowly than this anyway.
    await sleep(205)
  }
}

// --- A kept 1 MB page → console -----------------------------------------------------------

const pageMs: number[] = []
{
  let waiting: { at: number; done: () => void; pieces: string[]; page: number } | null = null
  clerk.socket.on('cosvc:page', (raw: unknown) => {
    const ev = CoServicePageEvent.parse(raw)
    if (!waiting || ev.page !== waiting.page) return
    waiting.pieces[ev.chunk] = ev.data
    if (waiting.pieces.filter(Boolean).length < ev.chunks) return
    const bytes = Buffer.from(waiting.pieces.join(''), 'base64')
    if (bytes.length === 1_000_000) {
      pageMs.push(now() - waiting.at)
      waiting.done()
      waiting = null
    }
  })
  for (let i = 0; i < PAGES; i++) {
    const blob = new Blob([randomBytes(1_000_000)], { type: 'image/jpeg' })
    const n = i % 20
    const shown = new Promise<void>((done) => (waiting = { at: now(), done, pieces: [], page: n }))
    page = { materialId: 'hukou-book', page: n, url: `blob:bench-${i}`, blob }
    changed()
    await shown
    // The pieces draw on the signal budget (200 burst, 50/s): a page every 400 ms.
    await sleep(400)
  }
}

session.end()
kiosk.close()
clerk.close()
await srv.close()

writeResult('co-service', {
  transport: 'loopback socket.io (WebSocket), real signaling server, default rate limits',
  loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
  keystrokeToConsoleMs: summary(keystrokeMs),
  proposalToKioskMs: summary(proposalMs),
  page1MBToConsoleMs: summary(pageMs),
  goals: { eventP95Ms: 100, pageP95Ms: 2000 },
})
