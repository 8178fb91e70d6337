import type { StillReply, StillRequest } from './jpeg-worker'

/** A photographed page: the JPEG that is kept and sent, and its size in pixels. */
export interface Still {
  blob: Blob
  width: number
  height: number
}

const quality = 0.92
let worker: Worker | null = null

/**
 * The video's current frame at the camera's full resolution, as a JPEG. The frame is taken
 * synchronously, before this returns: call it right after pausing the video, so the photo is the
 * frame frozen on screen. (Seen once in many e2e runs under heavy load: the frozen picture was a
 * camera frame or so apart from it, a frame in flight when pausing. The resident keeps or retakes
 * looking at the JPEG itself, which replaces the frozen picture.) Taking the frame costs no copy
 * (a VideoFrame shares the camera's buffer); converting and encoding it run in a worker. Where
 * that is unavailable, the frame is copied and encoded on the main thread instead, after the
 * frozen frame has been painted (the copy of a 4K frame blocks for 100–500 ms).
 */
export function takeStill(video: HTMLVideoElement): Promise<Still> {
  const frame = frameOf(video)
  if (!frame) return afterPaint().then(() => copyAndEncode(video))
  return inWorker(frame).catch(() => afterPaint().then(() => copyAndEncode(video)))
}

function frameOf(video: HTMLVideoElement): VideoFrame | null {
  try {
    return typeof VideoFrame === 'function' ? new VideoFrame(video) : null
  } catch {
    return null // no frame to wrap (yet); the fallback copies the element instead
  }
}

function inWorker(frame: VideoFrame): Promise<Still> {
  return new Promise((resolve, reject) => {
    try {
      worker ??= new Worker(new URL('./jpeg-worker.ts', import.meta.url), { type: 'module' })
    } catch (err) {
      frame.close()
      reject(err instanceof Error ? err : new Error(String(err)))
      return
    }
    const w = worker
    const done = () => {
      w.removeEventListener('message', onMessage)
      w.removeEventListener('error', onError)
    }
    const onMessage = ({ data }: MessageEvent<StillReply>) => {
      done()
      if ('error' in data) reject(new Error(data.error))
      else resolve(data)
    }
    const onError = (e: ErrorEvent) => {
      done()
      worker = null // a worker that failed to load is not tried again with the next photo
      reject(new Error(e.message || 'JPEG worker failed'))
    }
    w.addEventListener('message', onMessage)
    w.addEventListener('error', onError)
    const request: StillRequest = { frame, quality }
    try {
      w.postMessage(request, [frame])
    } catch (err) {
      done()
      frame.close()
      reject(err instanceof Error ? err : new Error(String(err)))
    }
  })
}

/** Resolves once the current state has been painted (a task after the next frame). */
function afterPaint(): Promise<void> {
  return new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)))
}

/** The fallback: copy (paused video, so still the frozen frame) and encode on the main thread. */
async function copyAndEncode(video: HTMLVideoElement): Promise<Still> {
  const bitmap = await createImageBitmap(video)
  const canvas = document.createElement('canvas')
  canvas.width = bitmap.width
  canvas.height = bitmap.height
  const direct = canvas.getContext('bitmaprenderer')
  if (direct) direct.transferFromImageBitmap(bitmap)
  else canvas.getContext('2d')?.drawImage(bitmap, 0, 0)
  const blob = await new Promise<Blob | null>((done) => canvas.toBlob(done, 'image/jpeg', quality))
  if (!blob) throw new Error('JPEG encoding failed')
  return { blob, width: canvas.width, height: canvas.height }
}
