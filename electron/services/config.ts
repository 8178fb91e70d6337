import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { AppRole, Locale } from '../../common/domain/app-info'
import { DEBIAN_ZH_CN_MODEL } from './text-entry/recogniser'
import { UpdatesConfig } from './updates/install-gate'

/**
 * The terminal's configuration: a JSON file written at provisioning, overridable by
 * environment variables for development. Unknown keys are rejected so a typo is not silently
 * ignored on a terminal in the field.
 */
export const TerminalConfig = z
  .object({
    role: AppRole.default('kiosk'),
    terminalName: z.string().min(1).max(100).default('演示终端'),
    hallName: z.string().min(1).max(100).default('示范村便民服务站'),
    serverUrl: z.string().url().default('http://127.0.0.1:8443'),
    devices: z.enum(['hardware', 'sim', 'replay']).default('sim'),
    defaultLocale: Locale.default('zh-CN'),
    /** Where the outbox and other state live. */
    dataDir: z.string().min(1).default('.data/kiosk'),
    /** The terminal credential written at enrolment (JSON: terminalId, credential). */
    credentialFile: z.string().min(1).default('.data/demo-terminal.json'),
    /** The Zinnia handwriting model (Debian's tegaki-zinnia-simplified-chinese by default). */
    handwritingModel: z.string().min(1).default(DEBIAN_ZH_CN_MODEL),
    /** Development builds keep DevTools; a terminal never does. */
    production: z.boolean().default(true),
    /** Staged updates from the centre's feed (docs/fleet.md); packaged builds only. */
    updates: UpdatesConfig.prefault({}),
  })
  .strict()
export type TerminalConfig = z.infer<typeof TerminalConfig>

const envKeys: Record<string, keyof TerminalConfig> = {
  KIOSK_ROLE: 'role',
  KIOSK_TERMINAL_NAME: 'terminalName',
  KIOSK_HALL_NAME: 'hallName',
  KIOSK_SERVER_URL: 'serverUrl',
  KIOSK_DEVICES: 'devices',
  KIOSK_LOCALE: 'defaultLocale',
  KIOSK_DATA_DIR: 'dataDir',
  KIOSK_CREDENTIAL_FILE: 'credentialFile',
  KIOSK_HANDWRITING_MODEL: 'handwritingModel',
}

export function loadTerminalConfig(env: NodeJS.ProcessEnv, file?: string): TerminalConfig {
  const fromFile: unknown = file ? JSON.parse(readFileSync(file, 'utf8')) : {}
  const fromEnv: Record<string, unknown> = {}
  for (const [envKey, key] of Object.entries(envKeys)) {
    const value = env[envKey]
    if (value !== undefined && value !== '') fromEnv[key] = value
  }
  if (env.KIOSK_DEV === '1') fromEnv.production = false
  const merged = { ...(fromFile as object), ...fromEnv }
  const parsed = TerminalConfig.safeParse(merged)
  if (!parsed.success) {
    throw new Error(`invalid terminal configuration: ${z.prettifyError(parsed.error)}`)
  }
  return parsed.data
}
