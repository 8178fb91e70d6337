import { useMemo, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { speak } from '../speech'
import { KeyGrid } from './KeyGrid'

const CODE_ROWS = [
  '1 2 3 4 5 6 7 8 9 0',
  'Q W E R T Y U I O P',
  'A S D F G H J K L',
  'Z X C V B N M {bksp}',
]
const URL_ROWS = [
  '1 2 3 4 5 6 7 8 9 0',
  'q w e r t y u i o p',
  'a s d f g h j k l',
  'z x c v b n m {bksp}',
  ': / . - _',
]
const LATIN_ROWS = [
  '1 2 3 4 5 6 7 8 9 0',
  'q w e r t y u i o p',
  'a s d f g h j k l',
  '{shift} z x c v b n m {bksp}',
  '{space}',
]

/**
 * Keys that type themselves: 数字/字母 (digits and capitals, for codes such as 出生医学证明编号
 * and the numbers of 四至) and, in English, a Latin keyboard with shift and space.
 */
export function DirectKeyboard({
  kind,
  value,
  onChange,
  lang,
  upperCase,
  silent,
}: {
  kind: 'code' | 'latin' | 'url'
  value: string
  onChange: (value: string) => void
  lang: string
  upperCase?: boolean
  /** A password field: the keys typed are not spoken. */
  silent?: boolean
}): ReactElement {
  const { t } = useTranslation()
  const [shift, setShift] = useState(false)
  const rows = useMemo(() => {
    if (kind === 'code')
      return upperCase === false ? CODE_ROWS.map((r) => r.toLowerCase()) : CODE_ROWS
    if (kind === 'url') return URL_ROWS
    return shift
      ? LATIN_ROWS.map((r) =>
          r.replace(/(^| )([a-z])(?= |$)/g, (_, s, c: string) => s + c.toUpperCase()),
        )
      : LATIN_ROWS
  }, [kind, shift, upperCase])
  const names = useMemo(
    () => ({
      '{bksp}': t('textEntry.delete'),
      '{space}': t('textEntry.space'),
      '{shift}': t('textEntry.shift'),
    }),
    [t],
  )

  function key(k: string) {
    if (k === '{bksp}') {
      speak(t('textEntry.delete'), lang)
      return onChange([...value].slice(0, -1).join(''))
    }
    if (k === '{shift}') {
      speak(t('textEntry.shift'), lang)
      return setShift(!shift)
    }
    if (k === '{space}') return onChange(value + ' ')
    if (!silent) speak(k, lang)
    onChange(value + k)
    if (shift) setShift(false)
  }

  return (
    <div className={`te-direct te-${kind}`}>
      <KeyGrid
        rows={rows}
        names={names}
        onKey={key}
        label={t(`textEntry.mode.${kind}`)}
        testId={`te-${kind}-keys`}
      />
    </div>
  )
}
