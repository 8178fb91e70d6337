import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js'
import { localizeForm } from '../../../../common/catalog/form'
import type { ServiceForm } from '../../../../common/catalog/schema'

type Json = Record<string, unknown>
type Text = { 'zh-CN': string; en: string }

/**
 * The form's JSON Schema checked with ajv here, in the main process: the renderer's CSP forbids
 * the `new Function` that ajv compiles with. Messages say what to do, in words a resident knows,
 * using the field's own title and help text.
 */
export class FormValidator {
  private readonly ajv = new Ajv2020({ allErrors: true, strict: false })
  private readonly compiled = new WeakMap<ServiceForm, ValidateFunction>()

  constructor() {
    this.ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/)
  }

  /**
   * Compiles forms in the background, one per task: the first compile here costs ~100 ms (ajv's
   * own start-up), which the first resident's "下一步" would otherwise wait for.
   */
  warm(forms: readonly ServiceForm[]): void {
    const queue = forms.filter((f) => !this.compiled.has(f))
    const next = (): void => {
      const form = queue.shift()
      if (!form) return
      try {
        this.compile(form)
      } catch {
        // a form ajv refuses fails the same way when used, and is reported there
      }
      setTimeout(next, 0).unref?.()
    }
    setTimeout(next, 0).unref?.()
  }

  /** Whether a form is compiled already (for tests). */
  isCompiled(form: ServiceForm): boolean {
    return this.compiled.has(form)
  }

  private compile(form: ServiceForm): ValidateFunction {
    let fn = this.compiled.get(form)
    if (!fn) {
      fn = this.ajv.compile(form.schema)
      this.compiled.set(form, fn)
    }
    return fn
  }

  validate(form: ServiceForm, data: Json, section = ''): { path: string; message: Text }[] {
    const fn = this.compile(form)
    fn(stripEmpty(data))
    const zh = localizeForm(form, 'zh-CN')
    const en = localizeForm(form, 'en')
    const out: { path: string; message: Text }[] = []
    const seen = new Set<string>()
    for (const e of fn.errors ?? []) {
      const path = errorPath(e)
      if (section && path !== section && !path.startsWith(`${section}.`)) continue
      if (seen.has(path)) continue
      // oneOf reports one error per option; one message per field is enough.
      seen.add(path)
      out.push({
        path,
        message: {
          'zh-CN': messageFor(e, field(zh.schema as Json, zh.uiSchema as Json, path), 'zh-CN'),
          en: messageFor(e, field(en.schema as Json, en.uiSchema as Json, path), 'en'),
        },
      })
    }
    return out
  }
}

/** rjsf leaves '' for an emptied text box; the schema means "not filled in". */
function stripEmpty(v: unknown): Json {
  if (Array.isArray(v)) return v.map((x) => stripEmpty(x)) as unknown as Json
  if (typeof v !== 'object' || v === null) return v as Json
  const out: Json = {}
  for (const [k, x] of Object.entries(v)) {
    if (x === '' || x === undefined || x === null) continue
    out[k] = typeof x === 'object' ? stripEmpty(x) : x
  }
  return out
}

function errorPath(e: ErrorObject): string {
  const parts = e.instancePath.split('/').filter(Boolean)
  if (e.keyword === 'required')
    parts.push((e.params as { missingProperty: string }).missingProperty)
  return parts.filter((p) => !/^\d+$/.test(p)).join('.')
}

function field(schema: Json, ui: Json, path: string): { title: string; help?: string } {
  let node: Json | undefined = schema
  let uiNode: Json | undefined = ui
  for (const key of path.split('.').filter(Boolean)) {
    const props = (node?.properties ?? (node?.items as Json | undefined)?.properties) as
      Json | undefined
    node = props?.[key] as Json | undefined
    uiNode =
      ((uiNode?.[key] ?? (uiNode?.items as Json | undefined)?.[key]) as Json | undefined) ??
      undefined
  }
  const title = typeof node?.title === 'string' ? node.title : ''
  const help = typeof uiNode?.['ui:help'] === 'string' ? (uiNode['ui:help'] as string) : undefined
  return help ? { title, help } : { title }
}

function messageFor(
  e: ErrorObject,
  f: { title: string; help?: string },
  lang: 'zh-CN' | 'en',
): string {
  const zh = lang === 'zh-CN'
  const t = f.title || (zh ? '这一项' : 'This item')
  const help = f.help ? (zh ? `。${f.help}` : `. ${f.help}`) : ''
  switch (e.keyword) {
    case 'required':
    case 'minLength':
    case 'minItems':
      return zh ? `请填写“${t}”${help}` : `Please fill in “${t}”${help}`
    case 'oneOf':
    case 'anyOf':
    case 'enum':
    case 'const':
      return zh ? `请在“${t}”中选择一项` : `Please choose one option for “${t}”`
    case 'pattern':
    case 'format':
      return zh
        ? `“${t}”的格式不对${help || '，请检查'}`
        : `“${t}” does not look right${help || '; please check it'}`
    case 'type':
      return zh ? `“${t}”请只填数字` : `“${t}”: digits only, please`
    case 'maxLength':
      return zh ? `“${t}”太长了，请写短一些` : `“${t}” is too long`
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return zh ? `“${t}”的数值不在允许的范围内` : `“${t}” is outside the allowed range`
    default:
      return zh ? `“${t}”填写有误，请检查` : `Please check “${t}”`
  }
}
