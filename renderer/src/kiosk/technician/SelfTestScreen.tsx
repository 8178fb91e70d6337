import { useEffect, useRef, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { SelfTestPart, type SelfTestResult } from '../../../../common/fleet/self-test'
import { speak } from '../../ui/speech'
import { Screen } from '../../ui/Screen'
import { factsText } from './facts'
import { runSelfTest } from './self-test-run'
import type { PartOutcome } from './self-test-verdicts'

type Row = { state: 'idle' | 'running' } | { state: 'done'; outcome: PartOutcome }

/**
 * 设备自检: one button tests everything, each part has its own. While a part runs the screen
 * shows what it needs: the camera's picture, the microphone's level, "place any card", and after
 * the tone 听到了 / 没听到. The result is kept and reported (self-test-run.ts).
 */
export function SelfTestScreen({ onDone }: { onDone?: (r: SelfTestResult) => void }): ReactElement {
  const { t, i18n } = useTranslation()
  const [rows, setRows] = useState<Record<SelfTestPart, Row>>(
    () =>
      Object.fromEntries(SelfTestPart.options.map((p) => [p, { state: 'idle' }])) as Record<
        SelfTestPart,
        Row
      >,
  )
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<SelfTestResult | null>(null)
  const [stream, setStream] = useState<MediaStream | null>(null)
  const [level, setLevel] = useState(0)
  const [asking, setAsking] = useState<((heard: boolean) => void) | null>(null)
  const video = useRef<HTMLVideoElement>(null)
  const done = useRef(onDone)
  useEffect(() => {
    done.current = onDone
  })

  useEffect(() => {
    if (video.current) video.current.srcObject = stream
  }, [stream])

  const partName = (p: SelfTestPart) => t(`technician.part.${p}`)

  async function run(parts?: SelfTestPart[]) {
    setBusy(true)
    setResult(null)
    try {
      const r = await runSelfTest({
        trigger: 'technician',
        interactive: true,
        ...(parts ? { parts } : {}),
        ui: {
          onPart: (part, state) =>
            setRows((rs) => ({
              ...rs,
              [part]:
                state === 'running' ? { state: 'running' } : { state: 'done', outcome: state },
            })),
          cameraPreview: setStream,
          micLevel: setLevel,
          askHeard: () =>
            new Promise<boolean>((resolve) => {
              speak(t('technician.selfTest.heard'), i18n.language)
              setAsking(() => (heard: boolean) => {
                setAsking(null)
                resolve(heard)
              })
            }),
        },
      })
      setResult(r)
      const failed = r.checks.filter((c) => c.status === 'fail').map((c) => partName(c.part))
      speak(
        r.passed
          ? t('technician.selfTest.passed')
          : t('technician.selfTest.failed', { parts: failed.join('、') }),
        i18n.language,
      )
      done.current?.(r)
    } finally {
      setBusy(false)
    }
  }

  const failedNames = result
    ? result.checks.filter((c) => c.status === 'fail').map((c) => partName(c.part))
    : []
  return (
    <Screen
      id="tech-self-test"
      title={t('technician.selfTest.title')}
      spoken={t('technician.selfTest.spoken')}
      actions={
        <button
          type="button"
          className="primary-button big"
          disabled={busy}
          onClick={() => void run()}
        >
          {busy ? t('technician.selfTest.running') : t('technician.selfTest.runAll')}
        </button>
      }
    >
      {result ? (
        <p
          className={`tech-verdict ${result.passed ? 'pass' : 'fail'}`}
          role="status"
          data-testid="self-test-verdict"
        >
          {result.passed
            ? t('technician.selfTest.passed')
            : t('technician.selfTest.failed', { parts: failedNames.join('、') })}
          <small> {t('technician.selfTest.remoteNote')}</small>
        </p>
      ) : null}
      <ul className="tech-parts">
        {SelfTestPart.options.map((p) => {
          const row = rows[p]
          const status = row.state === 'done' ? row.outcome.status : row.state
          const detail = row.state === 'done' ? row.outcome.detail : undefined
          return (
            <li key={p} className={`tech-part ${status}`} data-testid={`selftest-${p}`}>
              <div className="tech-part-head">
                <strong>{partName(p)}</strong>
                <span className="tech-status" data-testid="selftest-status">
                  {t(`technician.selfTest.result.${status}`)}
                  {detail ? `：${t(`technician.detail.${detail}`, { defaultValue: detail })}` : ''}
                </span>
                <button
                  type="button"
                  className="secondary-button tech-run-one"
                  disabled={busy}
                  aria-label={`${t('technician.selfTest.runOne')} ${partName(p)}`}
                  onClick={() => void run([p])}
                >
                  {t('technician.selfTest.runOne')}
                </button>
              </div>
              <p className="tech-facts" data-testid="selftest-facts">
                {row.state === 'done' ? factsText(t, p, row.outcome.facts) : null}
                {p === 'id-reader' && row.state === 'running'
                  ? t('technician.selfTest.placeCard')
                  : null}
              </p>
              {p === 'camera' && stream ? (
                <video
                  ref={video}
                  className="tech-preview"
                  autoPlay
                  muted
                  playsInline
                  aria-hidden="true"
                />
              ) : null}
              {p === 'microphone' && row.state === 'running' ? (
                <meter
                  className="tech-meter"
                  min={0}
                  max={100}
                  value={level}
                  aria-label={partName(p)}
                />
              ) : null}
              {p === 'speaker' && asking ? (
                <div
                  className="tech-heard"
                  role="group"
                  aria-label={t('technician.selfTest.heard')}
                >
                  <span>{t('technician.selfTest.heard')}</span>
                  <button type="button" className="primary-button" onClick={() => asking(true)}>
                    {t('technician.selfTest.heardYes')}
                  </button>
                  <button type="button" className="secondary-button" onClick={() => asking(false)}>
                    {t('technician.selfTest.heardNo')}
                  </button>
                </div>
              ) : null}
            </li>
          )
        })}
      </ul>
    </Screen>
  )
}
