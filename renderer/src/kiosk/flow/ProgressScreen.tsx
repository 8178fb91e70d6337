import { useEffect, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { caseStatusText, type CaseProgress } from '../../../../common/applications/schema'
import { BridgeError } from '../../../../common/bridge/errors'
import { bridge } from '../../platform/bridge'
import { speak } from '../../ui/speech'
import { Pages } from '../../ui/Pages'
import { PageTurner } from '../../ui/PageTurner'
import { Screen } from '../../ui/Screen'
import { useKiosk } from '../store'
import { useLocalized } from '../text'

/** The day of an ISO date-time in China Standard Time (the centre's dates are CST days). */
const chinaDay = (iso: string) =>
  new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10)

/** A YYYY-MM-DD as the resident reads it: 2026年12月1日 / 1 Dec 2026. */
function dayText(date: string, lang: 'zh-CN' | 'en'): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  if (lang === 'zh-CN') return `${y}年${m}月${d}日`
  const month = new Date(Date.UTC(y, m - 1, d)).toLocaleString('en', {
    month: 'short',
    timeZone: 'UTC',
  })
  return `${d} ${month} ${y}`
}

/** The steps grouped by their day, in order: one date, then what happened on it. */
function stepsByDay(timeline: { at: string; step: string }[]): [string, string[]][] {
  const days: [string, string[]][] = []
  for (const e of timeline) {
    const day = chinaDay(e.at)
    const last = days[days.length - 1]
    if (last && last[0] === day) last[1].push(e.step)
    else days.push([day, [e.step]])
  }
  return days
}

/** Not decided yet: the resident may still withdraw it (the state table's withdraw rows). */
const UNDECIDED: ReadonlySet<string> = new Set([
  'received',
  'awaiting-materials',
  'accepted',
  'in-review',
])

/** What printing said, per case: printing, done or failed. */
type PrintState = {
  caseNumber: string
  kind: 'result' | 'receipt'
  state: 'busy' | 'ok' | 'failed'
}

/**
 * Progress lookup: the signed-in resident's cases, each with what happened in plain words, the
 * promised day, 现在补交 for each missing material, 打印结果 for a decided case, 撤回申请 for an
 * undecided one (its own confirmation screen) and 补打回执,
 * in cards turned page by page (never scrolled) when there are more than one screen holds.
 */
export default function ProgressScreen(): ReactElement {
  const { t, i18n } = useTranslation()
  const l = useLocalized()
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN'
  const cases = useKiosk((s) => s.cases)
  const [error, setError] = useState<string | null>(null)
  const [page, setPage] = useState(0)
  const [pages, setPages] = useState(1)
  const [print, setPrint] = useState<PrintState | null>(null)
  const errorText = (e: unknown) =>
    t(`errors.${e instanceof BridgeError ? e.code : 'INTERNAL'}` as 'errors.INTERNAL')
  useEffect(() => {
    if (cases !== null) return
    void bridge()
      ?.request('progress:lookup', undefined)
      .then(
        (r) => useKiosk.getState().set({ cases: r.cases }),
        (e: unknown) => setError(errorText(e)),
      )
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per visit (cases reset to null)
  }, [cases])

  async function printFor(c: CaseProgress, kind: 'result' | 'receipt') {
    setPrint({ caseNumber: c.caseNumber, kind, state: 'busy' })
    speak(t('progress.printing'), i18n.language)
    try {
      const b = bridge()
      const ok =
        kind === 'result'
          ? (await b?.request('result:print', { caseNumber: c.caseNumber }))?.printed
          : (await b?.request('receipt:reprint', { caseNumber: c.caseNumber }))?.printed
      setPrint({ caseNumber: c.caseNumber, kind, state: ok ? 'ok' : 'failed' })
      speak(
        ok
          ? t(kind === 'result' ? 'progress.resultPrinted' : 'progress.receiptPrinted')
          : t('progress.printFailed'),
        i18n.language,
      )
      // 已出件 now: read the cases again so the status says so.
      if (ok && kind === 'result') useKiosk.getState().set({ cases: null })
    } catch {
      setPrint({ caseNumber: c.caseNumber, kind, state: 'failed' })
      speak(t('progress.printFailed'), i18n.language)
    }
  }

  const supplyNow = (c: CaseProgress, materialId: string) =>
    useKiosk.getState().set({
      supply: { caseNumber: c.caseNumber, code: c.code, materialId, sent: false },
      screen: 'materials',
    })

  const withdraw = (c: CaseProgress) =>
    useKiosk.getState().set({
      withdraw: { caseNumber: c.caseNumber, name: c.name },
      screen: 'withdraw',
    })

  const title = error
    ? t('progress.failed')
    : cases === null
      ? t('progress.loading')
      : cases.length === 0
        ? t('progress.none')
        : t('progress.title', { count: cases.length })
  const printMessage = (c: CaseProgress) => {
    if (print?.caseNumber !== c.caseNumber) return null
    const text =
      print.state === 'busy'
        ? t('progress.printing')
        : print.state === 'failed'
          ? t('progress.printFailed')
          : t(print.kind === 'result' ? 'progress.resultPrinted' : 'progress.receiptPrinted')
    return (
      <p className={print.state === 'failed' ? 'notice' : 'lead'} role="status">
        {text}
      </p>
    )
  }
  // What the resident can do here, said after the title (the cards themselves are read on screen).
  const hints = [
    ...(cases?.some((c) => c.missing.length > 0) ? [t('progress.spokenSupply')] : []),
    ...(cases?.some((c) => c.noticeReady) ? [t('progress.spokenResult')] : []),
    ...(cases?.some((c) => UNDECIDED.has(c.status)) ? [t('progress.spokenWithdraw')] : []),
    ...(pages > 1 ? [t('progress.spokenPages', { count: pages })] : []),
  ]
  return (
    <Screen
      id="progress"
      title={title}
      {...(hints.length > 0 ? { spoken: [title, ...hints].join(lang === 'en' ? '. ' : '。') } : {})}
      actions={pages > 1 ? <PageTurner page={page} pages={pages} onPage={setPage} /> : undefined}
    >
      {error ? (
        <p className="notice" role="alert">
          {error}
        </p>
      ) : null}
      <Pages page={page} onPages={setPages} className="progress-pages">
        {(cases ?? []).map((c) => {
          const busy = print?.state === 'busy'
          return (
            <section key={c.caseNumber} className="case" aria-label={l(c.name)}>
              <p className="list-name">{l(c.name)}</p>
              <p>
                {t('receipt.caseNumber')}：<span className="case-no">{c.caseNumber}</span>
              </p>
              <p className="status">
                {c.status === 'issued' ? t('progress.issued') : caseStatusText[c.status][lang]}
              </p>
              {c.timeline && c.timeline.length > 0 ? (
                <p className="case-steps">
                  {t('progress.steps')}
                  {stepsByDay(c.timeline)
                    .map(
                      ([day, steps]) =>
                        `${dayText(day, lang)} ${steps
                          .map((s) => t(`progress.step.${s}` as 'progress.step.submit'))
                          .join(lang === 'en' ? ', ' : '、')}`,
                    )
                    .join(lang === 'en' ? '; ' : '；')}
                </p>
              ) : null}
              {c.promisedBy ? (
                <p>{t('progress.promisedBy', { date: dayText(c.promisedBy, lang) })}</p>
              ) : c.status === 'awaiting-materials' ? (
                <p>{t('progress.promisedPaused')}</p>
              ) : null}
              {c.missing.length > 0 ? (
                <p>
                  {t('progress.missing')}
                  {c.missing
                    .map((m) => `${l(m.name)}（${t('receipt.due', { date: m.dueDate })}）`)
                    .join('；')}
                </p>
              ) : null}
              {c.note ? <p>{l(c.note)}</p> : null}
              {printMessage(c)}
              <div className="case-actions">
                {c.missing.map((m) => (
                  <button
                    key={m.materialId}
                    type="button"
                    className="primary-button"
                    disabled={busy}
                    onClick={() => supplyNow(c, m.materialId)}
                  >
                    {t('progress.supplyNow', { name: l(m.name) })}
                  </button>
                ))}
                {c.noticeReady ? (
                  <button
                    type="button"
                    className="primary-button"
                    disabled={busy}
                    onClick={() => void printFor(c, 'result')}
                  >
                    {/* Issued already: another copy of the same signed notice. */}
                    {c.status === 'issued'
                      ? t('progress.printResultAgain')
                      : t('progress.printResult')}
                  </button>
                ) : null}
                <button
                  type="button"
                  className="secondary-button"
                  disabled={busy}
                  onClick={() => void printFor(c, 'receipt')}
                >
                  {t('progress.reprint')}
                </button>
                {UNDECIDED.has(c.status) ? (
                  <button
                    type="button"
                    className="secondary-button"
                    disabled={busy}
                    onClick={() => withdraw(c)}
                  >
                    {t('progress.withdraw')}
                  </button>
                ) : null}
              </div>
            </section>
          )
        })}
      </Pages>
    </Screen>
  )
}
