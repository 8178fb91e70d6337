import Form from '@rjsf/core'
import type { ErrorSchema, RJSFSchema, UiSchema } from '@rjsf/utils'
import { useEffect, useMemo, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { applyPrefill, localizeForm } from '../../../../common/catalog/form'
import { formForCard, videoIdentityFields } from '../../../../common/catalog/card-form'
import { findEntry } from '../../../../common/catalog/schema'
import { bridge } from '../../platform/bridge'
import { Screen } from '../../ui/Screen'
import { speak } from '../../ui/speech'
import { cardValues } from '../card-values'
import { Proposals } from '../Proposals'
import { useKiosk } from '../store'
import { KioskFieldTemplate, KioskObjectTemplate, kioskWidgets, shallowValidator } from './widgets'

type Json = Record<string, unknown>

function errorSchemaOf(errors: { path: string; message: string }[]): ErrorSchema {
  const root: Json = {}
  for (const e of errors) {
    let node = root
    for (const key of e.path.split('.').filter(Boolean)) {
      node[key] ??= {}
      node = node[key] as Json
    }
    ;((node.__errors ??= []) as string[]).push(e.message)
  }
  return root as ErrorSchema
}

/**
 * The item's one form, one section per screen (at most one decision per screen), prefilled from
 * the card. "下一步" asks the main process to validate the section (ajv there; CSP here).
 */
export default function FormScreen(): ReactElement {
  const { t, i18n } = useTranslation()
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN'
  const { catalog, code, card, identityByVideo, formData, formPage, returnTo, set } = useKiosk()
  const entry = catalog && code ? findEntry(catalog, code)?.entry : undefined
  // The form as the card's holder sees it: what the card type lacks is asked or dropped, and
  // the number is labelled after the document held (common/catalog/card-form.ts).
  // Checked by video: only what the clerk gave (and the number tells) is prefilled.
  const fields = identityByVideo ? videoIdentityFields(card?.address !== undefined) : undefined
  const form = entry ? formForCard(entry.form, card?.cardType ?? 'resident', fields) : undefined
  const localized = useMemo(() => (form ? localizeForm(form, lang) : null), [form, lang])
  const [errors, setErrors] = useState<{ path: string; message: string }[]>([])
  const [checking, setChecking] = useState(false)

  useEffect(() => {
    if (form && card) set({ formData: applyPrefill(form, cardValues(card), formData) })
    // Prefill once per entry / card; the resident's later edits are kept.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [entry, card])

  if (!entry || !localized) return <Screen id="form" title={t('errors.INTERNAL')} />
  const schema = localized.schema as Json & { properties: Json; required?: string[] }
  const ui = localized.uiSchema as Json
  const order = ((ui['ui:order'] as string[] | undefined) ?? Object.keys(schema.properties)).filter(
    (k) => k in schema.properties,
  )
  const key = order[Math.min(formPage, order.length - 1)] as string
  const section = schema.properties[key] as Json
  const pageSchema: RJSFSchema = {
    type: 'object',
    properties: { [key]: section },
    required: schema.required?.includes(key) ? [key] : [],
  } as RJSFSchema
  const pageUi: UiSchema = {
    [key]: ui[key] as UiSchema,
    'ui:submitButtonOptions': { norender: true },
  }
  const title = t('form.title', { page: formPage + 1, total: order.length })

  async function next() {
    const b = bridge()
    if (!b || !code) return
    setChecking(true)
    try {
      const res = await b.request('form:validate', { code, data: formData, section: key })
      const list = res.errors.map((e) => ({ path: e.path, message: e.message[lang] }))
      setErrors(list)
      if (list.length > 0) {
        requestAnimationFrame(() =>
          document.querySelector('.has-error')?.scrollIntoView({ block: 'center' }),
        )
        speak(t('form.fix', { count: list.length }) + '。' + (list[0]?.message ?? ''), lang)
        return
      }
      if (returnTo === 'review') set({ screen: 'review', returnTo: null })
      else if (formPage + 1 < order.length) set({ formPage: formPage + 1 })
      else set({ screen: 'materials', materialIndex: 0 })
    } finally {
      setChecking(false)
    }
  }

  return (
    <Screen
      id="form"
      title={`${title}：${String(section.title ?? '')}`}
      spoken={t('form.spoken', { section: String(section.title ?? '') })}
      actions={
        <>
          {formPage > 0 ? (
            <button
              type="button"
              className="secondary-button"
              onClick={() => {
                setErrors([])
                set({ formPage: formPage - 1 })
              }}
            >
              {t('kiosk.previous')}
            </button>
          ) : null}
          <button
            type="button"
            className="primary-button big"
            disabled={checking}
            onClick={() => void next()}
          >
            {returnTo === 'review' ? t('review.backToReview') : t('kiosk.next')}
          </button>
        </>
      }
    >
      {errors.length > 0 ? (
        <p className="form-summary" role="alert">
          {t('form.fix', { count: errors.length })}
        </p>
      ) : null}
      <Proposals section={key} schema={localized.schema as Json} />
      <Form
        key={key}
        schema={pageSchema}
        uiSchema={pageUi}
        formData={{ [key]: formData[key] }}
        validator={shallowValidator}
        widgets={kioskWidgets}
        templates={{ FieldTemplate: KioskFieldTemplate, ObjectFieldTemplate: KioskObjectTemplate }}
        extraErrors={errorSchemaOf(errors)}
        showErrorList={false}
        noHtml5Validate
        onChange={(e) => {
          const value = (e.formData as Json | undefined)?.[key]
          set({ formData: { ...useKiosk.getState().formData, [key]: value } })
        }}
      />
    </Screen>
  )
}
