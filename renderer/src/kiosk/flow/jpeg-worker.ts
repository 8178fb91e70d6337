// Encodes a camera frame to JPEG off the main thread: converting a 4K frame and encoding it take
// ~400 ms, during which the kiosk must keep painting. The frame is closed here (it holds one of
// the camera's buffers).

/** What the page sends: one frame, transferred. */
export interface StillRequest {
  frame: VideoFrame
  quality: number
}
/** What comes back: the JPEG and its size in pixels, or why there is none. */
export type StillReply = { blob: Blob; width: number; height: number } | { error: string }

// The renderer's lib is DOM, not WebWorker: only what a dedicated worker offers is used here.
const scope = self as unknown as {
  onmessage: ((e: MessageEvent<StillRequest>) => void) | null
  postMessage: (reply: StillReply) => void
}

scope.onmessage = ({ data: { frame, quality } }) => {
  void encode(frame, quality).then(scope.postMessage, (err: unknown) =>
    scope.postMessage({ error: String(err) }),
  )
}

async function encode(frame: VideoFrame, quality: number): Promise<StillReply> {
  const width = frame.displayWidth
  const height = frame.displayHeight
  const canvas = new OffscreenCanvas(width, height)
  try {
    const ctx = canvas.getContext('2d')
    if (!ctx) return { error: 'no 2d context' }
    ctx.drawImage(frame, 0, 0, width, height)
  } finally {
    // Released before encoding: the camera has few buffers.
    frame.close()
  }
  return { blob: await canvas.convertToBlob({ type: 'image/jpeg', quality }), width, height }
}
