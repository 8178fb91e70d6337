import type { RequestChannel } from '../../../../common/bridge/channels'
import type { RequestInput, RequestOutput } from '../../../../common/bridge/contract'
import { SelfTestPart, type SelfTestResult } from '../../../../common/fleet/self-test'
import { bridge } from '../../platform/bridge'
import { checkCamera, checkMicrophone, checkSignaling, playTone } from './self-test-media'
import {
  cameraOutcome,
  diskOutcome,
  microphoneOutcome,
  networkOutcome,
  outboxOutcome,
  printerOutcome,
  readerOutcome,
  resultOf,
  speakerOutcome,
  type CameraFinding,
  type MicrophoneFinding,
  type PartOutcome,
  type SignalingFinding,
  type TurnFinding,
} from './self-test-verdicts'

/** How long an interactive reader check waits for a card to be placed. */
export const CARD_WAIT_MS = 20_000

/** What the self-test screen shows while a run goes on; a remote run passes none. */
export interface SelfTestUi {
  /** A part started (`running`) or finished (its outcome). */
  onPart?(part: SelfTestPart, state: 'running' | PartOutcome): void
  /** The camera's picture while it is checked (null when it stops). */
  cameraPreview?(stream: MediaStream | null): void
  /** The microphone's level, 0–100, while it is checked. */
  micLevel?(level: number): void
  /** After the tone: did the technician hear it (听到了 / 没听到)? */
  askHeard?(): Promise<boolean>
}

/** Where the runner reaches the kiosk; replaced in the unit tests. */
export interface SelfTestEnv {
  request<C extends RequestChannel>(channel: C, input: RequestInput<C>): Promise<RequestOutput<C>>
  camera(preview: SelfTestUi['cameraPreview'], showMs: number): Promise<CameraFinding>
  microphone(level: SelfTestUi['micLevel']): Promise<MicrophoneFinding>
  tone(): Promise<void>
  signaling(): Promise<SignalingFinding>
  /** A TURN relay allocation; absent while the kiosk has no TURN configuration of its own. */
  turn?(): Promise<{ relay: boolean }>
  now(): number
}

export function browserEnv(): SelfTestEnv {
  return {
    request: (channel, input) => {
      const b = bridge()
      if (!b) return Promise.reject(new Error('no bridge'))
      return b.request(channel, input)
    },
    camera: (preview, showMs) => checkCamera(preview, showMs),
    microphone: (level) => checkMicrophone(level),
    tone: playTone,
    signaling: () => checkSignaling(),
    now: () => Date.now(),
  }
}

export interface SelfTestOptions {
  /** `technician` on the kiosk's screen; `remote` from the fleet console; `update` after an update. */
  trigger: SelfTestResult['trigger']
  /**
   * Someone stands at the kiosk: the reader waits for a card, the printer prints a test page,
   * the camera's picture shows and the speaker's tone is asked about. Not interactive: the
   * speaker is skipped (needs a person), the reader only reads a card lying there.
   */
  interactive: boolean
  /** Only these parts (each on its own in technician mode); all by default. */
  parts?: readonly SelfTestPart[]
  ui?: SelfTestUi
}

async function runPart(
  part: SelfTestPart,
  opts: SelfTestOptions,
  env: SelfTestEnv,
  machine: () => Promise<RequestOutput<'selftest:machine'>>,
): Promise<PartOutcome> {
  const ui = opts.ui ?? {}
  switch (part) {
    case 'id-reader':
      return readerOutcome(
        await env.request('selftest:reader', { waitMs: opts.interactive ? CARD_WAIT_MS : 0 }),
      )
    case 'printer':
      return printerOutcome(await env.request('selftest:printer', { testPage: opts.interactive }))
    case 'camera':
      return cameraOutcome(await env.camera(ui.cameraPreview, opts.interactive ? 2_000 : 0))
    case 'microphone':
      return microphoneOutcome(await env.microphone(ui.micLevel))
    case 'speaker': {
      if (!opts.interactive || !ui.askHeard) return speakerOutcome(null)
      await env.tone()
      return speakerOutcome(await ui.askHeard())
    }
    case 'network': {
      const [centre, signaling, turn] = await Promise.all([
        env.request('selftest:network', undefined),
        env.signaling(),
        env.turn
          ? env.turn().catch(() => ({ relay: false }))
          : Promise.resolve<TurnFinding>('not-configured'),
      ])
      return networkOutcome(centre, signaling, turn)
    }
    case 'disk':
      return diskOutcome(await machine())
    case 'outbox':
      return outboxOutcome(await machine())
  }
}

/**
 * Runs the kiosk's self-test, part after part, keeps the result in the main process (it survives
 * a restart and goes out with the next health report) and answers it. A part that throws fails
 * with `error`; nothing stops the other parts. Run for some parts only, the other parts'
 * previous checks are kept in the result.
 */
export async function runSelfTest(
  opts: SelfTestOptions,
  env: SelfTestEnv = browserEnv(),
): Promise<SelfTestResult> {
  const parts = opts.parts ?? SelfTestPart.options
  // The disk and outbox checks share one answer.
  let machineAnswer: Promise<RequestOutput<'selftest:machine'>> | null = null
  const machine = () => (machineAnswer ??= env.request('selftest:machine', undefined))
  const outcomes: PartOutcome[] = []
  for (const part of parts) {
    opts.ui?.onPart?.(part, 'running')
    let o: PartOutcome
    try {
      o = await runPart(part, opts, env, machine)
    } catch {
      o = { part, status: 'fail', detail: 'error' }
    }
    outcomes.push(o)
    opts.ui?.onPart?.(part, o)
  }
  const whole = parts.length === SelfTestPart.options.length
  const previous = whole ? null : await env.request('selftest:last', undefined).catch(() => null)
  const result = resultOf(outcomes, { trigger: opts.trigger, at: env.now(), previous })
  await env.request('selftest:save', result)
  return result
}
