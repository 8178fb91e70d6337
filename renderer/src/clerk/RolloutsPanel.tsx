import { useEffect, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import {
  RolloutListResponse,
  RolloutResponse,
  type RolloutView,
} from '../../../common/fleet/rollout'
import { adminRequest } from './admin-api'
import { ConsoleTable } from './console-parts'
import { RolloutForm } from './RolloutForm'
import { serverErrorText } from './server-errors'

/** Read again this often while the panel is open: rings pass as terminals report. */
const REFRESH_MS = 10_000
/** Older rollouts than the newest few are history the panel does not need to show. */
const SHOWN = 3

/**
 * Staged updates for admins (docs/fleet.md): start a rollout, see each ring (how many terminals,
 * how many updated, failed, on their way), halt or resume it.
 */
export function RolloutsPanel({
  serverUrl,
  token,
}: {
  serverUrl: string
  token: string
}): ReactElement {
  const { t, i18n } = useTranslation()
  const [data, setData] = useState<RolloutListResponse | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [version, setVersion] = useState(0)

  useEffect(() => {
    let live = true
    const read = () =>
      void adminRequest(serverUrl, token, 'GET', '/api/admin/rollouts', RolloutListResponse).then(
        (r) => {
          if (!live) return
          if (r.ok) {
            setData(r.data)
            setProblem(null)
          } else setProblem(serverErrorText(t, r.code))
        },
      )
    read()
    const timer = setInterval(read, REFRESH_MS)
    return () => {
      live = false
      clearInterval(timer)
    }
  }, [serverUrl, token, t, version])

  async function act(r: RolloutView, action: 'halt' | 'resume'): Promise<void> {
    const answer = await adminRequest(
      serverUrl,
      token,
      'POST',
      `/api/admin/rollouts/${r.id}/${action}`,
      RolloutResponse,
    )
    if (!answer.ok) return setProblem(serverErrorText(t, answer.code))
    setVersion((v) => v + 1)
  }

  const when = (ms: number) =>
    new Date(ms).toLocaleString(i18n.language === 'en' ? 'en-GB' : 'zh-CN', {
      dateStyle: 'medium',
      timeStyle: 'short',
    })

  return (
    <section aria-labelledby="rollouts-title" className="console-panel">
      <h2 id="rollouts-title">{t('clerk.rollouts.title')}</h2>
      <p>{t('clerk.rollouts.lead')}</p>
      <RolloutForm
        serverUrl={serverUrl}
        token={token}
        releases={data?.releases ?? []}
        onCreated={() => setVersion((v) => v + 1)}
      />
      {problem ? (
        <p className="console-alert" role="alert" data-testid="rollouts-error">
          {problem}
        </p>
      ) : null}
      {data?.rollouts.length === 0 ? <p>{t('clerk.rollouts.none')}</p> : null}
      {data?.rollouts.slice(0, SHOWN).map((r) => (
        <article key={r.id} className="rollout" data-testid={`rollout-${r.version}`}>
          <h3>
            {t('clerk.rollouts.heading', { version: r.version, previous: r.previousVersion })}
            {' · '}
            <span data-testid="rollout-state">{t(`clerk.rollouts.state.${r.state}`)}</span>
          </h3>
          <p>
            {t('clerk.rollouts.created', {
              when: when(r.createdAt),
              share: Math.round(r.stopShare * 100),
            })}
            {r.haltReason ? ` ${t(`clerk.rollouts.haltReason.${r.haltReason}`)}` : ''}
          </p>
          <ConsoleTable
            testId="rollout-rings"
            columns={[
              t('clerk.rollouts.ring'),
              t('clerk.rollouts.ringState'),
              t('clerk.rollouts.terminals'),
              t('clerk.rollouts.succeeded'),
              t('clerk.rollouts.underway'),
              t('clerk.rollouts.failed'),
            ]}
          >
            {r.rings.map((g) => (
              <tr key={g.ring} data-testid={`ring-${g.ring}`}>
                <td>
                  {g.kind === 'pilot'
                    ? t('clerk.rollouts.pilotRing', { halls: r.pilotHalls.join('、') })
                    : t('clerk.rollouts.percentRing', { percent: g.upToPercent })}
                </td>
                <td>{t(`clerk.rollouts.ringStates.${g.state}`)}</td>
                <td>{g.terminals}</td>
                <td>{g.succeeded}</td>
                <td>{g.offered + g.started}</td>
                <td className={g.failed ? 'terminal-problem' : undefined}>{g.failed}</td>
              </tr>
            ))}
          </ConsoleTable>
          {r.state === 'running' ? (
            <button type="button" className="console-danger" onClick={() => void act(r, 'halt')}>
              {t('clerk.rollouts.halt')}
            </button>
          ) : r.state === 'halted' ? (
            <button type="button" onClick={() => void act(r, 'resume')}>
              {t('clerk.rollouts.resume')}
            </button>
          ) : null}
        </article>
      ))}
    </section>
  )
}
