// @vitest-environment jsdom
import { act } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { initI18n } from '../../../../../renderer/src/i18n'
import type { PinyinIndex } from '../../../../../renderer/src/ui/text-entry/pinyin/engine'

// The dictionary chunk is ~600 KB: the test holds its loading open and settles it by hand.
const dictionary = vi.hoisted(() => ({
  settle: undefined as undefined | { resolve(i: unknown): void; reject(e: Error): void },
}))
vi.mock('../../../../../renderer/src/ui/text-entry/pinyin/load', () => ({
  loadPinyin: () =>
    new Promise((resolve, reject) => {
      dictionary.settle = { resolve, reject }
    }),
}))
const { PinyinKeyboard } = await import('../../../../../renderer/src/ui/text-entry/PinyinKeyboard')
const { parseDictionary } = await import('../../../../../renderer/src/ui/text-entry/pinyin/engine')

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

describe('the pinyin keyboard while its dictionary loads', () => {
  let root: Root | undefined
  beforeAll(async () => {
    await initI18n('zh-CN')
  })
  afterEach(() => {
    act(() => root?.unmount())
    root = undefined
  })

  async function open(): Promise<HTMLElement> {
    const host = document.body.appendChild(document.createElement('div'))
    root = createRoot(host)
    await act(async () => {
      root!.render(<PinyinKeyboard value="" onChange={() => undefined} lang="zh-CN" />)
    })
    return host
  }

  it('tells the resident to wait, then shows candidates once it is in', async () => {
    const host = await open()
    expect(host.querySelector('[data-testid="te-py-loading"]')?.textContent).toBe(
      '正在准备拼音词库，请稍等……',
    )
    const index: PinyinIndex = parseDictionary('王\twang\n')
    await act(async () => {
      dictionary.settle!.resolve(index)
    })
    expect(host.querySelector('[data-testid="te-py-loading"]')).toBeNull()
    expect(host.querySelector('[data-testid="te-pinyin"]')?.getAttribute('data-dictionary')).toBe(
      'ready',
    )
  })

  it('says to use handwriting instead when it cannot load', async () => {
    const host = await open()
    await act(async () => {
      dictionary.settle!.reject(new Error('chunk failed'))
    })
    expect(host.querySelector('[data-testid="te-py-loading"]')).toBeNull()
    expect(host.querySelector('[role="alert"]')?.textContent).toBe(
      '拼音词库没有加载成功，请换成手写输入。',
    )
  })
})
