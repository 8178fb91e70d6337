import { lazy, Suspense, useEffect, useRef, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { findEntry } from '../../../common/catalog/schema'
import { arrived, homeScreenSettled, startupRequests } from './startup'
import type { AppInfo } from '../../../common/domain/app-info'
import type { ServiceCategory } from '../../../common/domain/catalog'
import { bridge } from '../platform/bridge'
import { wipeBrowserData } from '../platform/wipe'
import { HelpButton } from '../ui/HelpButton'
import { Icon } from '../ui/icons'
import { hostScreenActions } from '../ui/Screen'
import { checkVoices, resetVoice, setVolume } from '../ui/speech'
import type { HelpContext } from '../video/kiosk/help-context'
import { CategoryScreen } from './flow/CategoryScreen'
import { GuideScreen } from './flow/GuideScreen'
import { SignInScreen } from './flow/SignInScreen'
import { HomeScreen, type Loadable } from './HomeScreen'
import { IdleGuard } from './IdleGuard'
import { setHelpOpen } from './fleet/idle'
import { IneligibleScreen } from './flow/Ineligible'
import { kioskMirrorSource } from './mirror'
import { ClerkRequest } from './ClerkRequest'
import { actionDesk } from './desk'
import { signIn } from './signin'
import { preloaded } from './preloaded'
import { useKiosk, type Screen } from './store'
import { useCatalogUpdates } from './catalog-updates'
import { useLocalized } from './text'
import { TopBar } from './TopBar'
import { ENROLLED_FLAG } from './technician/flag'

// The form renderer, camera, signature pad and receipt load after the home screen is up.
const FormScreen = preloaded(() => import('./flow/FormScreen'))
const MaterialsScreen = preloaded(() => import('./flow/MaterialsScreen'))
const CommitmentScreen = preloaded(() => import('./flow/CommitmentScreen'))
const ReviewScreen = preloaded(() => import('./flow/ReviewScreen'))
const ReceiptScreen = preloaded(() => import('./flow/ReceiptScreen'))
const RatingScreen = preloaded(() => import('./flow/RatingScreen'))
const ProgressScreen = preloaded(() => import('./flow/ProgressScreen'))
const WithdrawScreen = preloaded(() => import('./flow/WithdrawScreen'))
// Technician mode is for the few who set the kiosk up: its code loads when it opens.
const TechnicianMode = lazy(() => import('./technician/TechnicianMode'))
// Video help carries the WebRTC and socket.io code: loaded only when asked for.
const VideoHelp = lazy(() =>
  import('../video/kiosk/VideoHelp').then((m) => ({ default: m.VideoHelp })),
)

/** Where "back" leads from each screen (never out of a submitted application). */
const backOf: Partial<Record<Screen, Screen>> = {
  category: 'home',
  guide: 'category',
  signin: 'guide',
  materials: 'form',
  commitment: 'materials',
  review: 'materials',
  progress: 'home',
  withdraw: 'progress',
}

export function KioskApp(): ReactElement {
  const { t, i18n } = useTranslation()
  const l = useLocalized()
  const s = useKiosk()
  const [info, setInfo] = useState<AppInfo | null>(() =>
    arrived.info?.ok ? arrived.info.value : null,
  )
  const [help, setHelp] = useState<HelpContext | null>(null)
  /** A call docked beside the screens while the resident shares the application (co-service). */
  const [docked, setDocked] = useState(false)
  const [settings, setSettings] = useState<{
    idleSeconds: number
    countdownSeconds: number
    volume?: number
    largeTextDefault?: boolean
  }>(() =>
    arrived.settings?.ok ? arrived.settings.value : { idleSeconds: 60, countdownSeconds: 30 },
  )
  /** Technician mode in place of the residents' screens: first run (no credential) or login. */
  const [technician, setTechnician] = useState<'first-run' | 'login' | 'enrolled' | null>(() => {
    // Back from the reload that follows an enrolment on the kiosk's screen.
    if (sessionStorage.getItem(ENROLLED_FLAG)) {
      sessionStorage.removeItem(ENROLLED_FLAG)
      return 'enrolled'
    }
    return arrived.info?.ok && arrived.info.value.enrolled === false ? 'first-run' : null
  })
  const largeByDefault = settings.largeTextDefault ?? false
  const [categories, setCategories] = useState<Loadable<ServiceCategory[]>>(() => {
    const known = arrived.categories
    if (known) return known.ok ? { state: 'ready', value: known.value } : { state: 'failed' }
    return bridge() ? { state: 'loading' } : { state: 'failed' }
  })

  // A newly published catalog: its tiles and items once no resident is mid-flow.
  useCatalogUpdates((value) => setCategories({ state: 'ready', value }))

  async function endSession(reason: 'idle' | 'card-removed' | 'finished' | 'user') {
    setHelp(null)
    useKiosk.getState().reset()
    resetVoice()
    // The technician may have set 大字 as every resident's start.
    if (largeByDefault) useKiosk.getState().set({ largeText: true })
    document.documentElement.dataset.textSize = largeByDefault ? 'large' : 'normal'
    await wipeBrowserData()
    await bridge()
      ?.request('session:reset', { reason })
      .catch(() => undefined)
    if (info && i18n.language !== info.defaultLocale) await i18n.changeLanguage(info.defaultLocale)
  }
  const endRef = useRef(endSession)
  useEffect(() => {
    endRef.current = endSession
  })

  useEffect(() => {
    const b = bridge()
    if (!b) return
    const start = startupRequests
    if (!start) return
    start.info.then(
      (i) => {
        setInfo(i)
        if (i.enrolled === false) setTechnician((v) => v ?? 'first-run')
      },
      () => setInfo(null),
    )
    start.settings.then(setSettings, () => undefined)
    const offSettings = b.subscribe('settings:changed', (s) =>
      setSettings((old) => ({
        ...old,
        idleSeconds: s.idleSeconds,
        volume: s.volume,
        largeTextDefault: s.largeTextDefault,
      })),
    )
    // Unchanged (no render) where the first render already had the answer.
    start.categories.then(
      (value) => setCategories((c) => (c.state === 'loading' ? { state: 'ready', value } : c)),
      () => setCategories((c) => (c.state === 'loading' ? { state: 'failed' } : c)),
    )
    start.catalog.then(
      (catalog) => useKiosk.getState().set({ catalog }),
      () => undefined,
    )
    const offPresent = b.subscribe('card:present', ({ card }) => {
      const st = useKiosk.getState()
      if (st.card && st.card.idNumber !== card.idNumber) {
        // Someone else's card: the previous resident's session ends first.
        void endRef.current('card-removed')
        return
      }
      if (st.screen === 'signin') signIn(card)
      else if (st.card) st.set({ cardPresent: true })
      else void b.request('session:reset', { reason: 'user' })
      // The clerk's 请把身份证放在读卡区 (co-service) is answered by the card itself.
      actionDesk.cardRead(card)
    })
    const offRemoved = b.subscribe('card:removed', () => {
      const st = useKiosk.getState()
      if (st.card) st.set({ cardPresent: false })
      else void b.request('session:reset', { reason: 'card-removed' })
    })
    const offReset = b.subscribe('session:reset-requested', () => void endRef.current('user'))
    // Once per start: a language without a voice is logged for the technician.
    const offVoices = checkVoices((r) => void b.request('voice:report', r).catch(() => undefined))
    return () => {
      offSettings()
      offVoices()
      offPresent()
      offRemoved()
      offReset()
    }
  }, [])

  // Remote commands wait while video help is open (fleet/idle.ts).
  useEffect(() => setHelpOpen(help !== null), [help])

  const homeSettled = categories.state !== 'loading'
  useEffect(() => {
    if (!homeSettled) return
    homeScreenSettled()
    // Warm the later screens' code while the resident reads the home screen (not before it is
    // up, so it does not compete with the home screen's own load).
    const warm = setTimeout(() => {
      const screens = [FormScreen, MaterialsScreen, CommitmentScreen, ReviewScreen, ReceiptScreen]
      for (const c of [...screens, RatingScreen, ProgressScreen, WithdrawScreen])
        c.preload().catch(() => undefined)
    }, 300)
    return () => clearTimeout(warm)
  }, [homeSettled])

  useEffect(() => {
    document.documentElement.dataset.textSize = s.largeText ? 'large' : 'normal'
  }, [s.largeText])

  useEffect(() => {
    if (settings.volume !== undefined) setVolume(settings.volume)
  }, [settings.volume])
  // 大字 by default: applied at once while nobody is being served, else from the next resident.
  useEffect(() => {
    const st = useKiosk.getState()
    if (st.screen === 'home' && !st.card) st.set({ largeText: largeByDefault })
  }, [largeByDefault])

  const entry = s.catalog && s.code ? findEntry(s.catalog, s.code)?.entry : undefined
  const helpContext = (): HelpContext => ({
    ...(entry
      ? { category: entry.categoryId, item: { id: entry.code, title: l(entry.name) } }
      : s.categoryId
        ? { category: s.categoryId }
        : {}),
    step: { id: s.screen, label: document.querySelector('main h2')?.textContent ?? s.screen },
    ...(s.card ? { residentName: s.card.name, birthDate: s.card.birthDate } : {}),
    visitId: s.visitId,
  })

  // One place in the tree whether full screen or docked, so the call survives the switch.
  const helpLayer = help ? (
    <Suspense fallback={<main className="screen" aria-busy="true" />}>
      <VideoHelp
        context={help}
        onClose={() => setHelp(null)}
        mirrorSource={kioskMirrorSource}
        actions={actionDesk}
        onDocked={setDocked}
      />
    </Suspense>
  ) : null
  if (technician)
    return (
      <Suspense fallback={<main className="screen" aria-busy="true" />}>
        <TechnicianMode
          start={technician}
          onExit={() => {
            setTechnician(null)
            // The hall's name and the settings may have changed meanwhile.
            void bridge()
              ?.request('app:info', undefined)
              .then(setInfo, () => undefined)
          }}
        />
      </Suspense>
    )
  if (help && !docked) return <>{helpLayer}</>

  const back = backOf[s.screen]
  const goBack = () => {
    // 补交 opened from the progress screen: back there, the photos forgotten.
    if (s.supply) {
      void bridge()
        ?.request('materials:drop', { materialId: s.supply.materialId })
        .catch(() => undefined)
      const { [s.supply.materialId]: dropped, ...materials } = s.materials
      for (const u of dropped?.previews ?? []) URL.revokeObjectURL(u)
      return s.set({ supply: null, materials, screen: 'progress', cases: null })
    }
    // 撤回 opened from the progress screen: back to the list, read again.
    if (s.screen === 'withdraw') return s.set({ withdraw: null, screen: 'progress', cases: null })
    if (s.screen === 'form' && s.formPage > 0) return s.set({ formPage: s.formPage - 1 })
    if (s.screen === 'materials' && s.materialIndex > 0)
      return s.set({ materialIndex: s.materialIndex - 1 })
    if (s.screen === 'form') return s.set({ screen: 'guide' })
    if (back === 'category' && !s.categoryId) return s.set({ screen: 'home' })
    if (back) s.set({ screen: back })
  }
  const inFlow = s.screen !== 'home'
  const finishedOrCard = s.screen === 'receipt' || s.screen === 'rating'

  return (
    <>
      {helpLayer}
      <div className="kiosk" data-docked={help ? 'true' : undefined}>
        <TopBar
          info={info}
          largeText={s.largeText}
          onToggleText={() => s.set({ largeText: !s.largeText })}
          onTechnician={() => {
            // Only from the home screen, never in the middle of a resident's session.
            if (useKiosk.getState().screen === 'home' && !useKiosk.getState().card) {
              setHelp(null)
              setTechnician('login')
            }
          }}
        />
        <Suspense fallback={<main className="screen" aria-busy="true" />}>
          {s.screen === 'home' ? (
            <HomeScreen
              categories={categories}
              catalog={s.catalog}
              onPick={(c) => s.set({ categoryId: c.id, screen: 'category' })}
              onItem={(code) => s.set({ code, categoryId: null, screen: 'guide' })}
              onProgress={() => s.set({ purpose: 'progress', screen: 'signin' })}
            />
          ) : null}
          {s.screen === 'category' ? <CategoryScreen /> : null}
          {s.screen === 'guide' ? <GuideScreen /> : null}
          {s.screen === 'signin' ? <SignInScreen onNoCard={() => setHelp(helpContext())} /> : null}
          {s.screen === 'ineligible' ? (
            <IneligibleScreen onHelp={() => setHelp(helpContext())} />
          ) : null}
          {s.screen === 'form' ? <FormScreen /> : null}
          {s.screen === 'materials' ? <MaterialsScreen /> : null}
          {s.screen === 'commitment' ? <CommitmentScreen /> : null}
          {s.screen === 'review' ? <ReviewScreen /> : null}
          {s.screen === 'receipt' ? <ReceiptScreen /> : null}
          {s.screen === 'rating' ? (
            <RatingScreen onDone={() => void endSession('finished')} />
          ) : null}
          {s.screen === 'progress' ? <ProgressScreen /> : null}
          {s.screen === 'withdraw' ? <WithdrawScreen /> : null}
        </Suspense>
        <footer className="helpbar">
          {inFlow && (back || s.screen === 'form' || s.screen === 'materials') ? (
            <button type="button" className="secondary-button" onClick={goBack}>
              <Icon name="back" />
              {t('kiosk.back')}
            </button>
          ) : null}
          {inFlow ? (
            <button
              type="button"
              className="secondary-button"
              onClick={() => void endSession('user')}
            >
              {finishedOrCard ? t('kiosk.finish') : t('kiosk.home')}
            </button>
          ) : null}
          <span className="hint">{inFlow ? '' : t('help.hint')}</span>
          {/* The current screen's decision buttons (Screen renders them here). */}
          <div className="screen-actions" ref={hostScreenActions} />
          {help ? null : <HelpButton onPress={() => setHelp(helpContext())} />}
        </footer>
        <IdleGuard
          // Not while talking to the clerk: the call ends only by hanging up.
          active={inFlow && !help}
          idleSeconds={settings.idleSeconds}
          countdownSeconds={settings.countdownSeconds}
          // An identity checked by video has no card on the reader to take away.
          cardRemoved={s.card !== null && !s.cardPresent && !s.identityByVideo && !finishedOrCard}
          onExpire={() =>
            void endSession(
              s.card && !s.cardPresent && !s.identityByVideo ? 'card-removed' : 'idle',
            )
          }
        />
      </div>
      {help && s.coPrompt ? <ClerkRequest request={s.coPrompt} /> : null}
    </>
  )
}
