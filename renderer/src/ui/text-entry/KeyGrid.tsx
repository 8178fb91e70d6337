import { SimpleKeyboard } from 'simple-keyboard'
import 'simple-keyboard/build/css/index.css'
import { useEffect, useLayoutEffect, useRef, type ReactElement } from 'react'

/**
 * simple-keyboard, held by React: real <button>s with an aria-label each (the spoken name), no
 * hold-to-repeat (an elderly finger rests on a key), keys fire on pointer down as on a phone.
 * `rows` are simple-keyboard layout rows ("q w e … {bksp}").
 */
export function KeyGrid({
  rows,
  names,
  onKey,
  label,
  testId,
}: {
  rows: string[]
  /** Spoken name of each key that is not its own letter ({bksp} → 删除). */
  names: Record<string, string>
  onKey: (key: string) => void
  label: string
  testId: string
}): ReactElement {
  const host = useRef<HTMLDivElement>(null)
  const keyboard = useRef<SimpleKeyboard | null>(null)
  const handler = useRef(onKey)
  useLayoutEffect(() => {
    handler.current = onKey
  })
  const layout = rows.join('\n')
  // Rebuilt only when the keys or their names change, not on every render of the panel.
  const namesKey = JSON.stringify(names)

  useEffect(() => {
    const el = host.current
    if (!el) return
    const spoken = JSON.parse(namesKey) as Record<string, string>
    const keys = [...new Set(layout.split(/\s+/).filter(Boolean))]
    const kb = new SimpleKeyboard(el, {
      layout: { default: layout.split('\n') },
      layoutName: 'default',
      useButtonTag: true,
      disableButtonHold: true,
      disableCaretPositioning: true,
      preventMouseDownDefault: true,
      display: Object.fromEntries(
        keys.filter((k) => k.startsWith('{')).map((k) => [k, spoken[k] ?? k]),
      ),
      buttonAttributes: keys.map((k) => ({
        attribute: 'aria-label',
        value: spoken[k] ?? k.toUpperCase(),
        buttons: k,
      })),
      onKeyPress: (button: string) => handler.current(button),
    })
    // simple-keyboard's <button>s have no type; inside a form they would submit it.
    for (const b of el.querySelectorAll('button')) b.type = 'button'
    keyboard.current = kb
    return () => {
      kb.destroy()
      keyboard.current = null
    }
  }, [layout, namesKey])

  return (
    <div className="key-grid" role="group" aria-label={label} data-testid={testId}>
      <div className="simple-keyboard" ref={host} />
    </div>
  )
}
