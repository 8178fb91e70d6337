// @vitest-environment jsdom
import { act } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { HandwritingPad } from '../../../../../renderer/src/ui/text-entry/HandwritingPad'

// React's act() outside a test renderer needs this flag.
;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

describe('the writing pad opening', () => {
  let root: Root | undefined
  afterEach(() => {
    act(() => root?.unmount())
    root = undefined
  })

  it('asks the recogniser to load its model before the first stroke', async () => {
    // jsdom has no canvas: the pad draws nothing, which is all this test needs.
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null)
    const warm = vi.fn(() => Promise.resolve({ ready: true }))
    const recognise = vi.fn(() => Promise.resolve(['王']))
    const host = document.body.appendChild(document.createElement('div'))
    root = createRoot(host)
    await act(async () => {
      root!.render(
        <HandwritingPad
          value=""
          onChange={() => undefined}
          recognise={recognise}
          warm={warm}
          hint="name"
          lang="zh-CN"
        />,
      )
    })
    expect(host.querySelector('[data-testid="te-pad"]')).not.toBeNull()
    expect(warm).toHaveBeenCalledTimes(1)
    expect(recognise).not.toHaveBeenCalled()
    const pad = host.querySelector('[data-testid="te-handwriting"]')!
    expect(pad.getAttribute('data-recogniser')).toBe('ready')
  })

  it('still opens when the model cannot be loaded (the first stroke then says so)', async () => {
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null)
    const warm = vi.fn(() => Promise.reject(new Error('RECOGNISER_UNAVAILABLE')))
    const host = document.body.appendChild(document.createElement('div'))
    root = createRoot(host)
    await act(async () => {
      root!.render(
        <HandwritingPad
          value=""
          onChange={() => undefined}
          recognise={() => Promise.resolve([])}
          warm={warm}
          hint="text"
          lang="zh-CN"
        />,
      )
    })
    expect(warm).toHaveBeenCalledTimes(1)
    expect(host.querySelector('[data-testid="te-pad"]')).not.toBeNull()
    const pad = host.querySelector('[data-testid="te-handwriting"]')!
    expect(pad.getAttribute('data-recogniser')).toBe('failed')
  })
})
