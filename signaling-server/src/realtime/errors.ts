import type { ErrorCode } from '../../../common/signaling'

/** A refused request: becomes an error ack with the code and a bilingual message. */
export class Refusal extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message)
  }
}

export const messages: Record<ErrorCode, string> = {
  invalid_payload: '请求格式不正确 (invalid payload)',
  rate_limited: '请求过于频繁，请稍后再试 (rate limited)',
  unknown_event: '未知请求 (unknown event)',
  not_found: '找不到该通话 (call not found)',
  not_a_party: '您不是该通话的参与方 (not a party of this call)',
  wrong_state: '当前状态下不能执行此操作 (wrong state)',
  forbidden: '没有权限 (forbidden)',
  stale_generation: '连接已过期，请按最新协商重连 (stale peer generation)',
  peer_unavailable: '对方正在重新连接 (peer unavailable)',
  internal: '服务器内部错误 (internal error)',
  unavailable: '服务中心暂时无法处理，请几秒后再试 (centre unavailable for a moment)',
}

export const refuse = (code: ErrorCode, detail?: string): never => {
  throw new Refusal(code, detail ? `${messages[code]}: ${detail}` : messages[code])
}
