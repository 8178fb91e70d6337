import { currentVolume } from '../../ui/speech'
import type { CameraFinding, MicrophoneFinding, SignalingFinding } from './self-test-verdicts'

/*
 * The self-test's checks that only the page can make: camera, microphone, speaker (a tone) and
 * the signaling socket. Each stops what it opened before it answers.
 */

const mediaError = (e: unknown): 'not-found' | 'denied' | 'error' => {
  const name = (e as { name?: string }).name
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'not-found'
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied'
  return 'error'
}

const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/** Opens the camera at the resolution the materials screen asks for, shows it, reads its size. */
export async function checkCamera(
  preview?: (stream: MediaStream | null) => void,
  showMs = 0,
): Promise<CameraFinding> {
  let stream: MediaStream
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      video: { width: { ideal: 1920 }, height: { ideal: 1080 } },
      audio: false,
    })
  } catch (e) {
    return { error: mediaError(e) }
  }
  try {
    const track = stream.getVideoTracks()[0]
    const s = track?.getSettings() ?? {}
    preview?.(stream)
    // Long enough for the technician to see the picture.
    if (showMs > 0) await wait(showMs)
    return { width: s.width ?? 0, height: s.height ?? 0 }
  } finally {
    preview?.(null)
    for (const t of stream.getTracks()) t.stop()
  }
}

/** Listens for `listenMs`, reporting the level (0–100) as it goes; answers the loudest. */
export async function checkMicrophone(
  level?: (value: number) => void,
  listenMs = 1_500,
): Promise<MicrophoneFinding> {
  let stream: MediaStream
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: false })
  } catch (e) {
    return { error: mediaError(e) }
  }
  const ctx = new AudioContext()
  try {
    const analyser = ctx.createAnalyser()
    analyser.fftSize = 1024
    ctx.createMediaStreamSource(stream).connect(analyser)
    const samples = new Float32Array(analyser.fftSize)
    let peak = 0
    const until = performance.now() + listenMs
    while (performance.now() < until) {
      analyser.getFloatTimeDomainData(samples)
      let sum = 0
      for (const v of samples) sum += v * v
      // RMS on a rough log scale: speech at a metre reads about half way.
      const rms = Math.sqrt(sum / samples.length)
      const value = Math.min(100, Math.max(0, (20 * Math.log10(rms + 1e-6) + 60) * (100 / 60)))
      peak = Math.max(peak, value)
      level?.(value)
      await wait(50)
    }
    return { peak }
  } finally {
    level?.(0)
    void ctx.close().catch(() => undefined)
    for (const t of stream.getTracks()) t.stop()
  }
}

/** A 1.2 s tone at the kiosk's volume. */
export async function playTone(): Promise<void> {
  const ctx = new AudioContext()
  try {
    const osc = ctx.createOscillator()
    const gain = ctx.createGain()
    osc.frequency.value = 880
    gain.gain.value = 0.5 * currentVolume()
    osc.connect(gain).connect(ctx.destination)
    osc.start()
    await wait(1_200)
    osc.stop()
  } finally {
    void ctx.close().catch(() => undefined)
  }
}

/** The kiosk's socket to the centre (the one health reports use): online within `timeoutMs`? */
export async function checkSignaling(timeoutMs = 8_000): Promise<SignalingFinding> {
  const { terminalLink } = await import('../../video/kiosk/terminal-link')
  let client
  try {
    client = await Promise.race([
      terminalLink(),
      wait(timeoutMs).then(() => {
        throw new Error('timeout')
      }),
    ])
  } catch (e) {
    return (e as { code?: string }).code === 'NOT_ENROLLED' ? 'not-enrolled' : 'down'
  }
  if (client.link === 'online') return 'online'
  if (client.link === 'refused') return 'refused'
  return new Promise<SignalingFinding>((resolve) => {
    const timer = setTimeout(() => {
      off()
      resolve('down')
    }, timeoutMs)
    const off = client.onLink((link) => {
      if (link !== 'online' && link !== 'refused') return
      clearTimeout(timer)
      off()
      resolve(link === 'online' ? 'online' : 'refused')
    })
  })
}
