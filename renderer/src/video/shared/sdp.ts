/**
 * SDP munging for a faster first frame. Chrome starts its congestion controller at 300 kbps
 * unless the video codec's fmtp carries `x-google-start-bitrate` (kbps); at that start the
 * encoder drops the first frames as "too big for the bitrate" and then downscales, so the
 * first keyframe arrives hundreds of ms after connect. Starting near our cap (never above it:
 * the caps are for rural links) lets the first keyframe out at once. Other browsers ignore
 * the parameter.
 */
const NON_MEDIA_CODECS = new Set(['rtx', 'red', 'ulpfec', 'flexfec-03'])

export function withStartBitrate(sdp: string, kbps: number): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n'
  const lines = sdp.split(eol)
  const out: string[] = []
  let video = false
  // Payload types of real video codecs in the current m=video section.
  let pts = new Set<string>()
  let withFmtp = new Set<string>()
  const flush = (): void => {
    // Codecs without an fmtp line get one, right after their rtpmap line.
    for (const pt of pts) {
      if (withFmtp.has(pt)) continue
      const at = out.findIndex((l) => l.startsWith(`a=rtpmap:${pt} `))
      if (at >= 0) out.splice(at + 1, 0, `a=fmtp:${pt} x-google-start-bitrate=${kbps}`)
    }
    pts = new Set()
    withFmtp = new Set()
  }
  for (const line of lines) {
    if (line.startsWith('m=')) {
      if (video) flush()
      video = line.startsWith('m=video')
    }
    if (video) {
      const map = /^a=rtpmap:(\d+) ([^/]+)\//.exec(line)
      if (map && !NON_MEDIA_CODECS.has(map[2]!.toLowerCase())) pts.add(map[1]!)
      const fmtp = /^a=fmtp:(\d+) /.exec(line)
      if (fmtp && pts.has(fmtp[1]!)) {
        withFmtp.add(fmtp[1]!)
        if (!line.includes('x-google-start-bitrate=')) {
          out.push(`${line};x-google-start-bitrate=${kbps}`)
          continue
        }
      }
    }
    out.push(line)
  }
  if (video) flush()
  return out.join(eol)
}
