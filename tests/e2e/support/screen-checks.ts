// Checks every resident screen must pass, measured in the page: nothing the resident must tap is
// off screen or cut off by a scrolling box, nothing scrolls, axe finds no serious or critical
// violation, and no raw i18n key shows.
import { expect, type Page } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { analyze } from './axe'

/** What the resident taps: buttons, keypad keys, tiles, inputs, and the signature pad. */
const CONTROLS =
  'button, input, select, textarea, a[href], [role="button"], [role="radio"], [role="checkbox"], [data-testid="signature-pad"]'

/**
 * Layout faults of the current screen, each as one line (empty when it fits): the document
 * scrolls; a box hides content behind its own scroll bar; a control lies (partly) outside the
 * viewport, or is covered or clipped where the resident would tap it. Inside a modal dialog
 * only the dialog's own controls count.
 */
export async function layoutFaults(page: Page): Promise<string[]> {
  return page.evaluate((controls) => {
    const faults: string[] = []
    const vw = window.innerWidth
    const vh = window.innerHeight
    const doc = document.scrollingElement ?? document.documentElement
    if (doc.scrollHeight > vh + 1 || doc.scrollWidth > vw + 1) {
      faults.push(`the page scrolls: ${doc.scrollWidth}×${doc.scrollHeight} in ${vw}×${vh}`)
    }
    const describe = (e: Element) => {
      const label =
        e.getAttribute('aria-label') ??
        (e.textContent ?? '').trim().slice(0, 30) ??
        e.getAttribute('data-testid')
      return `${e.tagName.toLowerCase()}${e.className ? '.' + String(e.className).split(' ')[0] : ''} "${label}"`
    }
    for (const e of Array.from(document.querySelectorAll('body *'))) {
      if (!(e instanceof HTMLElement) || e.matches('textarea, select, .visually-hidden')) continue
      if (!e.checkVisibility({ visibilityProperty: true })) continue
      const style = getComputedStyle(e)
      if (!/(auto|scroll|hidden)/.test(style.overflowY + style.overflowX)) continue
      if (e.clientHeight < 4 || e.clientWidth < 4) continue
      if (e.scrollHeight > e.clientHeight + 1 && style.overflowY !== 'visible') {
        faults.push(`${describe(e)} hides ${e.scrollHeight - e.clientHeight} px below its fold`)
      }
    }
    const modal = Array.from(document.querySelectorAll('[aria-modal="true"]')).pop()
    const scope = modal ?? document.body
    for (const e of Array.from(scope.querySelectorAll(controls))) {
      if (!(e instanceof HTMLElement) || e.closest('[inert]')) continue
      if (!e.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue
      const r = e.getBoundingClientRect()
      if (r.width < 1 || r.height < 1) continue
      if (r.left < -0.5 || r.top < -0.5 || r.right > vw + 0.5 || r.bottom > vh + 0.5) {
        faults.push(
          `${describe(e)} at ${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)} is outside the ${vw}×${vh} screen`,
        )
        continue
      }
      // Its centre must be the control itself (not clipped by a scrolling box, not covered).
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)
      if (!hit || (hit !== e && !e.contains(hit) && !hit.contains(e))) {
        faults.push(
          `${describe(e)} is covered or clipped (the tap lands on ${hit ? describe(hit) : 'nothing'})`,
        )
      }
    }
    return faults
  }, CONTROLS)
}

/** axe-core on the current screen: no serious or critical violations (`name` labels them). */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const result = await analyze(page)
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(bad.map((v) => `${name}: ${v.id} ${v.nodes[0]?.target.join(' ')}`)).toEqual([])
}

/** axe-core on the current screen: its serious and critical violations, one line each. */
export async function axeFaults(page: Page): Promise<string[]> {
  const result = await analyze(page)
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `axe ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

type Tree = { [key: string]: string | Tree }

function keyPaths(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => {
    const path = prefix ? `${prefix}.${k}` : k
    return typeof v === 'string' ? [path, path.replace(/_(one|other)$/, '')] : keyPaths(v, path)
  })
}

/** Every key of the locale files, as full paths and as last segments. */
const locale = (name: string) =>
  JSON.parse(readFileSync(resolve('renderer/src/i18n/locales', name), 'utf8')) as Tree
const localeKeys: ReadonlySet<string> = new Set(
  [...keyPaths(locale('zh-CN.json')), ...keyPaths(locale('en.json'))].flatMap((p) => [
    p,
    p.split('.').pop()!,
  ]),
)

/**
 * A token that is a raw i18n key rather than words: a key of the locale files, a dotted key
 * path (`review.title`), or a camelCase identifier (`optionalText`, rjsf's own keys).
 */
export function isRawKey(token: string): boolean {
  if (localeKeys.has(token) && /^[a-z]/.test(token)) return true
  if (/^[a-z][a-zA-Z0-9]*(\.[a-zA-Z][a-zA-Z0-9_]*)+$/.test(token)) return true
  return /^[a-z]+[A-Z][a-zA-Z0-9]*$/.test(token)
}

/**
 * Raw i18n keys the resident can see or hear on the current screen: in visible text and in
 * aria-label, alt, title and placeholder attributes.
 */
export async function rawKeyFaults(page: Page): Promise<string[]> {
  const texts = await page.evaluate(() => {
    const out: string[] = []
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const parent = n.parentElement
      if (!parent || parent.closest('script, style')) continue
      if (!parent.checkVisibility({ visibilityProperty: true })) continue
      if (n.textContent?.trim()) out.push(n.textContent)
    }
    for (const e of Array.from(
      document.querySelectorAll('[aria-label], [alt], [title], [placeholder]'),
    )) {
      for (const a of ['aria-label', 'alt', 'title', 'placeholder']) {
        const v = e.getAttribute(a)
        if (v) out.push(v)
      }
    }
    return out
  })
  const found = new Set<string>()
  for (const text of texts) {
    // Words are split at spaces, CJK characters and punctuation; a key has none of them.
    for (const token of text.split(/[^A-Za-z0-9_.]+/)) {
      const t = token.replace(/^\.+|\.+$/g, '')
      if (t && isRawKey(t)) found.add(t)
    }
  }
  return [...found].map((k) => `raw i18n key shown: ${k}`)
}

/** Every check of this module on the current screen, prefixed with the screen's name. */
export async function screenFaults(page: Page, name: string): Promise<string[]> {
  const faults = [
    ...(await layoutFaults(page)),
    ...(await rawKeyFaults(page)),
    ...(await axeFaults(page)),
  ]
  return faults.map((f) => `${name}: ${f}`)
}
