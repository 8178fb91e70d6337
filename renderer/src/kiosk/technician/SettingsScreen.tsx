import { useEffect, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { RequestOutput } from '../../../../common/bridge/contract'
import {
  LOCAL_SETTING_LIMITS,
  LocalSettings,
  stepSetting,
  type PaperWidth,
} from '../../../../common/fleet/technician'
import { bridge } from '../../platform/bridge'
import { speak } from '../../ui/speech'
import { Screen } from '../../ui/Screen'
import { technicianError } from './errors'

/**
 * 本机设置: what the centre lets a technician change here (idle time, volume, 大字 by default,
 * the printer's paper width), kept in the kiosk's data folder and applied at once; and the
 * sanitized log export, written to a file in the data folder (the kiosk has no keyboard and no
 * removable drive to offer: the screen says where and how many lines).
 */
export function SettingsScreen(): ReactElement {
  const { t, i18n } = useTranslation()
  const [value, setValue] = useState<LocalSettings | null>(null)
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null)
  const [exported, setExported] = useState<RequestOutput<'logs:export'> | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    void bridge()
      ?.request('settings:get', undefined)
      .then(setValue, (e: unknown) => setMessage({ kind: 'error', text: technicianError(t, e) }))
  }, [t])

  async function save() {
    if (!value) return
    setBusy(true)
    try {
      setValue(await bridge()!.request('settings:set', LocalSettings.parse(value)))
      setMessage({ kind: 'ok', text: t('technician.settings.saved') })
      speak(t('technician.settings.saved'), i18n.language)
    } catch (e) {
      setMessage({ kind: 'error', text: technicianError(t, e) })
    } finally {
      setBusy(false)
    }
  }
  async function exportLog() {
    setBusy(true)
    try {
      setExported(await bridge()!.request('logs:export', undefined))
    } catch (e) {
      setMessage({ kind: 'error', text: technicianError(t, e) })
    } finally {
      setBusy(false)
    }
  }

  const step = (key: keyof typeof LOCAL_SETTING_LIMITS, label: string, shown: string) =>
    value ? (
      <div className="tech-setting" data-testid={`setting-${key}`}>
        <span className="tech-setting-name">{label}</span>
        <button
          type="button"
          className="secondary-button"
          aria-label={`${label} ${t('technician.settings.less')}`}
          disabled={value[key] <= LOCAL_SETTING_LIMITS[key].min}
          onClick={() => setValue({ ...value, [key]: stepSetting(key, value[key], -1) })}
        >
          −
        </button>
        <output className="tech-setting-value">{shown}</output>
        <button
          type="button"
          className="secondary-button"
          aria-label={`${label} ${t('technician.settings.more')}`}
          disabled={value[key] >= LOCAL_SETTING_LIMITS[key].max}
          onClick={() => setValue({ ...value, [key]: stepSetting(key, value[key], 1) })}
        >
          +
        </button>
      </div>
    ) : null
  const choice = <T extends string | boolean>(
    testId: string,
    label: string,
    options: { value: T; text: string }[],
    current: T,
    pick: (v: T) => void,
  ) => (
    <div className="tech-setting" role="radiogroup" aria-label={label} data-testid={testId}>
      <span className="tech-setting-name">{label}</span>
      {options.map((o) => (
        <button
          key={String(o.value)}
          type="button"
          role="radio"
          aria-checked={o.value === current}
          className={`chip${o.value === current ? ' on' : ''}`}
          onClick={() => pick(o.value)}
        >
          {o.text}
        </button>
      ))}
    </div>
  )

  return (
    <Screen
      id="tech-settings"
      title={t('technician.settings.title')}
      spoken={t('technician.settings.spoken')}
      actions={
        <button
          type="button"
          className="primary-button big"
          disabled={!value || busy}
          onClick={() => void save()}
        >
          {t('technician.settings.save')}
        </button>
      }
    >
      {value ? (
        <div className="tech-settings">
          {step(
            'idleSeconds',
            t('technician.settings.idle'),
            t('technician.settings.idleValue', { count: value.idleSeconds }),
          )}
          {step(
            'volume',
            t('technician.settings.volume'),
            t('technician.settings.volumeValue', { count: value.volume }),
          )}
          {choice(
            'setting-largeText',
            t('technician.settings.largeText'),
            [
              { value: true, text: t('technician.settings.on') },
              { value: false, text: t('technician.settings.off') },
            ],
            value.largeTextDefault,
            (v) => setValue({ ...value, largeTextDefault: v }),
          )}
          {choice<PaperWidth>(
            'setting-paper',
            t('technician.settings.paper'),
            [
              { value: '58mm', text: '58 mm' },
              { value: '80mm', text: '80 mm' },
            ],
            value.paperWidth,
            (v) => setValue({ ...value, paperWidth: v }),
          )}
        </div>
      ) : null}
      {message ? (
        <p
          className={message.kind === 'ok' ? 'tech-ok' : 'tech-error'}
          role={message.kind === 'ok' ? 'status' : 'alert'}
          data-testid="settings-message"
        >
          {message.text}
        </p>
      ) : null}
      <div className="tech-export">
        <button
          type="button"
          className="secondary-button"
          disabled={busy}
          onClick={() => void exportLog()}
        >
          {busy ? t('technician.settings.exporting') : t('technician.settings.export')}
        </button>
        {exported ? (
          <p role="status" data-testid="log-exported">
            {t('technician.settings.exported', exported)}
          </p>
        ) : null}
      </div>
    </Screen>
  )
}
