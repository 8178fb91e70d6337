import { useMemo, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { Field } from '../console-parts'

type Json = Record<string, unknown>
type Draft = Json & { items: Json[]; categories: Json[] }

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const zh = (v: unknown) => (isRecord(v) && typeof v['zh-CN'] === 'string' ? v['zh-CN'] : '')
const str = (v: unknown) => (typeof v === 'string' ? v : '')

function read(text: string): Draft | null {
  try {
    const v = JSON.parse(text) as unknown
    return isRecord(v) && Array.isArray(v.items) && Array.isArray(v.categories)
      ? (v as Draft)
      : null
  } catch {
    return null
  }
}

/**
 * The draft's items with their simple fields (name, category, popular), and a new item copied
 * from one of them; each change is written back into the JSON, which stays the whole truth (the
 * centre's check judges it). Shown only while the JSON has an item list.
 */
export function DraftItems({
  text,
  onChange,
}: {
  text: string
  onChange: (text: string) => void
}): ReactElement | null {
  const { t } = useTranslation()
  const draft = useMemo(() => read(text), [text])
  const [template, setTemplate] = useState('')
  const [code, setCode] = useState('')
  const [name, setName] = useState('')
  if (!draft) return null

  const write = (change: (d: Draft) => void) => {
    const next = structuredClone(draft)
    change(next)
    onChange(JSON.stringify(next, null, 2))
  }
  const setItem = (i: number, key: string, value: unknown) =>
    write((d) => {
      d.items[i] = { ...d.items[i], [key]: value }
    })
  const categories = draft.categories.filter(isRecord)

  function addItem(): void {
    const from = draft!.items.find((i) => i.code === template) ?? draft!.items[0]
    if (!from || !code.trim() || !name.trim()) return
    write((d) => {
      // Its English name would be the template's: left out, the kiosk shows the Chinese one.
      d.items.unshift({
        ...structuredClone(from),
        code: code.trim(),
        name: { 'zh-CN': name.trim() },
        popular: true,
      })
    })
    setCode('')
    setName('')
  }

  return (
    <details className="catalog-items" open>
      <summary>{t('clerk.catalog.items', { count: draft.items.length })}</summary>
      <div className="catalog-items-scroll">
        <table className="console-table" data-testid="catalog-items">
          <thead>
            <tr>
              <th>{t('clerk.catalog.code')}</th>
              <th>{t('clerk.catalog.name')}</th>
              <th>{t('clerk.catalog.category')}</th>
              <th>{t('clerk.catalog.popular')}</th>
              <th>{t('clerk.catalog.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {draft.items.map((item, i) => (
              <tr key={i} data-testid={`catalog-item-${str(item.code)}`}>
                <td>{str(item.code)}</td>
                <td>
                  <input
                    aria-label={t('clerk.catalog.nameOf', { code: str(item.code) })}
                    value={zh(item.name)}
                    onChange={(e) =>
                      setItem(i, 'name', {
                        ...(isRecord(item.name) ? item.name : {}),
                        'zh-CN': e.target.value,
                      })
                    }
                  />
                </td>
                <td>
                  <select
                    aria-label={t('clerk.catalog.categoryOf', { code: str(item.code) })}
                    value={str(item.categoryId)}
                    onChange={(e) => setItem(i, 'categoryId', e.target.value)}
                  >
                    {categories.map((c) => (
                      <option key={str(c.id)} value={str(c.id)}>
                        {zh(c.name) || str(c.id)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={t('clerk.catalog.popularOf', { code: str(item.code) })}
                    checked={item.popular === true}
                    onChange={(e) => setItem(i, 'popular', e.target.checked)}
                  />
                </td>
                <td>
                  <button type="button" onClick={() => write((d) => void d.items.splice(i, 1))}>
                    {t('clerk.catalog.removeItem')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="console-form staff-form" data-testid="catalog-new-item">
        <label className="field">
          {t('clerk.catalog.template')}
          <select value={template} onChange={(e) => setTemplate(e.target.value)}>
            {draft.items.map((item) => (
              <option key={str(item.code)} value={str(item.code)}>
                {zh(item.name)} ({str(item.code)})
              </option>
            ))}
          </select>
        </label>
        <Field
          label={t('clerk.catalog.newCode')}
          name="newCode"
          value={code}
          maxLength={64}
          onChange={(e) => setCode(e.target.value.toUpperCase())}
        />
        <Field
          label={t('clerk.catalog.newName')}
          name="newName"
          value={name}
          maxLength={60}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="button" disabled={!code.trim() || !name.trim()} onClick={addItem}>
          {t('clerk.catalog.addItem')}
        </button>
      </div>
    </details>
  )
}
