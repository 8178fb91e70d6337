import type { ReactElement, ReactNode } from 'react'

/**
 * A large tile that is chosen or not: one of a radio group, or one checkbox among several.
 * theme.css draws the chosen one by its `on` class.
 */
export function ChoiceTile(props: {
  kind: 'radio' | 'checkbox'
  on: boolean
  onChoose: () => void
  disabled?: boolean
  children: ReactNode
}): ReactElement {
  return (
    <button
      type="button"
      role={props.kind}
      aria-checked={props.on}
      className={`choice${props.on ? ' on' : ''}`}
      disabled={props.disabled}
      onClick={props.onChoose}
    >
      {props.children}
    </button>
  )
}
