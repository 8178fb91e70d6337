import { useEffect, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import {
  CommandKind,
  CommandListResponse,
  CommandResponse,
  type CommandView,
} from '../../../../common/signaling'
import { adminRequest } from '../admin-api'
import { ConsoleTable } from '../console-parts'
import { serverErrorText } from '../server-errors'

/** How often the list is read again while the page is open, so results show without a click. */
const REFRESH_MS = 3_000

/** What came of a command, in a few words. */
function useResultText(): (c: CommandView) => string {
  const { t } = useTranslation()
  return (c) => {
    if (c.state === 'failed') {
      const key = `clerk.fleet.error.${c.error ?? 'internal'}`
      return t(key, { defaultValue: t('clerk.fleet.error.other', { code: c.error }) })
    }
    const o = c.output
    if (c.state !== 'done' || !o) return ''
    switch (o.kind) {
      case 'self-test': {
        const failed = o.result.checks.filter((x) => x.status === 'fail').map((x) => x.part)
        return o.result.passed
          ? t('clerk.fleet.result.selfTestPassed')
          : t('clerk.fleet.result.selfTestFailed', { parts: failed.join('、') })
      }
      case 'catalog-refresh':
        return t(
          o.updated ? 'clerk.fleet.result.catalogUpdated' : 'clerk.fleet.result.catalogSame',
          {
            version: o.version,
          },
        )
      case 'upload-logs':
        return t('clerk.fleet.result.logs', { count: o.lines })
      case 'print-test-page':
        return t('clerk.fleet.result.printed')
      case 'reload':
        return t('clerk.fleet.result.reloaded')
    }
  }
}

/**
 * A terminal's remote commands (docs/fleet.md): one button per command, and the audit of what
 * was asked, by whom, when and what came of it, read again every 3 s. A command waits on the
 * terminal until no resident uses it, for at most 10 minutes.
 */
export function CommandsPanel({
  serverUrl,
  token,
  terminalId,
  canCommand,
}: {
  serverUrl: string
  token: string
  terminalId: string
  /** False for a revoked terminal: nothing could ever run. */
  canCommand: boolean
}): ReactElement {
  const { t, i18n } = useTranslation()
  const resultText = useResultText()
  const [commands, setCommands] = useState<CommandView[] | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState<CommandKind | null>(null)
  const [version, setVersion] = useState(0)
  const [logs, setLogs] = useState<{ id: string; text: string } | null>(null)

  useEffect(() => {
    let live = true
    const read = () =>
      void adminRequest(
        serverUrl,
        token,
        'GET',
        `/api/admin/terminals/${terminalId}/commands`,
        CommandListResponse,
      ).then((r) => {
        if (!live) return
        if (r.ok) setCommands(r.data.commands)
        else setProblem(serverErrorText(t, r.code))
      })
    read()
    const timer = setInterval(read, REFRESH_MS)
    return () => {
      live = false
      clearInterval(timer)
    }
  }, [serverUrl, token, terminalId, t, version])

  async function issue(kind: CommandKind): Promise<void> {
    setBusy(kind)
    const r = await adminRequest(
      serverUrl,
      token,
      'POST',
      `/api/admin/terminals/${terminalId}/commands`,
      CommandResponse,
      { kind },
    )
    setBusy(null)
    if (!r.ok) return setProblem(serverErrorText(t, r.code))
    setProblem(null)
    setVersion((v) => v + 1)
  }

  async function showLogs(id: string): Promise<void> {
    const r = await adminRequest(
      serverUrl,
      token,
      'GET',
      `/api/admin/commands/${id}`,
      CommandResponse,
    )
    if (!r.ok) return setProblem(serverErrorText(t, r.code))
    const o = r.data.command.output
    setLogs({ id, text: o?.kind === 'upload-logs' ? o.text : '' })
  }

  const when = (ms: number) =>
    new Date(ms).toLocaleString(i18n.language === 'en' ? 'en-GB' : 'zh-CN', {
      dateStyle: 'short',
      timeStyle: 'medium',
    })

  return (
    <section aria-labelledby="commands-title" className="fleet-commands">
      <h3 id="commands-title">{t('clerk.fleet.commandsTitle')}</h3>
      <p>{t('clerk.fleet.commandsLead')}</p>
      <div className="console-actions" role="group" aria-label={t('clerk.fleet.commandsTitle')}>
        {CommandKind.options.map((kind) => (
          <button
            key={kind}
            type="button"
            disabled={!canCommand || busy !== null}
            data-testid={`command-${kind}`}
            onClick={() => void issue(kind)}
          >
            {t(`clerk.fleet.kind.${kind}`)}
          </button>
        ))}
      </div>
      {problem ? (
        <p className="console-alert" role="alert" data-testid="commands-error">
          {problem}
        </p>
      ) : null}
      {commands && commands.length > 0 ? (
        <ConsoleTable
          testId="command-list"
          columns={[
            t('clerk.fleet.col.command'),
            t('clerk.fleet.col.state'),
            t('clerk.fleet.col.by'),
            t('clerk.fleet.col.issued'),
            t('clerk.fleet.col.finished'),
            t('clerk.fleet.col.result'),
          ]}
        >
          {commands.map((c) => (
            <tr key={c.id} data-testid={`command-row-${c.kind}`} data-state={c.state}>
              <td>{t(`clerk.fleet.kind.${c.kind}`)}</td>
              <td data-testid="command-state" className={`command-${c.state}`}>
                {t(`clerk.fleet.state.${c.state}`)}
              </td>
              <td>{c.issuedBy.displayName}</td>
              <td>{when(c.issuedAt)}</td>
              <td>{c.finishedAt ? when(c.finishedAt) : ''}</td>
              <td data-testid="command-result">
                {resultText(c)}
                {c.state === 'done' && c.output?.kind === 'upload-logs' ? (
                  <>
                    {' '}
                    <button type="button" onClick={() => void showLogs(c.id)}>
                      {t('clerk.fleet.showLogs')}
                    </button>
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </ConsoleTable>
      ) : commands ? (
        <p>{t('clerk.fleet.noCommands')}</p>
      ) : null}
      {logs ? (
        <figure className="fleet-logs">
          <figcaption>
            {t('clerk.fleet.logsTitle')}{' '}
            <button type="button" onClick={() => setLogs(null)}>
              {t('clerk.fleet.close')}
            </button>
          </figcaption>
          <pre data-testid="command-logs">{logs.text}</pre>
        </figure>
      ) : null}
    </section>
  )
}
