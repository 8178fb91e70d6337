/**
 * Camera and microphone. 640×360 at 15 fps is plenty for a face on a rural uplink; the encoder
 * caps in call-engine.ts keep it under the bitrate budget. With no camera (or a broken one) the
 * call still goes ahead with voice only.
 */
export interface MediaChoice {
  cameraId?: string
  micId?: string
}

export function constraints(choice: MediaChoice = {}): MediaStreamConstraints {
  return {
    audio: {
      echoCancellation: true,
      noiseSuppression: true,
      autoGainControl: true,
      ...(choice.micId ? { deviceId: { exact: choice.micId } } : {}),
    },
    video: {
      width: { ideal: 640 },
      height: { ideal: 360 },
      frameRate: { ideal: 15, max: 15 },
      ...(choice.cameraId ? { deviceId: { exact: choice.cameraId } } : {}),
    },
  }
}

export async function openLocalMedia(choice: MediaChoice = {}): Promise<MediaStream> {
  const md = navigator.mediaDevices
  let stream: MediaStream
  try {
    stream = await md.getUserMedia(constraints(choice))
  } catch {
    // No usable camera: voice only rather than no call.
    stream = await md.getUserMedia({ audio: constraints(choice).audio })
  }
  // 'motion' makes the encoder drop resolution before frame rate: a moving face stays fluid.
  for (const t of stream.getVideoTracks()) t.contentHint = 'motion'
  for (const t of stream.getAudioTracks()) t.contentHint = 'speech'
  return stream
}

function hint(stream: MediaStream): MediaStream {
  for (const t of stream.getVideoTracks()) t.contentHint = 'motion'
  for (const t of stream.getAudioTracks()) t.contentHint = 'speech'
  return stream
}

/**
 * The kiosk's camera and microphone, or a rejection when the camera cannot be opened: the
 * kiosk then offers a voice-only call instead of silently sending no picture.
 */
export async function openCameraAndMic(): Promise<MediaStream> {
  const stream = await navigator.mediaDevices.getUserMedia(constraints())
  if (stream.getVideoTracks().length === 0) {
    stopStream(stream)
    throw new Error('no camera')
  }
  return hint(stream)
}

/** A voice-only call: the camera is not opened at all. */
export async function openMicrophone(): Promise<MediaStream> {
  return hint(await navigator.mediaDevices.getUserMedia({ audio: constraints().audio }))
}

/** Whether the machine lists any camera (a kiosk without one is offered voice only). */
export async function hasCamera(): Promise<boolean> {
  const all = await navigator.mediaDevices.enumerateDevices()
  return all.some((d) => d.kind === 'videoinput')
}

export async function openTrack(
  kind: 'audio' | 'video',
  deviceId: string,
): Promise<MediaStreamTrack> {
  const c = constraints(kind === 'video' ? { cameraId: deviceId } : { micId: deviceId })
  const stream = await navigator.mediaDevices.getUserMedia(
    kind === 'video' ? { video: c.video } : { audio: c.audio },
  )
  const track = stream.getTracks()[0]!
  track.contentHint = kind === 'video' ? 'motion' : 'speech'
  return track
}

export interface DeviceList {
  cameras: { id: string; label: string }[]
  mics: { id: string; label: string }[]
}

export async function listDevices(): Promise<DeviceList> {
  const all = await navigator.mediaDevices.enumerateDevices()
  const pick = (kind: MediaDeviceKind): { id: string; label: string }[] =>
    all
      .filter((d) => d.kind === kind && d.deviceId)
      .map((d, i) => ({ id: d.deviceId, label: d.label || `${kind} ${i + 1}` }))
  return { cameras: pick('videoinput'), mics: pick('audioinput') }
}

export function stopStream(stream: MediaStream | null): void {
  for (const t of stream?.getTracks() ?? []) t.stop()
}

/** Set with a URL query `?ice=relay`: a technician forces the TURN path to test it. */
export function iceTransportPolicy(search: string = location.search): RTCIceTransportPolicy {
  return new URLSearchParams(search).get('ice') === 'relay' ? 'relay' : 'all'
}
