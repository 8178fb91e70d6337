import { useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { RequestOutput } from '../../../../common/bridge/contract'
import { bridge } from '../../platform/bridge'
import { speak } from '../../ui/speech'
import { Screen } from '../../ui/Screen'
import { technicianError } from './errors'
import { TechField } from './TechField'

export interface EnrolForm {
  address: string
  code: string
  name: string
}

/**
 * 登记本机: the centre's address, the one-time code (typed, or read from the fleet console's QR
 * on the scan screen) and the terminal's name; the hall comes with the code. A refusal (wrong,
 * used or expired code; centre unreachable) is said in words and every field keeps its text.
 */
export function EnrolScreen({
  form,
  onForm,
  onScan,
  onEnrolled,
}: {
  form: EnrolForm
  onForm: (f: EnrolForm) => void
  onScan: () => void
  onEnrolled: (r: RequestOutput<'terminal:enrol'>) => void
}): ReactElement {
  const { t, i18n } = useTranslation()
  const [open, setOpen] = useState<keyof EnrolForm | null>(null)
  const [sending, setSending] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const ready = form.address.trim() !== '' && form.code.trim() !== '' && form.name.trim() !== ''

  async function enrol() {
    setOpen(null)
    setSending(true)
    setError(null)
    try {
      const r = await bridge()!.request('terminal:enrol', {
        serverUrl: form.address,
        code: form.code,
        terminalName: form.name.trim(),
      })
      onEnrolled(r)
    } catch (e) {
      const text = technicianError(t, e, {
        OFFLINE: t('technician.enrol.offline'),
        INVALID_INPUT: t('technician.enrol.badAddress'),
      })
      setError(text)
      speak(text, i18n.language)
    } finally {
      setSending(false)
    }
  }

  const field = (key: keyof EnrolForm) => ({
    value: form[key],
    onChange: (v: string) => onForm({ ...form, [key]: v }),
    open: open === key,
    onOpen: () => setOpen(key),
    onClose: () => setOpen(null),
  })
  return (
    <Screen
      id="tech-enrol"
      title={t('technician.enrol.title')}
      spoken={t('technician.enrol.spoken')}
      actions={
        <button
          type="button"
          className="primary-button big"
          disabled={!ready || sending}
          onClick={() => void enrol()}
        >
          {sending ? t('technician.enrol.sending') : t('technician.enrol.submit')}
        </button>
      }
    >
      <div className="tech-form">
        <div>
          <TechField
            id="enrol-address"
            label={t('technician.enrol.address')}
            modes={['url']}
            maxLength={200}
            {...field('address')}
          />
          <TechField
            id="enrol-code"
            label={t('technician.enrol.code')}
            help={t('technician.enrol.codeHelp')}
            modes={['code']}
            upperCase
            maxLength={14}
            {...field('code')}
          />
          <TechField
            id="enrol-name"
            label={t('technician.enrol.name')}
            help={t('technician.enrol.nameHelp')}
            modes={['handwriting', 'pinyin', 'code']}
            maxLength={80}
            {...field('name')}
          />
        </div>
        {open ? null : (
          <div className="tech-side">
            <button type="button" className="secondary-button" onClick={onScan}>
              {t('technician.enrol.scan')}
            </button>
            {error ? (
              <p className="tech-error" role="alert" data-testid="enrol-error">
                {error}
              </p>
            ) : null}
          </div>
        )}
      </div>
    </Screen>
  )
}
