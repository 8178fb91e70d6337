import { useEffect, useRef, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { RequestOutput } from '../../../../common/bridge/contract'
import { bridge } from '../../platform/bridge'
import { Icon } from '../../ui/icons'
import { hostScreenActions, Screen } from '../../ui/Screen'
import { EnrolScreen, type EnrolForm } from './EnrolScreen'
import { FirstRunScreen } from './FirstRunScreen'
import { ENROLLED_FLAG } from './flag'
import { LoginScreen } from './LoginScreen'
import { MenuScreen } from './MenuScreen'
import { ScanScreen } from './ScanScreen'
import { SelfTestScreen } from './SelfTestScreen'
import { SettingsScreen } from './SettingsScreen'
import './technician.css'

type View =
  'first-run' | 'enrol' | 'scan' | 'enrolled' | 'login' | 'menu' | 'self-test' | 'settings'

/** Technician mode closes itself after this long without a touch (a technician walked away). */
export const TECHNICIAN_IDLE_MS = 5 * 60_000

const backOf: Partial<Record<View, View>> = {
  enrol: 'menu',
  scan: 'enrol',
  'self-test': 'menu',
  settings: 'menu',
}

/**
 * Technician mode: the first-run screen of a kiosk with no credential, or (entered with a long
 * press on the hall's name) the technician's login, then self-test, settings and enrolment. It
 * replaces the resident's screens while open; leaving it after an enrolment reloads the page, so
 * the kiosk serves residents as the terminal it now is (no restart of the app).
 */
export default function TechnicianMode({
  start,
  onExit,
}: {
  /** `enrolled`: back from the reload after an enrolment. */
  start: 'first-run' | 'login' | 'enrolled'
  onExit: () => void
}): ReactElement {
  const { t } = useTranslation()
  const [view, setView] = useState<View>(start)
  const [status, setStatus] = useState<RequestOutput<'terminal:status'> | null>(null)
  const [who, setWho] = useState<string | null>(null)
  const [form, setForm] = useState<EnrolForm>({ address: '', code: '', name: '' })
  const enrolled = start === 'enrolled'
  const firstRun = status ? !status.enrolled : start === 'first-run'

  useEffect(() => {
    void bridge()
      ?.request('terminal:status', undefined)
      .then(
        (s) => {
          setStatus(s)
          // The configured address is the likeliest one: prefilled, editable.
          setForm((f) => (f.address ? f : { ...f, address: s.serverUrl }))
        },
        () => undefined,
      )
  }, [])

  const exitRef = useRef(onExit)
  useEffect(() => {
    exitRef.current = onExit
  })
  const leave = () => {
    void bridge()
      ?.request('technician:logout', undefined)
      .catch(() => undefined)
    exitRef.current()
  }
  const leaveRef = useRef(leave)
  useEffect(() => {
    leaveRef.current = leave
  })
  // Not on the first-run screen: an unenrolled kiosk has nothing else to show.
  useEffect(() => {
    if (firstRun) return
    let timer = setTimeout(() => leaveRef.current(), TECHNICIAN_IDLE_MS)
    const touched = () => {
      clearTimeout(timer)
      timer = setTimeout(() => leaveRef.current(), TECHNICIAN_IDLE_MS)
    }
    window.addEventListener('pointerdown', touched)
    return () => {
      clearTimeout(timer)
      window.removeEventListener('pointerdown', touched)
    }
  }, [firstRun])

  const home: View = firstRun ? 'first-run' : 'menu'
  const back = view === 'login' ? undefined : backOf[view] === 'menu' ? home : backOf[view]
  const screen = (() => {
    switch (view) {
      case 'first-run':
        return (
          <FirstRunScreen
            onEnrol={() => setView('enrol')}
            onSelfTest={() => setView('self-test')}
            onSettings={() => setView('settings')}
          />
        )
      case 'login':
        return (
          <LoginScreen
            onLoggedIn={(w) => {
              setWho(w.displayName)
              setView('menu')
            }}
          />
        )
      case 'menu':
        return (
          <MenuScreen
            who={who}
            status={status}
            onSelfTest={() => setView('self-test')}
            onSettings={() => setView('settings')}
            onEnrol={() => setView('enrol')}
          />
        )
      case 'enrol':
        return (
          <EnrolScreen
            form={form}
            onForm={setForm}
            onScan={() => setView('scan')}
            onEnrolled={() => {
              // The page starts again as the terminal it now is: the centre it named is the one
              // its pages may reach (CSP), its socket and health reports open with the new
              // credential. It comes back on 登记完成.
              sessionStorage.setItem(ENROLLED_FLAG, '1')
              location.reload()
            }}
          />
        )
      case 'scan':
        return (
          <ScanScreen
            onFound={(qr) => {
              setForm((f) => ({ ...f, address: qr.centre, code: qr.code }))
              setView('enrol')
            }}
            onCancel={() => setView('enrol')}
          />
        )
      case 'enrolled':
        return (
          <Screen
            id="tech-enrolled"
            title={t('technician.enrol.done')}
            spoken={t('technician.enrol.doneSpoken')}
            actions={
              <button type="button" className="primary-button big" onClick={leave}>
                {t('technician.enrol.serve')}
              </button>
            }
          >
            <p className="lead" data-testid="enrolled-as">
              {status
                ? t('technician.enrol.doneLead', {
                    hall: status.hallName,
                    name: status.terminalName,
                  })
                : null}
            </p>
            <div className="tech-links">
              <button
                type="button"
                className="secondary-button"
                onClick={() => setView('self-test')}
              >
                {t('technician.enrol.selfTest')}
              </button>
            </div>
          </Screen>
        )
      case 'self-test':
        return <SelfTestScreen />
      case 'settings':
        return <SettingsScreen />
    }
  })()

  return (
    <div className="kiosk technician" data-technician={view}>
      <header className="topbar tech-band">
        <h1>{t('technician.band')}</h1>
        {status?.enrolled ? (
          <span className="hall">
            {status.hallName} · {status.terminalName}
          </span>
        ) : null}
      </header>
      {screen}
      <footer className="helpbar">
        {back ? (
          <button
            type="button"
            className="secondary-button"
            onClick={() => setView(view === 'self-test' && enrolled ? 'enrolled' : back)}
          >
            <Icon name="back" />
            {t('technician.back')}
          </button>
        ) : null}
        {!firstRun ? (
          <button type="button" className="secondary-button" onClick={leave}>
            {view === 'login' ? t('technician.login.cancel') : t('technician.exit')}
          </button>
        ) : null}
        <span className="hint" />
        <div className="screen-actions" ref={hostScreenActions} />
      </footer>
    </div>
  )
}
