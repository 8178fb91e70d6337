import { Ajv2020 } from 'ajv/dist/2020.js'
import { formFieldPaths } from '../../../common/catalog/form'
import {
  MAX_CATALOG_ISSUES,
  entryAt,
  parseDraft,
  type CatalogIssue,
} from '../../../common/catalog/publishing'
import type { Catalog, ServiceForm } from '../../../common/catalog/schema'

/**
 * A draft catalog checked as the centre publishes it: the schema (common/catalog/schema.ts,
 * issues naming entry and field), then what a schema cannot say about a form: its JSON Schema
 * compiles (Ajv 2020, strict, as the kiosk's validator and the centre's form check use it) and
 * every prefill lands on a field the form has.
 */
export function checkDraft(
  stamped: unknown,
): { ok: true; catalog: Catalog } | { ok: false; issues: CatalogIssue[] } {
  const parsed = parseDraft(stamped)
  if (!parsed.ok) return parsed
  const issues: CatalogIssue[] = []
  const ajv = new Ajv2020({ strict: true, allErrors: true })
  ajv.addFormat('date', /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/)
  const lists = [
    ['items', parsed.catalog.items],
    ['bundles', parsed.catalog.bundles],
  ] as const
  for (const [list, entries] of lists) {
    entries.forEach((e, i) => {
      const entry = entryAt(stamped, [list, i])!.entry
      for (const [field, detail] of formProblems(ajv, e.form))
        issues.push({ entry, field, problem: 'invalid_form', detail: detail.slice(0, 200) })
    })
  }
  return issues.length > 0
    ? { ok: false, issues: issues.slice(0, MAX_CATALOG_ISSUES) }
    : { ok: true, catalog: parsed.catalog }
}

function formProblems(ajv: Ajv2020, form: ServiceForm): [string, string][] {
  try {
    ajv.compile(form.schema)
  } catch (err) {
    return [['form.schema', (err as Error).message]]
  }
  const fields = new Set(formFieldPaths(form.schema))
  return form.prefill.flatMap((m, k): [string, string][] =>
    fields.has(m.to) ? [] : [[`form.prefill[${k}].to`, `no such field: ${m.to.slice(0, 80)}`]],
  )
}
