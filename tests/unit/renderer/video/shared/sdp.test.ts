import { describe, expect, it } from 'vitest'
import { withStartBitrate } from '../../../../../renderer/src/video/shared/sdp'

// Trimmed from a Chromium offer: audio, then video with VP8 (fmtp-less), VP9 (fmtp), rtx, red.
const offer = [
  'v=0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'a=rtpmap:111 opus/48000/2',
  'a=fmtp:111 minptime=10;useinbandfec=1',
  'm=video 9 UDP/TLS/RTP/SAVPF 96 97 98 99',
  'a=rtpmap:96 VP8/90000',
  'a=rtcp-fb:96 nack',
  'a=rtpmap:97 rtx/90000',
  'a=fmtp:97 apt=96',
  'a=rtpmap:98 VP9/90000',
  'a=fmtp:98 profile-id=0',
  'a=rtpmap:99 red/90000',
  'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
  '',
].join('\r\n')

describe('withStartBitrate', () => {
  const out = withStartBitrate(offer, 300)
  const lines = out.split('\r\n')

  it('gives every video codec the start bitrate, adding an fmtp line where there is none', () => {
    expect(lines).toContain('a=fmtp:98 profile-id=0;x-google-start-bitrate=300')
    expect(lines[lines.indexOf('a=rtpmap:96 VP8/90000') + 1]).toBe(
      'a=fmtp:96 x-google-start-bitrate=300',
    )
  })

  it('leaves audio, retransmission and redundancy payloads alone, and keeps CRLF', () => {
    expect(lines).toContain('a=fmtp:111 minptime=10;useinbandfec=1')
    expect(lines).toContain('a=fmtp:97 apt=96')
    expect(out).not.toMatch(/a=fmtp:99 /)
    expect(out.split('x-google-start-bitrate').length - 1).toBe(2)
    expect(out.replace(/\r\n/g, '')).not.toContain('\n')
  })

  it('is idempotent, as simple-peer may transform the same description twice', () => {
    expect(withStartBitrate(out, 300)).toBe(out)
  })
})
