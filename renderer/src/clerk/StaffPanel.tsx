import { useEffect, useState, type FormEvent, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import {
  StaffListResponse,
  StaffPasswordResponse,
  StaffResponse,
  StaffRole,
  type StaffView,
} from '../../../common/signaling'
import { adminRequest } from './admin-api'
import { categoryName, useCentreCategories, type CentreCategory } from './categories'
import { ConsoleTable, Field } from './console-parts'
import { serverErrorText } from './server-errors'

type Shown = { username: string; password: string }

/**
 * Staff accounts, for admins: the list, a new account (the centre generates its password and
 * this panel shows it once), a clerk's role and categories, disable / enable, password reset.
 */
export function StaffPanel({
  serverUrl,
  token,
  ownUsername,
}: {
  serverUrl: string
  token: string
  /** The admin's own account: it cannot be disabled or demoted here. */
  ownUsername: string
}): ReactElement {
  const { t, i18n } = useTranslation()
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN'
  const categories = useCentreCategories(serverUrl)
  const [staff, setStaff] = useState<StaffView[] | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [shown, setShown] = useState<Shown | null>(null)
  const [editing, setEditing] = useState<string | null>(null)

  // Bumped after every change: the list is read again from the centre.
  const [version, setVersion] = useState(0)
  useEffect(() => {
    let live = true
    void adminRequest(serverUrl, token, 'GET', '/api/admin/staff', StaffListResponse).then((r) => {
      if (!live) return
      if (r.ok) setStaff(r.data.staff)
      else setProblem(serverErrorText(t, r.code))
    })
    return () => {
      live = false
    }
  }, [serverUrl, token, t, version])

  async function act(
    path: string,
    method: 'POST' | 'PATCH',
    body?: unknown,
    withPassword = false,
  ): Promise<boolean> {
    setProblem(null)
    const schema = withPassword ? StaffPasswordResponse : StaffResponse
    const r = await adminRequest(serverUrl, token, method, path, schema, body)
    if (!r.ok) {
      setProblem(serverErrorText(t, r.code))
      return false
    }
    const made = StaffPasswordResponse.safeParse(r.data)
    if (made.success) setShown({ username: made.data.staff.username, password: made.data.password })
    setVersion((v) => v + 1)
    return true
  }

  return (
    <section aria-labelledby="staff-title" className="console-panel">
      <h2 id="staff-title">{t('clerk.staff.title')}</h2>
      <NewAccount
        categories={categories}
        onCreate={(body) => act('/api/admin/staff', 'POST', body, true)}
      />
      {problem ? (
        <p className="console-alert" role="alert" data-testid="staff-error">
          {problem}
        </p>
      ) : null}
      {shown ? (
        <div className="console-notice" role="status" data-testid="staff-password">
          <p>{t('clerk.staff.passwordOnce', { username: shown.username })}</p>
          <p className="enrol-code">{shown.password}</p>
          <button type="button" onClick={() => setShown(null)}>
            {t('clerk.staff.passwordNoted')}
          </button>
        </div>
      ) : null}
      {staff ? (
        <ConsoleTable
          testId="staff-list"
          columns={[
            t('clerk.staff.displayName'),
            t('clerk.staff.username'),
            t('clerk.staff.role'),
            t('clerk.staff.categories'),
            t('clerk.staff.status'),
            t('clerk.staff.actions'),
          ]}
        >
          {staff.map((s) =>
            editing === s.id ? (
              <EditRow
                key={s.id}
                staff={s}
                categories={categories}
                own={s.username === ownUsername}
                onCancel={() => setEditing(null)}
                onSave={async (body) => {
                  if (await act(`/api/admin/staff/${s.id}`, 'PATCH', body)) setEditing(null)
                }}
              />
            ) : (
              <tr key={s.id} data-testid={`staff-${s.username}`}>
                <td>{s.displayName}</td>
                <td>{s.username}</td>
                <td>{t(`clerk.role.${s.role}`)}</td>
                <td>
                  {s.categories.map((c) => categoryName(categories, c, lang)).join('、') || '—'}
                </td>
                <td>
                  {s.disabledAt === null ? t('clerk.staff.active') : t('clerk.staff.disabled')}
                </td>
                <td className="console-actions">
                  <button type="button" onClick={() => setEditing(s.id)}>
                    {t('clerk.staff.edit')}
                  </button>
                  <button
                    type="button"
                    onClick={() =>
                      void act(`/api/admin/staff/${s.id}/reset-password`, 'POST', undefined, true)
                    }
                  >
                    {t('clerk.staff.resetPassword')}
                  </button>
                  {s.username === ownUsername ? null : s.disabledAt === null ? (
                    <button
                      type="button"
                      onClick={() => void act(`/api/admin/staff/${s.id}/disable`, 'POST')}
                    >
                      {t('clerk.staff.disable')}
                    </button>
                  ) : (
                    <button
                      type="button"
                      onClick={() => void act(`/api/admin/staff/${s.id}/enable`, 'POST')}
                    >
                      {t('clerk.staff.enable')}
                    </button>
                  )}
                </td>
              </tr>
            ),
          )}
        </ConsoleTable>
      ) : null}
    </section>
  )
}

function CategoryChoice({
  categories,
  value,
  onChange,
}: {
  categories: CentreCategory[] | null
  value: string[]
  onChange: (v: string[]) => void
}): ReactElement {
  const { t, i18n } = useTranslation()
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN'
  return (
    <fieldset className="console-choices">
      <legend>{t('clerk.staff.categories')}</legend>
      {(categories ?? []).map((c) => (
        <label key={c.id}>
          <input
            type="checkbox"
            checked={value.includes(c.id)}
            onChange={(e) =>
              onChange(e.target.checked ? [...value, c.id] : value.filter((v) => v !== c.id))
            }
          />
          {categoryName(categories, c.id, lang)}
        </label>
      ))}
    </fieldset>
  )
}

function RoleChoice({
  value,
  onChange,
  disabled,
}: {
  value: StaffRole
  onChange: (r: StaffRole) => void
  disabled?: boolean
}): ReactElement {
  const { t } = useTranslation()
  return (
    <label className="field">
      {t('clerk.staff.role')}
      <select
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(StaffRole.parse(e.target.value))}
      >
        {StaffRole.options.map((r) => (
          <option key={r} value={r}>
            {t(`clerk.role.${r}`)}
          </option>
        ))}
      </select>
    </label>
  )
}

function NewAccount({
  categories,
  onCreate,
}: {
  categories: CentreCategory[] | null
  onCreate: (body: unknown) => Promise<boolean>
}): ReactElement {
  const { t } = useTranslation()
  const [username, setUsername] = useState('')
  const [displayName, setDisplayName] = useState('')
  const [role, setRole] = useState<StaffRole>('clerk')
  const [chosen, setChosen] = useState<string[]>([])
  const [local, setLocal] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault()
    if (!/^[a-z0-9][a-z0-9._-]{1,63}$/.test(username))
      return setLocal(t('clerk.staff.usernameRule'))
    if (!displayName.trim()) return setLocal(t('clerk.staff.displayNameRequired'))
    setLocal(null)
    setBusy(true)
    const ok = await onCreate({
      username,
      displayName: displayName.trim(),
      role,
      categories: role === 'clerk' ? chosen : [],
    })
    setBusy(false)
    if (ok) {
      setUsername('')
      setDisplayName('')
      setChosen([])
    }
  }

  return (
    <form className="console-form staff-form" onSubmit={(e) => void submit(e)} noValidate>
      <h3>{t('clerk.staff.add')}</h3>
      <Field
        label={t('clerk.staff.username')}
        name="username"
        autoComplete="off"
        maxLength={64}
        value={username}
        onChange={(e) => setUsername(e.target.value.trim().toLowerCase())}
      />
      <Field
        label={t('clerk.staff.displayName')}
        name="displayName"
        maxLength={40}
        value={displayName}
        onChange={(e) => setDisplayName(e.target.value)}
      />
      <RoleChoice value={role} onChange={setRole} />
      {role === 'clerk' ? (
        <CategoryChoice categories={categories} value={chosen} onChange={setChosen} />
      ) : null}
      <button type="submit" className="console-primary" disabled={busy}>
        {t('clerk.staff.create')}
      </button>
      {local ? (
        <p className="console-alert" role="alert">
          {local}
        </p>
      ) : null}
    </form>
  )
}

function EditRow({
  staff,
  categories,
  own,
  onSave,
  onCancel,
}: {
  staff: StaffView
  categories: CentreCategory[] | null
  own: boolean
  onSave: (body: unknown) => Promise<void>
  onCancel: () => void
}): ReactElement {
  const { t } = useTranslation()
  const [displayName, setDisplayName] = useState(staff.displayName)
  const [role, setRole] = useState<StaffRole>(staff.role)
  const [chosen, setChosen] = useState<string[]>(staff.categories)
  return (
    <tr data-testid={`staff-edit-${staff.username}`}>
      <td colSpan={6}>
        <div className="console-form staff-form">
          <Field
            label={t('clerk.staff.displayName')}
            name="displayName"
            maxLength={40}
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
          />
          <RoleChoice value={role} onChange={setRole} disabled={own} />
          {role === 'clerk' ? (
            <CategoryChoice categories={categories} value={chosen} onChange={setChosen} />
          ) : null}
          <div className="console-actions">
            <button
              type="button"
              className="console-primary"
              onClick={() =>
                void onSave({
                  displayName: displayName.trim() || staff.displayName,
                  role,
                  categories: role === 'clerk' ? chosen : [],
                })
              }
            >
              {t('clerk.staff.save')}
            </button>
            <button type="button" onClick={onCancel}>
              {t('clerk.staff.cancel')}
            </button>
          </div>
        </div>
      </td>
    </tr>
  )
}
