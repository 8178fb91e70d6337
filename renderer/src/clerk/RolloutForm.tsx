import { useState, type FormEvent, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { RolloutCreate, RolloutResponse } from '../../../common/fleet/rollout'
import { adminRequest } from './admin-api'
import { Field } from './console-parts'
import { serverErrorText } from './server-errors'

type Local = 'versionRequired' | 'hallsRequired' | 'stepsInvalid' | 'stopInvalid'

/** Numbers from "10, 50, 100" (also with 、 or spaces); null when one is not a whole number. */
const numbers = (text: string): number[] | null => {
  const parts = text.split(/[\s,，、]+/).filter(Boolean)
  const out = parts.map(Number)
  return parts.length && out.every(Number.isInteger) ? out : null
}

/**
 * A new rollout (admins only): the version from the centre's update folder, the pilot halls, the
 * percentage steps for the other terminals, and the failure share that halts a ring.
 */
export function RolloutForm({
  serverUrl,
  token,
  releases,
  onCreated,
}: {
  serverUrl: string
  token: string
  releases: readonly string[]
  onCreated: () => void
}): ReactElement {
  const { t } = useTranslation()
  const [version, setVersion] = useState('')
  const [previous, setPrevious] = useState('')
  const [halls, setHalls] = useState('')
  const [steps, setSteps] = useState('10, 50, 100')
  const [stop, setStop] = useState('5')
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<{ local: Local } | { server: string } | null>(null)

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault()
    const pilotHalls = halls
      .split(/[,，、\n]+/)
      .map((h) => h.trim())
      .filter(Boolean)
    const stepList = numbers(steps)
    const stopPercent = Number(stop)
    if (!version.trim()) return setProblem({ local: 'versionRequired' })
    if (!pilotHalls.length) return setProblem({ local: 'hallsRequired' })
    if (!Number.isFinite(stopPercent) || stopPercent <= 0 || stopPercent > 100)
      return setProblem({ local: 'stopInvalid' })
    const body = {
      version: version.trim(),
      ...(previous.trim() ? { previousVersion: previous.trim() } : {}),
      pilotHalls,
      steps: stepList ?? [],
      stopShare: stopPercent / 100,
    }
    if (!RolloutCreate.safeParse(body).success) return setProblem({ local: 'stepsInvalid' })
    setBusy(true)
    setProblem(null)
    const r = await adminRequest(
      serverUrl,
      token,
      'POST',
      '/api/admin/rollouts',
      RolloutResponse,
      body,
    )
    setBusy(false)
    if (!r.ok) return setProblem({ server: r.code })
    onCreated()
  }

  const problemText =
    problem === null
      ? null
      : 'server' in problem
        ? serverErrorText(t, problem.server)
        : t(`clerk.rollouts.${problem.local}`)

  return (
    <>
      <form className="console-form rollout-form" onSubmit={(e) => void submit(e)} noValidate>
        <Field
          label={t('clerk.rollouts.version')}
          name="version"
          list="rollout-releases"
          maxLength={40}
          value={version}
          onChange={(e) => setVersion(e.target.value)}
        />
        <datalist id="rollout-releases">
          {releases.map((v) => (
            <option key={v} value={v} />
          ))}
        </datalist>
        <Field
          label={t('clerk.rollouts.previousVersion')}
          name="previousVersion"
          list="rollout-releases"
          maxLength={40}
          value={previous}
          placeholder={t('clerk.rollouts.previousHint')}
          onChange={(e) => setPrevious(e.target.value)}
        />
        <Field
          label={t('clerk.rollouts.pilotHalls')}
          name="pilotHalls"
          maxLength={800}
          value={halls}
          placeholder={t('clerk.rollouts.pilotHallsExample')}
          onChange={(e) => setHalls(e.target.value)}
        />
        <Field
          label={t('clerk.rollouts.steps')}
          name="steps"
          maxLength={60}
          value={steps}
          onChange={(e) => setSteps(e.target.value)}
        />
        <Field
          label={t('clerk.rollouts.stopShare')}
          name="stopShare"
          inputMode="numeric"
          value={stop}
          onChange={(e) => setStop(e.target.value.replace(/[^\d.]/g, '').slice(0, 5))}
        />
        <button type="submit" className="console-primary" disabled={busy}>
          {busy ? t('clerk.rollouts.creating') : t('clerk.rollouts.create')}
        </button>
      </form>
      {problemText ? (
        <p className="console-alert" role="alert" data-testid="rollout-error">
          {problemText}
        </p>
      ) : null}
    </>
  )
}
