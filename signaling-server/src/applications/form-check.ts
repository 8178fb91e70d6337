import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import type { Application } from '../../../common/applications/schema'
import { formForCard, videoIdentityFields } from '../../../common/catalog/card-form'
import type { Catalog, ServiceForm } from '../../../common/catalog/schema'
import { cardTypeOfNumber } from '../../../common/devices/id-number'

export type FormCheck =
  | { kind: 'valid' }
  /** The application names another catalog version: its form is not known here. */
  | { kind: 'unchecked' }
  | { kind: 'invalid'; issues: { path: string; message: string }[] }

/**
 * Checks `formData` against the item's (or bundle's) form JSON Schema again on the centre: the
 * kiosk validated it, but the centre must not trust a terminal. Only for `catalog`'s own version
 * (the caller hands it the version the application names, when the centre published it): an
 * application filled in from a version the centre does not have is accepted as it is rather than
 * refused for a form the resident never saw. The form is the one for the applicant's
 * card type (common/catalog/card-form.ts), which the number tells. Issues carry paths, never
 * values.
 */
export function createFormChecker(catalog: Catalog): (app: Application) => FormCheck {
  const ajv = new Ajv2020({ allErrors: true, strict: false })
  ajv.addFormat('date', /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/)
  const compiled = new WeakMap<ServiceForm, ValidateFunction>()
  const formOf = (app: Application) =>
    app.kind === 'item'
      ? catalog.items.find((i) => i.code === app.code)?.form
      : catalog.bundles.find((b) => b.code === app.code)?.form
  return (app) => {
    if (app.catalogVersion !== catalog.version) return { kind: 'unchecked' }
    const written = formOf(app)
    if (!written) return { kind: 'unchecked' }
    const form = formForCard(
      written,
      cardTypeOfNumber(app.applicant.idNumber) ?? 'resident',
      app.applicant.identityCheck ? videoIdentityFields(true) : undefined,
    )
    let validate = compiled.get(form)
    if (!validate) compiled.set(form, (validate = ajv.compile(form.schema)))
    if (validate(app.formData)) return { kind: 'valid' }
    return {
      kind: 'invalid',
      issues: (validate.errors ?? []).slice(0, 20).map((e) => ({
        // Bounded: the keys in the path are the caller's text.
        path: (
          'formData' +
          (e.instancePath.replace(/\//g, '.') || '') +
          (e.keyword === 'required' ? `.${String(e.params.missingProperty)}` : '')
        ).slice(0, 200),
        message: e.keyword,
      })),
    }
  }
}
