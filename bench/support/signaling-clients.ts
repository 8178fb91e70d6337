// The signaling benchmark's client processes: each one holds a share of the kiosks and clerk
// consoles as real socket.io clients (a process may open at most 20,000 files here) and answers
// the orchestrator's commands over the fork IPC channel. In cluster mode the kiosks reconnect the
// way the real kiosk's client does (RECONNECT_OPTIONS, session:resume of an open call), so the
// reconnect storm measures what a hall would see.
import { fork, type ChildProcess } from 'node:child_process'
import { setPriority } from 'node:os'
import { fileURLToPath } from 'node:url'
import { io as connect, type Socket } from 'socket.io-client'
import {
  initialReconnectDelayMs,
  RECONNECT_OPTIONS,
  STAFF_NAMESPACE,
  TERMINAL_NAMESPACE,
  type QueueEntryEvent,
} from '../../common/signaling'

export const CATEGORIES = [
  'social-security',
  'medical-insurance',
  'elderly-care',
  'civil-affairs',
  'family',
  'housing',
]
export const now = (): number => performance.timeOrigin + performance.now()

export interface TerminalIdentity {
  terminalId: string
  credential: string
}

export type ToWorker =
  | {
      cmd: 'connect'
      url: string
      terminals: TerminalIdentity[]
      clerks: string[]
      /** Reconnect on their own, as real kiosks and consoles do (cluster mode). */
      reconnect: boolean
    }
  | { cmd: 'joins'; perSecond: number; seconds: number }
  | { cmd: 'report' }
  /** The first `count` kiosks join and stay queued, for the reconnect storm. */
  | { cmd: 'hold'; count: number }
  /** From now on, count each kiosk that drops and comes back, and each held entry resumed. */
  | { cmd: 'stormStart' }
  | { cmd: 'stormStatus' }
  | { cmd: 'exit' }

export interface StormStatus {
  kind: 'stormStatus'
  terminals: number
  dropped: number
  back: number
  held: number
  restored: number
  lost: number
  /** When the last kiosk came back / the last held entry was confirmed (epoch ms). */
  lastBackAt: number
  lastRestoredAt: number
  /** Failed reconnect attempts during the storm, by error message. */
  errors: Record<string, number>
}

export type FromWorker =
  | { kind: 'connected'; terminals: number; clerks: number; failed: number }
  | { kind: 'joinsDone'; sent: number; failed: number }
  | { kind: 'report'; sent: Record<string, number>; received: Record<string, number[]> }
  | { kind: 'held'; held: number; failed: number; callIds: string[] }
  | StormStatus

type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: string } }
type ResumeAnswer = Ack<{ call: { callId: string; state: string } | null }>

interface Kiosk {
  socket: Socket
  /** The queued call this kiosk holds through the storm, if any. */
  callId: string | null
  dropped: boolean
  back: boolean
  /** null: not known yet; true: resumed queued with the same call id; false: gone. */
  restored: boolean | null
}

const JOIN = {
  item: { id: 'bench-item', title: '测试事项' },
  step: { id: 'start', label: '开始' },
}

async function worker(): Promise<void> {
  const kiosks: Kiosk[] = []
  const clerks: Socket[] = []
  const sent: Record<string, number> = {}
  const received: Record<string, number[]> = {}
  let storm = false
  let lastBackAt = 0
  let lastRestoredAt = 0
  const errors: Record<string, number> = {}
  const send = (m: FromWorker): void => void process.send!(m)

  function open(
    url: string,
    ns: string,
    auth: Record<string, unknown>,
    reconnect: boolean,
  ): Promise<Socket | null> {
    return new Promise((resolve) => {
      const s = connect(url + ns, {
        ...(reconnect ? RECONNECT_OPTIONS : { reconnection: false }),
        auth,
        // The cluster's nodes speak WebSocket only (no sticky sessions behind nginx).
        transports: ['websocket'],
        forceNew: true,
      })
      const fail = (): void => {
        s.disconnect()
        resolve(null)
      }
      s.once('connect', () => {
        s.off('connect_error', fail)
        resolve(s)
      })
      s.once('connect_error', fail)
    })
  }

  /** Asks the centre what became of a held call until it gives an answer, as the kiosk does. */
  async function resume(k: Kiosk): Promise<void> {
    while (k.callId && k.restored === null && k.socket.connected) {
      const answer = (await k.socket
        .timeout(RECONNECT_OPTIONS.ackTimeout)
        .emitWithAck('session:resume', { callId: k.callId })
        .catch(() => null)) as ResumeAnswer | null
      if (answer?.ok) {
        const call = answer.data.call
        k.restored = call?.callId === k.callId && call.state === 'queued'
        if (!k.restored) {
          const what = `resumed as ${call ? (call.callId === k.callId ? call.state : 'another call') : 'no call'}`
          errors[what] = (errors[what] ?? 0) + 1
        }
        lastRestoredAt = now()
        return
      }
      // No counter yet (`unavailable`), or the ack timed out: ask again shortly.
      await new Promise((r) => setTimeout(r, 500))
    }
  }

  function watch(k: Kiosk): void {
    k.socket.on('connect_error', (err: Error) => {
      if (storm) errors[err.message] = (errors[err.message] ?? 0) + 1
    })
    k.socket.on('disconnect', (reason) => {
      if (storm) k.dropped = true
      // The server closed us (drain): socket.io does not retry by itself here; the real
      // client waits 0–10 s first so a hall does not come back in the same second.
      if (reason === 'io server disconnect')
        setTimeout(() => k.socket.connect(), initialReconnectDelayMs())
    })
    k.socket.on('connect', () => {
      if (!storm || !k.dropped) return
      if (!k.back) {
        k.back = true
        lastBackAt = now()
      }
      void resume(k)
    })
  }

  async function inBatches<T>(
    items: T[],
    size: number,
    fn: (t: T) => Promise<void>,
  ): Promise<void> {
    for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn))
  }

  async function join(k: Kiosk, i: number): Promise<string | null> {
    const ack = (await k.socket
      .timeout(10_000)
      .emitWithAck('queue:join', { category: CATEGORIES[i % CATEGORIES.length], ...JOIN })
      .catch(() => null)) as Ack<{ call: { callId: string } }> | null
    return ack?.ok ? ack.data.call.callId : null
  }

  async function joins(perSecond: number, seconds: number): Promise<void> {
    let sentCount = 0
    let failed = 0
    const total = Math.round(perSecond * seconds)
    const gap = 1000 / perSecond
    const start = now()
    const pending: Promise<void>[] = []
    for (let i = 0; i < total; i++) {
      const wait = start + i * gap - now()
      if (wait > 0) await new Promise((r) => setTimeout(r, wait))
      const k = kiosks[i % kiosks.length]!
      const t0 = now()
      pending.push(
        (async () => {
          const callId = await join(k, i)
          if (!callId) return void failed++
          sent[callId] = t0
          sentCount++
          // leave again after a while so the queue stays short, as in real life
          await new Promise((r) => setTimeout(r, 2_000))
          await k.socket.timeout(10_000).emitWithAck('queue:cancel', { callId })
        })().catch(() => void failed++),
      )
    }
    await Promise.all(pending)
    send({ kind: 'joinsDone', sent: sentCount, failed })
  }

  process.on('message', (m: ToWorker) => {
    void (async () => {
      if (m.cmd === 'connect') {
        let failed = 0
        await inBatches(m.clerks, 50, async (token) => {
          const s = await open(m.url, STAFF_NAMESPACE, { kind: 'staff', token }, m.reconnect)
          if (!s) return void failed++
          s.on('queue:entry', (e: QueueEntryEvent) => {
            if (e.op === 'upsert' && e.entry.state === 'queued' && !e.entry.front)
              (received[e.entry.callId] ??= []).push(now())
          })
          clerks.push(s)
        })
        await inBatches(m.terminals, 100, async (t) => {
          const auth = { kind: 'terminal', terminalId: t.terminalId, credential: t.credential }
          const s = await open(m.url, TERMINAL_NAMESPACE, auth, m.reconnect)
          if (!s) return void failed++
          const k: Kiosk = { socket: s, callId: null, dropped: false, back: false, restored: null }
          kiosks.push(k)
          if (m.reconnect) watch(k)
        })
        send({ kind: 'connected', terminals: kiosks.length, clerks: clerks.length, failed })
      } else if (m.cmd === 'joins') {
        await joins(m.perSecond, m.seconds)
      } else if (m.cmd === 'report') {
        send({ kind: 'report', sent, received })
      } else if (m.cmd === 'hold') {
        let failed = 0
        await inBatches(kiosks.slice(0, m.count), 20, async (k) => {
          k.callId = await join(k, kiosks.indexOf(k))
          if (!k.callId) failed++
        })
        const callIds = kiosks.flatMap((k) => (k.callId ? [k.callId] : []))
        send({ kind: 'held', held: callIds.length, failed, callIds })
      } else if (m.cmd === 'stormStart') {
        storm = true
      } else if (m.cmd === 'stormStatus') {
        const held = kiosks.filter((k) => k.callId)
        send({
          kind: 'stormStatus',
          terminals: kiosks.length,
          dropped: kiosks.filter((k) => k.dropped).length,
          back: kiosks.filter((k) => k.dropped && k.back && k.socket.connected).length,
          held: held.length,
          restored: held.filter((k) => k.restored === true).length,
          lost: held.filter((k) => k.restored === false).length,
          lastBackAt,
          lastRestoredAt,
          errors,
        })
      } else if (m.cmd === 'exit') {
        for (const s of [...kiosks.map((k) => k.socket), ...clerks]) s.disconnect()
        setTimeout(() => process.exit(0), 200)
      }
    })()
  })
}

/** Asks a client process something and waits for the answer of that kind. */
export function ask<T extends FromWorker['kind']>(
  child: ChildProcess,
  msg: ToWorker,
  kind: T,
): Promise<Extract<FromWorker, { kind: T }>> {
  return new Promise((resolve) => {
    const on = (m: FromWorker): void => {
      if (m.kind !== kind) return
      child.off('message', on)
      resolve(m as Extract<FromWorker, { kind: T }>)
    }
    child.on('message', on)
    child.send(msg)
  })
}

/** Scheduling priority (nice) of the kiosks' processes: below the system under test's. */
export const KIOSK_NICENESS = 10

/** The benchmark's client processes: the kiosks' (the load) and the clerk consoles' (the clock). */
export interface ClientProcesses {
  kiosks: ChildProcess[]
  clerks: ChildProcess[]
}

/**
 * Client processes (this file, forked with the benchmark's tsx loader) for `terminals` kiosks
 * (≤ 2,500 a process, or `kioskProcs`) and `clerks` consoles (≤ 50 a process); with
 * BENCH_CPU_PROFILE_DIR each writes a CPU profile of its life there when it exits.
 *
 * The kiosks' processes run at a lower priority than the nodes, nginx, Redis and PostgreSQL: in
 * the field every kiosk is a machine of its own, here 20,000 of them share two cores with the
 * centre. At equal priority the kernel shares the cores per process: in a reconnect storm nine
 * client processes retrying timed-out connections took half of them (148 of 304 CPU seconds),
 * and the starved nodes, their accept queues full, took one connection per loop turn, each
 * already abandoned by its kiosk (strace: getpeername ENOTCONN, writev EPIPE); every kiosk was
 * back after 150 s (57–97 s at the lower priority). The consoles' processes, which time the
 * notifications, keep the normal priority so that their clocks read when a notification
 * arrived, not when a starved process got to it.
 */
export function startClientProcesses(o: {
  terminals: number
  clerks: number
  kioskProcs?: number
}): ClientProcesses {
  const self = fileURLToPath(import.meta.url)
  const dir = process.env.BENCH_CPU_PROFILE_DIR
  const execArgv = [...process.execArgv, ...(dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [])]
  const start = (niceness: number, role: 'kiosks' | 'clerks') => {
    const child = fork(self, [], {
      env: { ...process.env, SIGNALING_BENCH_WORKER: role },
      execArgv,
      stdio: 'inherit',
    })
    if (niceness && child.pid !== undefined) setPriority(child.pid, niceness)
    return child
  }
  const kioskProcs = o.kioskProcs ?? Math.max(2, Math.ceil(o.terminals / 2_500))
  return {
    kiosks: Array.from({ length: kioskProcs }, () => start(KIOSK_NICENESS, 'kiosks')),
    clerks: Array.from({ length: Math.max(1, Math.ceil(o.clerks / 50)) }, () => start(0, 'clerks')),
  }
}

export async function stopClientProcesses(procs: ClientProcesses): Promise<void> {
  const children = [...procs.kiosks, ...procs.clerks]
  const gone = children.map((c) => new Promise((r) => c.once('exit', r)))
  for (const c of children) c.send({ cmd: 'exit' } satisfies ToWorker)
  await Promise.all(gone)
}

if (process.env.SIGNALING_BENCH_WORKER) void worker()
