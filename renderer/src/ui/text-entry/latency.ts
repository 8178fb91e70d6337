/**
 * Closes the latency measure `name`, opened by the mark `startMark`, once the next frame is
 * painted (the text-entry benchmark reads these). Without the mark (cleared by a reset) there
 * is nothing to measure.
 */
export function measureAfterPaint(name: string, startMark: string): void {
  requestAnimationFrame(() => {
    try {
      performance.measure(name, startMark)
    } catch {
      // no start mark: nothing to measure
    }
  })
}
