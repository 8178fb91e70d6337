// Touch-only input for Playwright, through Chromium's own touch pipeline (CDP
// Input.dispatchTouchEvent): the page sees touchstart/touchend, pointer events with
// pointerType 'touch' and the click a tap makes, exactly as from the kiosk's touch screen.
// No mouse, no keyboard. The page's context needs `hasTouch: true`.
import type { CDPSession, Locator, Page } from '@playwright/test'

export type Point = [x: number, y: number]

/**
 * A stroke's moves are stamped as a finger makes them, one every 1/60 s (a touch screen's rate),
 * however slowly a loaded machine relays them: the browser then sees the same quick stroke on
 * any machine, including the flick at its end that once made it swallow the next tap.
 */
export const MOVE_INTERVAL_MS = 1000 / 60

export class Touch {
  private constructor(
    private readonly page: Page,
    private readonly cdp: CDPSession,
  ) {}

  static async on(page: Page): Promise<Touch> {
    return new Touch(page, await page.context().newCDPSession(page))
  }

  /** `atMs`: when the finger did this (ms since the epoch); the browser's own clock if absent. */
  private send(type: 'touchStart' | 'touchMove' | 'touchEnd', at?: Point, atMs?: number) {
    return this.cdp.send('Input.dispatchTouchEvent', {
      type,
      touchPoints: at ? [{ x: at[0], y: at[1], id: 1, radiusX: 6, radiusY: 6, force: 1 }] : [],
      ...(atMs === undefined ? {} : { timestamp: atMs / 1000 }),
    })
  }

  /** A finger tapping page coordinates. */
  async tapAt(at: Point): Promise<void> {
    await this.send('touchStart', at)
    await this.send('touchEnd')
  }

  /**
   * A finger tapping the middle of an element (scrolled into view first, as a resident would),
   * once it is where a finger can reach it: Playwright's trial click scrolls the element into
   * view if needed and waits until it is visible, enabled, stable (not moving) and the topmost
   * thing at that point, without clicking.
   */
  async tap(target: Locator): Promise<void> {
    await target.click({ trial: true, timeout: 10_000 })
    const box = await target.boundingBox()
    if (!box) throw new Error(`not visible: ${target.toString()}`)
    await this.tapAt([box.x + box.width / 2, box.y + box.height / 2])
  }

  /**
   * A finger drawn along page coordinates, with a move every `step` px in between, each stamped
   * MOVE_INTERVAL_MS after the last. Returns once the finger is lifted, and not before that
   * stamp: a touch after it comes after the stroke by the browser's clock too.
   */
  async stroke(points: Point[], step = 8): Promise<void> {
    const [first, ...rest] = points
    if (!first) return
    let stamp = Date.now()
    await this.send('touchStart', first, stamp)
    let prev = first
    for (const p of rest) {
      const n = Math.max(1, Math.ceil(Math.hypot(p[0] - prev[0], p[1] - prev[1]) / step))
      for (let i = 1; i <= n; i++)
        await this.send(
          'touchMove',
          [prev[0] + ((p[0] - prev[0]) * i) / n, prev[1] + ((p[1] - prev[1]) * i) / n],
          (stamp += MOVE_INTERVAL_MS),
        )
      prev = p
    }
    stamp += MOVE_INTERVAL_MS
    const ahead = stamp - Date.now()
    if (ahead > 0) await new Promise((resolve) => setTimeout(resolve, ahead))
    await this.send('touchEnd', undefined, stamp)
  }

  /**
   * Strokes given in an element's own box (0…1 on each axis), drawn on that element: how a
   * character's strokes are written on the pad. `step` as for stroke().
   */
  async strokesIn(target: Locator, strokes: Point[][], step?: number): Promise<void> {
    const box = await target.boundingBox()
    if (!box) throw new Error(`not visible: ${target.toString()}`)
    for (const s of strokes)
      await this.stroke(
        s.map(([x, y]) => [box.x + x * box.width, box.y + y * box.height]),
        step,
      )
  }

  async detach(): Promise<void> {
    await this.cdp.detach()
    void this.page
  }
}

/**
 * A character's strokes as a hand would write them on a `width`×`height` pad: the stroke medians
 * of Make Me a Hanzi (npm hanzi-writer-data, a 1024 box with y up, baseline at 900), in the
 * pad's central square, as fractions of the pad's box.
 */
export function medianStrokes(medians: number[][][], width: number, height: number): Point[][] {
  const side = Math.min(width, height) * 0.9
  const left = (width - side) / 2
  const top = (height - side) / 2
  return medians.map((m) =>
    m.map(([x, y]) => [
      (left + ((x ?? 0) / 1024) * side) / width,
      (top + ((900 - (y ?? 0)) / 1024) * side) / height,
    ]),
  )
}
