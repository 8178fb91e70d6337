// axe-core on a page, injected once per document and run there with axe.run.
//
// @axe-core/playwright's analyze() evaluates axe's 550 KB source in the page on every call and
// then opens a blank page in the context to merge the frames' partial results (finishRun):
// 5–8 s a screen on two loaded cores, where axe.run itself takes 1–1.5 s. A kiosk screen is one
// document without frames, so axe.run on it checks the same rules on the same nodes and gives
// the same results; a page with frames still goes through AxeBuilder, which reaches into them.
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import axe, { type AxeResults } from 'axe-core'

/**
 * axe-core's results for the page as it is now (every rule, as AxeBuilder runs them); its
 * violations in full (passes, incomplete and inapplicable are cut short).
 */
export async function analyze(page: Page): Promise<AxeResults> {
  if (page.frames().length > 1) return new AxeBuilder({ page }).analyze()
  // Still there while the kiosk's single-page app changes screens; gone after a navigation.
  if (!(await page.evaluate('typeof window.axe?.run === "function"')))
    await page.evaluate(axe.source)
  // Only the violations are read: axe then skips collecting the nodes of every passed rule.
  return (await page.evaluate(
    "window.axe.run(document, { resultTypes: ['violations'] })",
  )) as AxeResults
}
