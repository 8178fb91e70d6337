// @vitest-environment jsdom
// The case view's 视频求助记录: each linked call as the clerk reads it (when, from which screen,
// who answered, how long, the outcome, how it ended), "无" when there are none, in both languages.
import { act } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import i18next from 'i18next'
import type { LinkedCall } from '../../../../common/cases/calls'
import { CaseCalls } from '../../../../renderer/src/clerk/cases/CaseCalls'
import type { CasesApi } from '../../../../renderer/src/clerk/cases/cases-api'
import { initI18n } from '../../../../renderer/src/i18n'

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

const answered: LinkedCall = {
  callId: 'c_answered01',
  askedAt: '2026-06-10T01:30:00.000Z',
  connectedAt: '2026-06-10T01:31:00.000Z',
  endedAt: '2026-06-10T01:35:05.000Z',
  durationSeconds: 245,
  clerk: { name: '王芳' },
  state: 'ended',
  mode: 'video',
  step: '填写申请表',
  outcome: 'resolved',
  endReason: 'hangup_clerk',
}
const unanswered: LinkedCall = {
  ...answered,
  callId: 'c_unanswered1',
  askedAt: '2026-06-10T01:40:00.000Z',
  connectedAt: null,
  endedAt: '2026-06-10T01:41:00.000Z',
  durationSeconds: null,
  clerk: null,
  mode: 'audio',
  step: '回执',
  outcome: null,
  endReason: 'cancelled',
}

function apiAnswering(calls: LinkedCall[] | 'forbidden'): CasesApi & { paths: string[] } {
  const paths: string[] = []
  return {
    paths,
    async request(_method, path, schema) {
      paths.push(path)
      if (calls === 'forbidden') return { ok: false, code: 'forbidden' }
      const parsed = schema!.safeParse({ calls })
      return parsed.success ? { ok: true, data: parsed.data } : { ok: false, code: 'internal' }
    },
    image: async () => null,
  }
}

describe('the case view’s video-help calls', () => {
  let root: Root | undefined
  let host: HTMLDivElement
  beforeAll(async () => {
    await initI18n('zh-CN')
  })
  afterEach(async () => {
    act(() => root?.unmount())
    root = undefined
    host.remove()
    await i18next.changeLanguage('zh-CN')
  })
  async function render(api: CasesApi) {
    host = document.createElement('div')
    document.body.append(host)
    root = createRoot(host)
    await act(async () => {
      root!.render(<CaseCalls api={api} caseNumber="CA-20260610-0001" refresh="1" />)
    })
    return host
  }
  const rows = (el: HTMLElement) =>
    [...el.querySelectorAll('[data-testid="case-call"]')].map((tr) =>
      [...tr.querySelectorAll('td')].map((td) => td.textContent),
    )

  it('lists each call in China Standard Time with the clerk, length, outcome and end', async () => {
    const api = apiAnswering([answered, unanswered])
    const el = await render(api)
    expect(api.paths).toEqual(['/CA-20260610-0001/calls'])
    expect(el.querySelector('h3')?.textContent).toBe('视频求助记录')
    expect(rows(el)).toEqual([
      [
        '2026-06-10 09:30',
        '填写申请表',
        '王芳',
        '4 分 05 秒',
        '已解答',
        '坐席挂断 · 2026-06-10 09:35',
        // Neither call was rated by the resident; an unanswered one has no quality either.
        '未评价',
        '—',
      ],
      [
        '2026-06-10 09:40 · 语音',
        '回执',
        '未接通',
        '—',
        '—',
        '居民取消等待 · 2026-06-10 09:41',
        '未评价',
        '—',
      ],
    ])
  })

  it('says 无 when the visit had no call, and None in English', async () => {
    let el = await render(apiAnswering([]))
    expect(el.querySelector('[data-testid="case-calls-none"]')?.textContent).toBe('无')
    act(() => root?.unmount())
    host.remove()
    await i18next.changeLanguage('en')
    el = await render(apiAnswering([answered]))
    expect(el.querySelector('h3')?.textContent).toBe('Video-help calls')
    expect(rows(el)[0]).toEqual([
      '2026-06-10 09:30',
      '填写申请表',
      '王芳',
      '4 min 05 s',
      'Answered',
      'Clerk hung up · 2026-06-10 09:35',
      'Not rated',
      '—',
    ])
    act(() => root?.unmount())
    host.remove()
    el = await render(apiAnswering([]))
    expect(el.querySelector('[data-testid="case-calls-none"]')?.textContent).toBe('None')
  })

  it('says why when the centre refuses', async () => {
    const el = await render(apiAnswering('forbidden'))
    expect(el.querySelector('[role="alert"]')?.textContent).toBe('您没有办理这个案件的权限。')
  })
})
