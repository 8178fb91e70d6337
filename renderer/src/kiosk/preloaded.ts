import { createElement, use, type ComponentType, type ReactElement } from 'react'

type Tracked<T> = Promise<T> & { status?: 'fulfilled'; value?: T }

/**
 * Like React.lazy, but a component whose code was already loaded (warmed while the resident reads
 * the home screen) renders at once. React.lazy suspends on its first render even then, and React
 * keeps a Suspense fallback up for at least 300 ms, which every first visit to a screen paid.
 * `use()` returns a promise's value synchronously when it is marked fulfilled, as done here.
 */
export function preloaded<M, P extends object>(
  load: () => Promise<M>,
  pick: (m: M) => ComponentType<P>,
): ((props: P) => ReactElement) & { preload: () => Promise<M> } {
  let loading: Tracked<M> | null = null
  const preload = (): Tracked<M> => {
    if (loading) return loading
    const p: Tracked<M> = load()
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
    return createElement(pick(use(preload() as Promise<M>)), props)
  }
  return Object.assign(Preloaded, { preload })
}
