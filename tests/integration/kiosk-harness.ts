// The kiosk's main-process side as the device host composes it (composeKiosk: simulated reader
// and printer, encrypted outbox, catalog and centre clients) on a temp data directory, talking
// to the real centre through a link the test can take down. Restartable on the same directory.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { UploadStatus } from '../../common/applications/schema'
import { findEntry, type Catalog } from '../../common/catalog/schema'
import { composeKiosk, type KioskComposition } from '../../electron/services/compose-kiosk'
import { TerminalConfig } from '../../electron/services/config'
import { silentLogger } from '../../node-common/logger'
import { machineKeyFileProvider } from '../../electron/services/outbox'
import { fakeJpeg, makeApplication } from '../support/applications'
import { Link } from '../e2e/support/link'
import {
  enrolTerminal,
  startCentre,
  type Centre,
  type EnrolledTerminal,
} from './applications-harness'
import { resident } from '../e2e/support/kiosk-path'

/** Aged 80+ and registered in 示例县: 高龄津贴's eligibility holds. */
export const card = resident

export async function openKiosk(
  dataDir: string,
  serverUrl: string,
  terminal: EnrolledTerminal,
): Promise<KioskComposition> {
  mkdirSync(dataDir, { recursive: true })
  const credentialFile = join(dataDir, 'terminal.json')
  writeFileSync(
    credentialFile,
    JSON.stringify({ terminalId: terminal.terminalId, credential: terminal.credential }),
    { mode: 0o600 },
  )
  return composeKiosk({
    config: TerminalConfig.parse({ serverUrl, dataDir, credentialFile, devices: 'sim' }),
    version: 'test',
    log: silentLogger(),
    keyProvider: machineKeyFileProvider(join(dataDir, 'outbox.key')),
  })
}

/**
 * The harness centre with an enrolled terminal, reached through a link the test can take down;
 * their stops go on `cleanups` (run last first).
 */
export async function centreBehindLink(
  cleanups: (() => Promise<unknown>)[],
): Promise<{ centre: Centre; terminal: EnrolledTerminal; link: Link }> {
  const centre = await startCentre()
  cleanups.push(() => centre.close())
  const terminal = await enrolTerminal(centre.store)
  const link = new Link({ host: '127.0.0.1', port: centre.port })
  await link.start()
  cleanups.push(() => link.stop())
  return { centre, terminal, link }
}

/** Resolves once `check` holds (polled every 20 ms). */
export async function until<T>(
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what: string,
  ms = 15_000,
): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const v = await check()
    if (v) return v
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** The kiosk has fetched the catalog and the centre's public address once. */
export const learnt = (dataDir: string) =>
  until(
    () => existsSync(join(dataDir, 'catalog.json')) && existsSync(join(dataDir, 'centre.json')),
    'catalog and centre address',
  )

const signature = {
  pngDataUrl:
    'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  signedAt: '2025-06-10T09:30:00+08:00',
}

const formData: Record<string, Record<string, unknown>> = {
  'CA-ELDERLY-ALLOWANCE': makeApplication().formData,
  'OT-NEWBORN': {
    applicant: { ...makeApplication().formData.applicant!, name: card.name },
    child: {
      name: '李小宝',
      gender: 'male',
      birthDate: '2025-06-01',
      certificateNumber: 'N123456789',
    },
    spouse: { name: '李建国' },
    card: { delivery: 'village' },
  },
}

async function call<T>(k: KioskComposition, channel: string, input: unknown): Promise<T> {
  const r = await k.services.dispatcher.dispatch(channel, input)
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`)
  return r.value as T
}

/**
 * A resident taps the card and submits `code` through the bridge (required photos taken,
 * deferrable materials deferred, the commitment signed); returns the outbox status.
 */
export async function submitThroughBridge(
  k: KioskComposition,
  catalog: Catalog,
  code: string,
  /** The resident's visit, as the review screen sends it (renderer/src/kiosk/store.ts). */
  visitId?: string,
): Promise<UploadStatus> {
  k.services.cardPresent(card)
  const entry = findEntry(catalog, code)!.entry
  const materials: { materialId: string; kind: 'photographed' | 'deferred' }[] = []
  for (const m of entry.materials) {
    if (m.capture === 'data-sharing' || m.requirement.kind === 'optional') continue
    if (m.requirement.kind === 'deferrable') {
      materials.push({ materialId: m.id, kind: 'deferred' })
      continue
    }
    await call(k, 'materials:put-page', {
      materialId: m.id,
      page: 0,
      chunk: 0,
      last: true,
      mediaType: 'image/jpeg',
      data: fakeJpeg().toString('base64'),
    })
    materials.push({ materialId: m.id, kind: 'photographed' })
  }
  return call<UploadStatus>(k, 'applications:submit', {
    code,
    locale: 'zh-CN',
    formData: formData[code],
    materials,
    commitmentAccepted: true,
    signature,
    ...(visitId ? { visitId } : {}),
  })
}

export function printReceipt(k: KioskComposition, applicationId: string, waitForCaseMs = 0) {
  return call<{ qrPayload: string; caseNumber: string; printed: boolean; provisional: boolean }>(
    k,
    'receipt:print',
    { applicationId, waitForCaseMs },
  )
}

export function rateThroughBridge(k: KioskComposition, applicationId: string) {
  return call<{ stored: boolean; queued?: boolean }>(k, 'rating:submit', {
    applicationId,
    level: 'dissatisfied',
    reasons: ['too-slow'],
  })
}
