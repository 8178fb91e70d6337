import { z } from 'zod'

/**
 * Every failure of the ID-card reader, as a code the renderer maps to a sentence. SAM status
 * codes (GA 467 SW3) map one to one; the rest come from framing, timing and decoding.
 */
export const ReaderErrorCode = z.enum([
  // SW3 codes returned by the SAM
  'SAM_FRAME_CHECKSUM', // 0x10
  'SAM_FRAME_LENGTH', // 0x11
  'SAM_COMMAND', // 0x21
  'SAM_UNAUTHORIZED_OPERATION', // 0x23
  'SAM_UNRECOGNIZED', // 0x24
  'CARD_AUTH_SAM_FAILED', // 0x31
  'SAM_AUTH_CARD_FAILED', // 0x32
  'INFO_VERIFY_FAILED', // 0x33
  'FINGERPRINT_VERIFY_FAILED', // 0x37
  'INFO_LENGTH', // 0x3F
  'WRONG_CARD', // 0x40
  'READ_FAILED', // 0x41
  'RANDOM_FAILED', // 0x47
  'SAM_SELF_TEST_FAILED', // 0x60
  'SAM_NOT_AUTHORIZED', // 0x66
  'NO_CARD', // 0x80
  'SELECT_FAILED', // 0x81
  'NO_SUCH_ITEM', // 0x91
  'SAM_STATUS_UNKNOWN', // any other SW3
  // host side
  'FRAME_CHECKSUM',
  'FRAME_LENGTH',
  'BAD_RESPONSE',
  'RESPONSE_TIMEOUT',
  'CARD_TEXT_INVALID',
  'DISCONNECTED',
  'REPLAY_MISMATCH',
  'BUSY',
])
export type ReaderErrorCode = z.infer<typeof ReaderErrorCode>

/** Chinese text first (shown to the resident or technician), English second. */
export const readerErrorMessages: Record<ReaderErrorCode, { zh: string; en: string }> = {
  SAM_FRAME_CHECKSUM: {
    zh: '读卡器收到的数据校验错误，请重试',
    en: 'The reader received a frame with a bad checksum; try again',
  },
  SAM_FRAME_LENGTH: {
    zh: '读卡器收到的数据长度错误，请重试',
    en: 'The reader received a frame with a bad length; try again',
  },
  SAM_COMMAND: { zh: '读卡器不支持该命令', en: 'The reader rejected the command' },
  SAM_UNAUTHORIZED_OPERATION: { zh: '读卡器拒绝越权操作', en: 'Unauthorized operation' },
  SAM_UNRECOGNIZED: {
    zh: '读卡器发生未知错误，请重试',
    en: 'Unrecognized reader error; try again',
  },
  CARD_AUTH_SAM_FAILED: {
    zh: '证件认证读卡模块失败，请重新放置证件',
    en: 'The card failed to authenticate the SAM; place the card again',
  },
  SAM_AUTH_CARD_FAILED: {
    zh: '证件认证失败，请确认使用的是有效证件',
    en: 'The SAM failed to authenticate the card; use a valid card',
  },
  INFO_VERIFY_FAILED: {
    zh: '证件信息校验失败，请重新放置证件',
    en: 'Card information failed verification; place the card again',
  },
  FINGERPRINT_VERIFY_FAILED: {
    zh: '指纹信息校验失败',
    en: 'Fingerprint information failed verification',
  },
  INFO_LENGTH: { zh: '证件信息长度错误，请重新放置证件', en: 'Card information length error' },
  WRONG_CARD: {
    zh: '无法识别该卡片，请放置居民身份证或居住证',
    en: 'Unrecognized card type; place an ID card or residence permit',
  },
  READ_FAILED: {
    zh: '读卡失败，请将证件放稳后重试',
    en: 'Reading the card failed; hold the card still and try again',
  },
  RANDOM_FAILED: { zh: '读卡失败，请重新放置证件', en: 'Getting a random number failed' },
  SAM_SELF_TEST_FAILED: {
    zh: '读卡器安全模块自检失败，请联系工作人员',
    en: 'The SAM self-test failed; call staff',
  },
  SAM_NOT_AUTHORIZED: {
    zh: '读卡器安全模块未授权，请联系工作人员',
    en: 'The SAM is not authorized; call staff',
  },
  NO_CARD: {
    zh: '未检测到身份证，请将证件放在读卡区',
    en: 'No card found; place the card on the reader',
  },
  SELECT_FAILED: {
    zh: '选卡失败，请将证件放稳后重试',
    en: 'Selecting the card failed; hold the card still and try again',
  },
  NO_SUCH_ITEM: { zh: '证件中没有该项信息', en: 'The card has no such item' },
  SAM_STATUS_UNKNOWN: {
    zh: '读卡器返回未知状态，请重试',
    en: 'The reader returned an unknown status',
  },
  FRAME_CHECKSUM: {
    zh: '读卡器数据校验错误，请重试',
    en: 'Bad checksum in a frame from the reader',
  },
  FRAME_LENGTH: { zh: '读卡器数据长度错误，请重试', en: 'Bad length in a frame from the reader' },
  BAD_RESPONSE: { zh: '读卡器应答格式错误，请重试', en: 'Malformed response from the reader' },
  RESPONSE_TIMEOUT: {
    zh: '读卡器无响应，请检查连接',
    en: 'The reader did not answer in time; check the connection',
  },
  CARD_TEXT_INVALID: {
    zh: '证件信息无法识别，请联系工作人员',
    en: 'The card text could not be decoded; call staff',
  },
  DISCONNECTED: {
    zh: '读卡器已断开，请检查连接线',
    en: 'The reader is disconnected; check the cable',
  },
  REPLAY_MISMATCH: {
    zh: '回放记录与发送的命令不符',
    en: 'The host wrote something other than the next line of the replayed trace',
  },
  BUSY: { zh: '读卡器正忙，请稍候', en: 'The reader is busy' },
}

export const ReaderErrorShape = z.object({
  code: ReaderErrorCode,
  message: z.string().max(500),
  /** The SAM's SW3 byte when the error came from the SAM. */
  sw3: z.number().int().min(0).max(255).optional(),
})
export type ReaderErrorShape = z.infer<typeof ReaderErrorShape>
