import { useEffect, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { RequestOutput } from '../../../../common/bridge/contract'
import type { SelfTestResult } from '../../../../common/fleet/self-test'
import { bridge } from '../../platform/bridge'
import { Screen } from '../../ui/Screen'

/** Technician mode's start: who is logged in, which terminal this is, and the three tasks. */
export function MenuScreen({
  who,
  status,
  onSelfTest,
  onSettings,
  onEnrol,
}: {
  who: string | null
  status: RequestOutput<'terminal:status'> | null
  onSelfTest: () => void
  onSettings: () => void
  onEnrol: () => void
}): ReactElement {
  const { t, i18n } = useTranslation()
  const [last, setLast] = useState<SelfTestResult | null>(null)
  useEffect(() => {
    void bridge()
      ?.request('selftest:last', undefined)
      .then(setLast, () => undefined)
  }, [])
  const when = (ms: number) =>
    new Date(ms).toLocaleString(i18n.language === 'en' ? 'en-GB' : 'zh-CN', {
      dateStyle: 'medium',
      timeStyle: 'short',
    })
  const failed = last?.checks
    .filter((c) => c.status === 'fail')
    .map((c) => t(`technician.part.${c.part}`))
  return (
    <Screen id="tech-menu" title={t('technician.menu.title')} spoken={t('technician.menu.spoken')}>
      {who ? <p className="lead">{t('technician.menu.who', { name: who })}</p> : null}
      {status ? (
        <p className="lead" data-testid="tech-terminal">
          {status.enrolled
            ? t('technician.menu.terminal', { hall: status.hallName, name: status.terminalName })
            : t('technician.menu.notEnrolled')}
          <br />
          <small>{t('technician.menu.centre', { url: status.serverUrl })}</small>
        </p>
      ) : null}
      <p className="lead" data-testid="tech-last-self-test">
        {last
          ? t('technician.menu.lastSelfTest', {
              result: last.passed
                ? t('technician.selfTest.passed')
                : t('technician.selfTest.failed', { parts: failed?.join('、') }),
              when: when(last.at),
            })
          : t('technician.menu.noSelfTest')}
      </p>
      <div className="tech-menu">
        <button type="button" className="tile" onClick={onSelfTest}>
          <span className="tile-name">{t('technician.menu.selfTest')}</span>
        </button>
        <button type="button" className="tile" onClick={onSettings}>
          <span className="tile-name">{t('technician.menu.settings')}</span>
        </button>
        <button type="button" className="tile" onClick={onEnrol}>
          <span className="tile-name">{t('technician.menu.enrol')}</span>
        </button>
      </div>
    </Screen>
  )
}
