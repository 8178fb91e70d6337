import { createElement, use, type ComponentType, type ReactElement } from 'react'

type Tracked<T> = Promise<T> & { status?: 'fulfilled'; value?: T }
/** A screen's chunk: the screen is its default export. */
type Module<P> = { default: ComponentType<P> }

/**
 * Like React.lazy, but a component whose code was already loaded (warmed while the resident reads
 * the home screen) renders at once. React.lazy suspends on its first render even then, and React
 * keeps a Suspense fallback up for at least 300 ms, which every first visit to a screen paid.
 * `use()` returns a promise's value synchronously when it is marked fulfilled, as done here.
 */
export function preloaded<P extends object>(
  load: () => Promise<Module<P>>,
): ((props: P) => ReactElement) & { preload: () => Promise<Module<P>> } {
  let loading: Tracked<Module<P>> | null = null
  const preload = (): Tracked<Module<P>> => {
    if (loading) return loading
    const p: Tracked<Module<P>> = load()
    p.then(
      (value) => {
        p.status = 'fulfilled'
        p.value = value
      },
      () => {
        loading = null // a failed chunk is fetched again on the next try
      },
    )
    return (loading = p)
  }
  function Preloaded(props: P): ReactElement {
    return createElement(use(preload() as Promise<Module<P>>).default, props)
  }
  return Object.assign(Preloaded, { preload })
}
