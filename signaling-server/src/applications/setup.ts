import { hkdfSync } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { networkInterfaces } from 'node:os'
import { resolve } from 'node:path'
import { sampleCatalog } from '../../../common/catalog/sample'
import type { PinoLogger as Logger } from '../../../node-common/logger'
import { resultSealKey } from '../results/service'
import { CalendarYears, chineseWorkCalendar, type WorkCalendar } from '../cases/calendar'
import { DATA_KEY_ENV, loadOrCreateKeyFile, parseDataKey } from './crypto'
import { seedDemoCases } from './demo'
import {
  openApplicationsService,
  type ApplicationsService,
  type ApplicationsServiceOptions,
} from './index'
import type { RecordsStore } from './records'
import type { ResultSigner } from '../cases/result-notice'

export interface ApplicationsCliOptions {
  /** `--data-key-file` or SERVER_DATA_KEY_FILE; used when SERVER_DATA_KEY is not set. */
  keyFile?: string
  /** `--public-url` or SERVER_PUBLIC_URL: where kiosks and receipts' QR codes reach the centre. */
  publicUrl: string
  demo: boolean
  /** Opens the result notices' signing service with its seal key (cli.ts: openResults). */
  openResults?: (sealKey: Buffer) => ResultSigner
}

/**
 * Where receipts' QR codes point when `--public-url` / SERVER_PUBLIC_URL is not given: the
 * address the server listens on, or, listening on every interface, this machine's first LAN
 * address (so a phone on the hall's network can open it). A deployment sets the real one.
 */
export function defaultPublicUrl(host: string, port: number | string): string {
  if (host === '0.0.0.0' || host === '::') {
    const lan = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal)
    if (lan) return `http://${lan.address}:${port}`
  }
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`
}

/**
 * The data key from SERVER_DATA_KEY (base64, 32 bytes; e.g. injected by systemd's LoadCredential
 * or a secrets manager) or else a 0600 key file, created on first start.
 */
export function loadDataKey(keyFileOption: string | undefined): {
  dataKey: Buffer
  source: string
} {
  const env = process.env[DATA_KEY_ENV]
  const keyFile = resolve(
    keyFileOption ?? process.env.SERVER_DATA_KEY_FILE ?? '.data/server-data.key',
  )
  return env
    ? { dataKey: parseDataKey(env), source: DATA_KEY_ENV }
    : { dataKey: loadOrCreateKeyFile(keyFile, true), source: keyFile }
}

/**
 * The working-day calendar for the cases' clocks: the packaged one, plus the years of the
 * centre's own file when SERVER_CALENDAR_FILE names one (the State Council's notice for a year
 * the installed `chinese-days` does not know yet; docs/back-office.md, "Clocks"). A file that
 * does not parse stops the start: clocks counted on a wrong calendar would mislead every clerk.
 */
export function loadWorkCalendar(path = process.env.SERVER_CALENDAR_FILE): WorkCalendar {
  if (!path) return chineseWorkCalendar()
  let years: CalendarYears
  try {
    years = CalendarYears.parse(JSON.parse(readFileSync(path, 'utf8')))
  } catch (err) {
    throw new Error(`calendar file ${path} is not valid: ${(err as Error).message}`, {
      cause: err,
    })
  }
  return chineseWorkCalendar(years)
}

/**
 * What `npm run server` needs to mount the applications API: the data key from SERVER_DATA_KEY
 * (base64, 32 bytes; e.g. injected by systemd's LoadCredential or a secrets manager) or else a
 * 0600 key file, created on first start.
 */
export async function openApplicationsForCli(
  store: ApplicationsServiceOptions['store'],
  records: RecordsStore,
  log: Logger,
  opts: ApplicationsCliOptions,
): Promise<ApplicationsService & { signalingTokenKey: Buffer }> {
  const { dataKey, source } = loadDataKey(opts.keyFile)
  log.info(
    { source },
    'applications data key loaded (keep a backup: without it stored applications are unreadable)',
  )
  const service = openApplicationsService({
    records,
    dataKey,
    store,
    log,
    catalog: sampleCatalog,
    calendar: loadWorkCalendar(),
    progressBaseUrl: `${opts.publicUrl.replace(/\/+$/, '')}/api/v1/progress`,
    publicUrl: opts.publicUrl,
    // The result notices' signing keys are sealed under a key of their own from the same master.
    ...(opts.openResults ? { results: opts.openResults(resultSealKey(dataKey)) } : {}),
  })
  // The terminals' signaling tokens must outlive a restart too: their key comes from the same
  // master key (HKDF, its own purpose), not from the store it would protect.
  const signalingTokenKey = Buffer.from(
    hkdfSync('sha256', dataKey, Buffer.alloc(0), 'village-kiosk/signaling/terminal-token/v1', 32),
  )
  if (opts.demo) {
    const created = await seedDemoCases(
      service.store,
      dataKey,
      sampleCatalog,
      service.progressUrl,
      Date.now(),
    )
    if (created.length > 0)
      process.stdout.write(`DEMO cases for the simulated resident card: ${created.join(', ')}\n`)
  }
  return Object.assign(service, { signalingTokenKey })
}
