import type {
  FieldTemplateProps,
  ObjectFieldTemplateProps,
  RegistryWidgetsType,
  RJSFSchema,
  ValidatorType,
  WidgetProps,
} from '@rjsf/utils'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { useKiosk } from '../store'
import { ChoiceTile } from '../../ui/ChoiceTile'
import { DateKeypad } from './DateKeypad'
import { DigitKeys } from './DigitKeys'
import { TextareaEntryWidget, TextEntryWidget } from './TextEntryWidget'

/**
 * The kiosk's large-touch widgets for @rjsf/core, registered under the catalog's widget names
 * (KioskWidget in common/catalog/schema.ts): tiles, yes-no, keypad, date, text, textarea,
 * from-card. Targets are at least 64 px; choices replace typing wherever the schema allows; text
 * fields open the on-screen text-entry panel (TextEntryWidget).
 */

function Tiles(props: WidgetProps): ReactElement {
  const options = props.options.enumOptions ?? []
  const multiple = Array.isArray(props.value) || props.multiple
  const selected: unknown[] = multiple ? ((props.value as unknown[]) ?? []) : [props.value]
  return (
    <div
      className="choice-tiles"
      role={multiple ? 'group' : 'radiogroup'}
      aria-labelledby={`${props.id}-label`}
    >
      {options.map((o) => {
        const on = selected.includes(o.value)
        return (
          <ChoiceTile
            key={String(o.value)}
            kind={multiple ? 'checkbox' : 'radio'}
            on={on}
            disabled={props.disabled || props.readonly}
            onChoose={() => {
              if (!multiple) props.onChange(o.value)
              else
                props.onChange(on ? selected.filter((v) => v !== o.value) : [...selected, o.value])
            }}
          >
            {o.label}
          </ChoiceTile>
        )
      })}
    </div>
  )
}

function YesNo(props: WidgetProps): ReactElement {
  const { t } = useTranslation()
  return (
    <div className="choice-tiles" role="radiogroup" aria-labelledby={`${props.id}-label`}>
      {[true, false].map((v) => (
        <ChoiceTile
          key={String(v)}
          kind="radio"
          on={props.value === v}
          onChoose={() => props.onChange(v)}
        >
          {v ? t('form.yes') : t('form.no')}
        </ChoiceTile>
      ))}
    </div>
  )
}

/** An on-screen numeric keypad: no system keyboard, no typing mistakes with letters. */
function Keypad(props: WidgetProps): ReactElement {
  const { t } = useTranslation()
  const value = props.value === undefined || props.value === null ? '' : String(props.value)
  const numeric = props.schema.type === 'number' || props.schema.type === 'integer'
  const allowX = typeof props.schema.pattern === 'string' && props.schema.pattern.includes('X')
  const allowDot = props.schema.type === 'number'
  // The schema's length is the most the field takes: a digit more is refused at the key, not
  // left for 下一步 to find.
  const maxLength = typeof props.schema.maxLength === 'number' ? props.schema.maxLength : Infinity
  const full = value.length >= maxLength
  const emit = (next: string) => {
    if (next.length > maxLength) return
    if (next === '') return props.onChange(undefined)
    props.onChange(numeric && !next.endsWith('.') ? Number(next) : next)
  }
  const extra = allowX ? 'X' : allowDot ? '.' : ''
  return (
    <div className="keypad-field">
      <output
        id={props.id}
        className="keypad-display"
        aria-labelledby={`${props.id}-label`}
        aria-live="polite"
        data-testid={`keypad-${props.id}`}
      >
        {value || '\u00a0'}
      </output>
      <DigitKeys
        label={t('form.keypad')}
        extra={extra}
        keyDisabled={() => full}
        onKey={(k) => emit(value + k)}
        onBackspace={() => emit(value.slice(0, -1))}
        onClear={() => emit('')}
      />
    </div>
  )
}

/** Read from the ID card: shown, not editable (the card is authoritative). */
function FromCard(props: WidgetProps): ReactElement {
  const { t } = useTranslation()
  const byVideo = useKiosk((s) => s.identityByVideo)
  const label = props.options.enumOptions?.find((o) => o.value === props.value)?.label
  return (
    <p className="from-card" id={props.id} aria-labelledby={`${props.id}-label`}>
      <span>{label ?? (props.value as string | undefined) ?? '—'}</span>
      {/* Not read from a card: checked by the clerk in the video call. */}
      <span className="note">{byVideo ? t('form.fromVideoCheck') : t('form.fromCard')}</span>
    </p>
  )
}

export const kioskWidgets: RegistryWidgetsType = {
  tiles: Tiles,
  'yes-no': YesNo,
  keypad: Keypad,
  date: DateKeypad,
  text: TextEntryWidget,
  textarea: TextareaEntryWidget,
  'from-card': FromCard,
  // rjsf's defaults for schemas without a ui:widget, mapped to the same large widgets.
  TextWidget: TextEntryWidget,
  TextareaWidget: TextareaEntryWidget,
  CheckboxWidget: YesNo,
  SelectWidget: Tiles,
  RadioWidget: Tiles,
  CheckboxesWidget: Tiles,
}

export function KioskFieldTemplate(props: FieldTemplateProps): ReactElement {
  const { t } = useTranslation()
  const { id, label, required, children, rawErrors, rawHelp, hidden, schema } = props
  // A value a clerk proposed for this field (co-service) waits for 确认: the field is marked.
  const proposed = useKiosk((s) =>
    Object.keys(s.proposals).some((path) => `root_${path.replaceAll('.', '_')}` === id),
  )
  if (hidden) return <div hidden>{children}</div>
  if (schema.type === 'object') return <>{children}</>
  const errors = rawErrors ?? []
  return (
    <div
      className={`kiosk-field${errors.length ? ' has-error' : ''}${proposed ? ' proposed-field' : ''}`}
      data-proposed={proposed ? 'true' : undefined}
    >
      <div className="field-label" id={`${id}-label`}>
        {label}
        {required ? null : <span className="note optional">{t('form.optional')}</span>}
      </div>
      {children}
      {rawHelp && errors.length === 0 ? <p className="field-help">{rawHelp}</p> : null}
      {errors.length ? (
        <p className="field-error" role="alert">
          {errors.join(' ')}
        </p>
      ) : null}
    </div>
  )
}

/**
 * A section: its keypad fields (numbers and dates) in a column of their own on the right
 * (display over keypad), the rest on the left, so a section with a keypad fits the screen's
 * height without scrolling.
 */
export function KioskObjectTemplate(props: ObjectFieldTemplateProps): ReactElement {
  const widgetOf = (name: string) =>
    (props.uiSchema?.[name] as Record<string, unknown> | undefined)?.['ui:widget']
  const visible = props.properties.filter((p) => !p.hidden)
  const onPad = (name: string) => ['keypad', 'date'].includes(String(widgetOf(name)))
  const pad = visible.filter((p) => onPad(p.name))
  const rest = visible.filter((p) => !onPad(p.name))
  return (
    <fieldset className="kiosk-section">
      {props.title && props.fieldPathId.$id !== 'root' ? <legend>{props.title}</legend> : null}
      {pad.length > 0 && rest.length > 0 ? (
        <div className="section-columns">
          <div>{rest.map((p) => p.content)}</div>
          <div>{pad.map((p) => p.content)}</div>
        </div>
      ) : (
        visible.map((p) => p.content)
      )}
      {props.properties.filter((p) => p.hidden).map((p) => p.content)}
    </fieldset>
  )
}

/**
 * rjsf needs a validator to pick oneOf/anyOf branches; ours compares consts and types only and
 * never compiles code (the CSP forbids eval). Real validation is ajv in the main process
 * (bridge `form:validate`), shown through `extraErrors`.
 */
export const shallowValidator: ValidatorType = {
  validateFormData: () => ({ errors: [], errorSchema: {} }),
  isValid(schema: RJSFSchema, formData: unknown) {
    if (schema.const !== undefined) return formData === schema.const
    if (Array.isArray(schema.enum)) return schema.enum.includes(formData as never)
    if (schema.type === 'string') return typeof formData === 'string'
    if (schema.type === 'number' || schema.type === 'integer') return typeof formData === 'number'
    if (schema.type === 'boolean') return typeof formData === 'boolean'
    if (schema.type === 'object') return typeof formData === 'object' && formData !== null
    return true
  },
  rawValidation: () => ({ errors: [], validationError: undefined }) as never,
}
