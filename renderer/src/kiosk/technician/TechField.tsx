import { useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { TextEntryMode } from '../../ui/text-entry/field'
import { TextEntryPanel } from '../../ui/text-entry/TextEntryPanel'
import { recogniseOnKiosk, warmOnKiosk } from '../flow/recognise'

/**
 * One field of a technician screen: a read-only box (the kiosk has no keyboard) that opens the
 * on-screen text-entry panel when tapped. The value lives in the screen's state, so an error
 * from the centre leaves everything typed in place.
 */
export function TechField({
  id,
  label,
  help,
  value,
  onChange,
  modes,
  open,
  onOpen,
  onClose,
  secret,
  upperCase,
  maxLength,
}: {
  id: string
  label: string
  help?: string
  value: string
  onChange: (value: string) => void
  modes: TextEntryMode[]
  open: boolean
  onOpen: () => void
  onClose: () => void
  /** A password: shown as dots. */
  secret?: boolean
  upperCase?: boolean
  maxLength?: number
}): ReactElement {
  const { t } = useTranslation()
  const [mode, setMode] = useState<TextEntryMode>(modes[0] ?? 'code')
  return (
    <div className="kiosk-field tech-field">
      <label className="field-label" id={`${id}-label`} htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        className={`text-input text-entry-field${open ? ' editing' : ''}`}
        type={secret ? 'password' : 'text'}
        value={value}
        readOnly
        inputMode="none"
        placeholder={t('textEntry.open')}
        data-testid={`field-${id}`}
        onClick={onOpen}
      />
      {help ? <p className="field-help">{help}</p> : null}
      {open ? (
        <TextEntryPanel
          field={{
            id,
            label,
            modes,
            hint: 'text',
            ...(maxLength ? { maxLength } : {}),
            ...(upperCase !== undefined ? { upperCase } : {}),
            ...(secret ? { secret } : {}),
          }}
          value={value}
          mode={mode}
          onChange={onChange}
          onModeChange={setMode}
          onDone={onClose}
          recognise={recogniseOnKiosk}
          warmRecogniser={warmOnKiosk}
        />
      ) : null}
    </div>
  )
}
