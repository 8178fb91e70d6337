import {
  Children,
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type ReactElement,
  type ReactNode,
} from 'react'

/** How far one page is from the next: the visible width and one column gap. */
function strideOf(el: HTMLElement): number {
  return el.clientWidth + (parseFloat(getComputedStyle(el).columnGap) || 0)
}

/**
 * Content laid out in columns the height of the space it is given, turned page by page instead
 * of scrolled (a scroll bar is lost on an elderly resident). The browser flows the children into
 * CSS columns (`column-fill: auto`; the class sets `columns` and `column-gap`); columns past the
 * visible width make the next pages, shifted into view. Children off the current page are hidden and inert, so
 * neither a tap nor the keyboard reaches them. Reports the page count through `onPages`.
 */
export function Pages({
  page,
  onPages,
  className,
  children,
}: {
  page: number
  onPages: (pages: number) => void
  className: string
  children: ReactNode
}): ReactElement {
  const ref = useRef<HTMLDivElement>(null)
  const [pageOf, setPageOf] = useState<number[]>([])
  const measure = useCallback(() => {
    const el = ref.current
    if (!el) return
    const step = strideOf(el)
    if (step <= 0) return
    // Where the content starts, in viewport terms, whichever page is shifted into view.
    const origin = el.getBoundingClientRect().left
    // By each child's horizontal centre: the column (and page) it stands in.
    const next = Array.from(el.children).map((c) => {
      const r = c.getBoundingClientRect()
      return Math.max(0, Math.floor((r.left + r.width / 2 - origin) / step))
    })
    setPageOf((prev) => (prev.join() === next.join() ? prev : next))
  }, [])
  // After every render (answers, language, text size): cheap, a few children.
  useLayoutEffect(measure)
  useEffect(() => {
    const el = ref.current
    if (!el) return
    const observer = new ResizeObserver(measure)
    observer.observe(el)
    for (const c of Array.from(el.children)) observer.observe(c)
    return () => observer.disconnect()
  }, [measure])
  const pages = Math.max(1, ...pageOf.map((p) => p + 1))
  useEffect(() => onPages(pages), [pages, onPages])
  const current = Math.min(page, pages - 1)
  // Shifted, not scrolled: scrollLeft stops at the last column, short of a last half page.
  useLayoutEffect(() => {
    const el = ref.current
    if (el) el.style.transform = current > 0 ? `translateX(${-current * strideOf(el)}px)` : ''
  })
  return (
    <div className="pages">
      <div className={`pages-flow ${className}`} ref={ref}>
        {Children.map(children, (child, i) => {
          const off = (pageOf[i] ?? 0) !== current
          return (
            <div className="page-item" data-off-page={off || undefined} inert={off}>
              {child}
            </div>
          )
        })}
      </div>
    </div>
  )
}
