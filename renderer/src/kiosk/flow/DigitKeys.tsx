import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

/**
 * The form's on-screen digit keys, shared by the number keypad and the date keypad. Four rows:
 * the digits as on a phone (with `extra`, e.g. X or ., left of 0), 删除一位 and 全部清除 in a
 * fourth column, so the keys are short enough to sit under their display on any form screen.
 */
export function DigitKeys({
  label,
  extra = '',
  keyDisabled,
  editDisabled = false,
  onKey,
  onBackspace,
  onClear,
}: {
  /** The group's accessible name (数字键盘, 日期键盘). */
  label: string
  extra?: string
  keyDisabled: (key: string) => boolean
  /** 删除一位 and 全部清除 off (nothing typed yet). */
  editDisabled?: boolean
  onKey: (key: string) => void
  onBackspace: () => void
  onClear: () => void
}): ReactElement {
  const { t } = useTranslation()
  const key = (k: string) => (
    <button key={k} type="button" disabled={keyDisabled(k)} onClick={() => onKey(k)}>
      {k}
    </button>
  )
  return (
    <div className="keypad" role="group" aria-label={label}>
      {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map(key)}
      {extra ? key(extra) : <span />}
      {key('0')}
      <button
        type="button"
        className="backspace"
        aria-label={t('form.backspace')}
        disabled={editDisabled}
        onClick={onBackspace}
      >
        ⌫
      </button>
      <button type="button" className="clear" disabled={editDisabled} onClick={onClear}>
        {t('form.clear')}
      </button>
    </div>
  )
}
