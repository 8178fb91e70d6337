import type { WidgetProps } from '@rjsf/utils'
import { useEffect, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { fieldFor, modeFor } from '../../ui/text-entry/field'
import { TextEntryPanel } from '../../ui/text-entry/TextEntryPanel'
import { useKiosk } from '../store'
import { recogniseOnKiosk, warmOnKiosk } from './recognise'

/**
 * A free-text field of the form (`text`, `textarea`): no system keyboard (there is none on the
 * kiosk); tapping it opens the text-entry panel. The chosen mode is remembered in the kiosk
 * store for the session (reset with it), the open field too, so only one panel shows at a time.
 */
export function TextEntryWidget(props: WidgetProps & { multiline?: boolean }): ReactElement {
  const { t, i18n } = useTranslation()
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN'
  const textMode = useKiosk((s) => s.textMode)
  const openField = useKiosk((s) => s.textField)
  const set = useKiosk((s) => s.set)
  const value = (props.value as string | undefined) ?? ''
  const key = props.name || props.id.split('_').pop() || props.id
  const field = fieldFor(
    props.id,
    key,
    props.label || String(props.schema.title ?? ''),
    props.schema,
    lang,
  )
  const mode = modeFor(field, textMode)
  const open = openField === props.id

  // Leaving the page closes the panel it owned.
  useEffect(
    () => () => {
      if (useKiosk.getState().textField === props.id) useKiosk.getState().set({ textField: null })
    },
    [props.id],
  )

  const Tag = props.multiline ? 'textarea' : 'input'
  return (
    <>
      <Tag
        id={props.id}
        className={`text-input text-entry-field${open ? ' editing' : ''}`}
        value={value}
        readOnly
        inputMode="none"
        placeholder={t('textEntry.open')}
        aria-labelledby={`${props.id}-label`}
        data-testid={`field-${props.id}`}
        {...(props.multiline ? { rows: 2 } : {})}
        onClick={() => {
          if (!props.disabled && !props.readonly) set({ textField: props.id })
        }}
      />
      {open ? (
        <TextEntryPanel
          field={field}
          value={value}
          mode={mode}
          onChange={(v) => props.onChange(v === '' ? undefined : v)}
          onModeChange={(m) => set({ textMode: m })}
          onDone={() => set({ textField: null })}
          recognise={recogniseOnKiosk}
          warmRecogniser={warmOnKiosk}
        />
      ) : null}
    </>
  )
}

export function TextareaEntryWidget(props: WidgetProps): ReactElement {
  return <TextEntryWidget {...props} multiline />
}
