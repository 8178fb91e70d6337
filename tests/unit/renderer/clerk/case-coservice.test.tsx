// @vitest-environment jsdom
// The case view's 键对键记录: each clerk action of the visit's calls, who sent it and what the
// resident did, as the kiosk submitted it; nothing when there was none.
import { act } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { SubmissionView } from '../../../../common/cases/view'
import { CaseCoService } from '../../../../renderer/src/clerk/cases/CaseCoService'
import { initI18n } from '../../../../renderer/src/i18n'

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

const sub = {
  answers: [
    {
      path: 'applicant.phone',
      depth: 1,
      label: { 'zh-CN': '联系电话' },
      value: null,
      personal: true,
    },
  ],
  itemMaterials: [{ materialId: 'hukou-book', name: { 'zh-CN': '居民户口簿' } }],
  coService: [
    {
      at: '2026-06-10T01:30:00.000Z',
      clerkId: 'u_wangfang',
      kind: 'propose',
      path: 'applicant.phone',
      value: '138****8000',
      outcome: 'accepted',
    },
    {
      at: '2026-06-10T01:32:00.000Z',
      clerkId: 'u_wangfang',
      kind: 'photo',
      materialId: 'birth-certificate',
      outcome: 'refused',
      reason: 'wrong_material',
    },
    {
      at: '2026-06-10T01:33:00.000Z',
      clerkId: 'u_wangfang',
      kind: 'photo',
      materialId: 'hukou-book',
      outcome: 'declined',
    },
  ],
} as unknown as SubmissionView

describe('the case view’s co-service record', () => {
  let root: Root | undefined
  let host: HTMLDivElement
  beforeAll(async () => {
    await initI18n('zh-CN')
  })
  afterEach(() => {
    act(() => root?.unmount())
    host.remove()
  })
  async function render(s: SubmissionView) {
    host = document.createElement('div')
    document.body.append(host)
    root = createRoot(host)
    await act(async () => root!.render(<CaseCoService sub={s} />))
    return [...host.querySelectorAll('[data-testid="case-cosvc-entry"]')].map((tr) =>
      [...tr.querySelectorAll('td')].slice(1).map((td) => td.textContent),
    )
  }

  it('lists who proposed what under the field’s label, and what the resident did', async () => {
    expect(await render(sub)).toEqual([
      ['u_wangfang', '建议填写 · 联系电话：138****8000', '群众已确认'],
      [
        'u_wangfang',
        '拍照 · birth-certificate',
        '终端拒绝，未作任何改变：这份材料不属于群众正在办理的事项',
      ],
      ['u_wangfang', '拍照 · 居民户口簿', '群众未接受'],
    ])
  })

  it('shows nothing for a submission without co-service', async () => {
    expect(await render({ ...sub, coService: undefined } as SubmissionView)).toEqual([])
    expect(host.textContent).toBe('')
  })
})
