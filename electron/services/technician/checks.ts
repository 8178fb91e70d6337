import type { RequestOutput } from '../../../common/bridge/contract'
import type { IdCard } from '../../../common/devices/id-card'
import type { PrinterState } from '../../../common/devices/printer'
import type { DeviceHealth } from '../../../common/domain/device-health'
import type { PaperWidth } from '../../../common/fleet/technician'
import { maskIdNumber, maskName } from '../../../common/privacy/mask'
import { paperOf } from '../health/snapshot'

/*
 * The self-test's device and machine checks that only the main process can make (the camera,
 * microphone, speaker and the signaling socket are checked in the renderer:
 * renderer/src/kiosk/technician/self-test-run.ts). Each answers what it found; the verdicts the
 * technician reads are made from it.
 */

const token = (s: string | undefined): string | undefined =>
  s && /^[a-z0-9-]{1,40}$/.test(s) ? s : undefined

export interface ReaderProbe {
  /** The reader's health as the device manager reports it. */
  health(): DeviceHealth | undefined
  /** The card lying on the reader, read again (null when none). */
  rereadPresentCard(timeoutMs: number): Promise<IdCard | null>
  /** Calls back once with the next card placed; returns the unsubscribe. */
  onNextCard(fn: (card: IdCard) => void): () => void
}

/** The ID reader: unplugged or faulty fails; a card (the one lying there, else one placed within `waitMs`) is shown masked. */
export async function checkReader(
  reader: ReaderProbe,
  waitMs: number,
): Promise<RequestOutput<'selftest:reader'>> {
  const h = reader.health()
  if (!h || h.state === 'disconnected') return { status: 'fail', detail: 'unplugged', card: null }
  if (h.state === 'error') return { status: 'fail', detail: token(h.detail) ?? 'error', card: null }
  // Listening before the re-read, so a card placed meanwhile is not missed.
  let timer: ReturnType<typeof setTimeout> | undefined
  let off = () => {}
  const placed = new Promise<IdCard | null>((resolve) => {
    if (waitMs <= 0) return resolve(null)
    timer = setTimeout(() => resolve(null), waitMs)
    off = reader.onNextCard(resolve)
  })
  try {
    const card = (await reader.rereadPresentCard(3_000)) ?? (await placed)
    if (!card) return { status: 'skipped', detail: 'needs-person', card: null }
    return {
      status: 'pass',
      card: {
        name: maskName(card.name),
        idNumber: maskIdNumber(card.idNumber),
        cardType: card.cardType,
      },
    }
  } finally {
    clearTimeout(timer)
    off()
  }
}

export interface PrinterProbe {
  status(): { state: PrinterState; detail?: string }
  health(): DeviceHealth
  printTestPage(): { printed: Promise<unknown> }
  readonly paper: PaperWidth
}

const printable = (s: PrinterState) => s === 'ready' || s === 'paper-near-end'

/**
 * The receipt printer: out of paper, cover open, offline, faulty or unplugged fails, naming which;
 * with `testPage`, a test page is printed (only when the printer can print, so none waits in the
 * queue to come out later) and must be confirmed within `timeoutMs`.
 */
export async function checkPrinter(
  printer: PrinterProbe | undefined,
  testPage: boolean,
  timeoutMs = 20_000,
): Promise<RequestOutput<'selftest:printer'>> {
  if (!printer)
    return {
      status: 'fail',
      detail: 'no-printer',
      state: 'disconnected',
      paper: 'unknown',
      paperWidth: '80mm',
    }
  const base = () => {
    const s = printer.status()
    return { state: s.state, paper: paperOf(printer.health()), paperWidth: printer.paper }
  }
  const now = base()
  if (!printable(now.state)) {
    const detail =
      now.state === 'disconnected'
        ? 'unplugged'
        : now.state === 'error'
          ? (token(printer.status().detail) ?? 'error')
          : now.state
    return { status: 'fail', detail, ...now }
  }
  if (testPage) {
    const { printed } = printer.printTestPage()
    let timer: ReturnType<typeof setTimeout> | undefined
    const outcome = await Promise.race([
      printed.then(
        () => 'printed' as const,
        () => 'failed' as const,
      ),
      new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), timeoutMs))),
    ])
    clearTimeout(timer)
    const after = base()
    if (outcome !== 'printed')
      return {
        status: 'fail',
        detail: printable(after.state)
          ? 'not-confirmed'
          : after.state === 'disconnected'
            ? 'unplugged'
            : after.state,
        ...after,
      }
    return {
      status: 'pass',
      ...(after.state === 'paper-near-end' ? { detail: 'paper-near-end' } : {}),
      ...after,
    }
  }
  return {
    status: 'pass',
    ...(now.state === 'paper-near-end' ? { detail: 'paper-near-end' } : {}),
    ...now,
  }
}

/**
 * The centre reached at its public info route, timed, and its clock read from the answer's Date
 * header (a second's precision) against the middle of the round trip.
 */
export async function checkCentre(opts: {
  serverUrl: string
  fetch: typeof fetch
  now?: () => number
  timeoutMs?: number
}): Promise<RequestOutput<'selftest:network'>> {
  const now = opts.now ?? Date.now
  const started = now()
  let res: Response
  try {
    res = await opts.fetch(new URL('/api/v1/centre', opts.serverUrl), {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(opts.timeoutMs ?? 8_000),
    })
  } catch {
    return { reachable: false, detail: 'centre-unreachable', rttMs: null, clockSkewMs: null }
  }
  const ended = now()
  await res.body?.cancel().catch(() => undefined)
  if (!res.ok)
    return { reachable: false, detail: 'centre-error', rttMs: ended - started, clockSkewMs: null }
  const date = Date.parse(res.headers.get('date') ?? '')
  return {
    reachable: true,
    rttMs: ended - started,
    clockSkewMs: Number.isFinite(date) ? Math.round(date - (started + ended) / 2) : null,
  }
}
