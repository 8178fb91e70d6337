import type { WidgetProps } from '@rjsf/utils'
import { useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { canContinue, dateOf, digitsOf, partsOf, type YearRange } from './date-digits'
import { DigitKeys } from './DigitKeys'

/**
 * A date on the on-screen keypad: year, month and day boxes filled digit by digit, e.g.
 * 2 0 2 5 0 5 2 0. Keys that cannot lead to a real date are off (no month 13, no 2 月 30 日),
 * so nothing typed is ever refused afterwards. Years run from 120 years back to next year
 * (birth dates of the oldest residents, due dates of the youngest).
 */
export function DateKeypad(props: WidgetProps): ReactElement {
  const { t } = useTranslation()
  const [digits, setDigits] = useState(() => digitsOf(props.value))
  const thisYear = new Date().getFullYear()
  const range: YearRange = { min: thisYear - 120, max: thisYear + 1 }
  const emit = (next: string) => {
    setDigits(next)
    props.onChange(dateOf(next, range))
  }
  const [year, month, day] = partsOf(digits)
  const box = (text: string, label: string, part: string) => (
    <span className="date-part" data-part={part}>
      <span className="date-digits">{text}</span>
      <span className="date-unit">{label}</span>
    </span>
  )
  return (
    <div className="keypad-field date-keypad" data-testid={`date-${props.id}`}>
      <output
        id={props.id}
        className="keypad-display date-display"
        aria-labelledby={`${props.id}-label`}
        aria-live="polite"
      >
        {box(year, t('form.year'), 'year')}
        {box(month, t('form.month'), 'month')}
        {box(day, t('form.day'), 'day')}
      </output>
      <DigitKeys
        label={t('form.dateKeypad')}
        keyDisabled={(k) => props.disabled || props.readonly || !canContinue(digits + k, range)}
        editDisabled={digits === ''}
        onKey={(k) => emit(digits + k)}
        onBackspace={() => emit(digits.slice(0, -1))}
        onClear={() => emit('')}
      />
    </div>
  )
}
