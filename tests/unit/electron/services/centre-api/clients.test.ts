import { randomUUID } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { sampleCatalog } from '../../../../../common/catalog/sample'
import type { BridgeError } from '../../../../../common/bridge/errors'
import { CatalogCache } from '../../../../../electron/services/catalog/cache'
import {
  CentreInvalidResponseError,
  CentreOfflineError,
  CentreRejectedError,
  CentreUnauthorizedError,
  CentreUnavailableError,
  createCentreApi,
  isRetryable,
  terminalBearer,
} from '../../../../../electron/services/centre-api'
import { silentLogger } from '../../../../../node-common/logger'
import { createHttpSender } from '../../../../../electron/services/outbox'
import {
  enrolTerminal,
  startCentre,
  type Centre,
  type EnrolledTerminal,
} from '../../../../integration/applications-harness'
import { makeApplication, resident } from '../../../../support/applications'

let dir: string
let centre: Centre
let terminal: EnrolledTerminal
let credentialFile: string
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'centre-api-'))
  centre = await startCentre()
  terminal = await enrolTerminal(centre.store)
  credentialFile = join(dir, 'terminal.json')
  writeFileSync(
    credentialFile,
    JSON.stringify({ terminalId: terminal.terminalId, credential: terminal.credential }),
  )
})
afterEach(async () => {
  await centre.close()
})

/** Records each request's status, so a test can tell a 304 from a full download. */
function recordingFetch(log: { method: string; status: number; body?: string }[]): typeof fetch {
  return async (input, init) => {
    const res = await fetch(input, init)
    log.push({ method: init?.method ?? 'GET', status: res.status, body: init?.body as string })
    return res
  }
}

const olderFallback = { ...sampleCatalog, version: '2025.01.1' }

describe('catalog client', () => {
  it('takes a newer catalog into the cache, then revalidates with the ETag (304)', async () => {
    const calls: { method: string; status: number }[] = []
    const cachePath = join(dir, 'catalog.json')
    const cache = await CatalogCache.open(cachePath, olderFallback, silentLogger())
    const api = createCentreApi({
      serverUrl: centre.url,
      credential: terminalBearer(join(dir, 'not-enrolled-yet.json')),
      fetch: recordingFetch(calls),
    })
    expect(await api.catalog.refresh(cache)).toEqual({
      kind: 'updated',
      version: sampleCatalog.version,
    })
    expect(cache.catalog).toEqual(sampleCatalog)
    expect(JSON.parse(readFileSync(cachePath, 'utf8')).version).toBe(sampleCatalog.version)
    expect(await api.catalog.refresh(cache)).toEqual({
      kind: 'unchanged',
      version: sampleCatalog.version,
    })
    expect(calls.map((c) => c.status)).toEqual([200, 304])

    // Offline: a typed error, and the kiosk keeps working from the cache.
    await centre.close()
    const err = await api.catalog.refresh(cache).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(CentreOfflineError)
    expect((err as BridgeError).code).toBe('OFFLINE')
    expect(isRetryable(err)).toBe(true)
    expect(cache.catalog.version).toBe(sampleCatalog.version)
    const reopened = await CatalogCache.open(cachePath, olderFallback, silentLogger())
    expect(reopened.catalog.version).toBe(sampleCatalog.version)
    centre = await startCentre()
  })
})

describe('progress and rating clients against the real centre', () => {
  it('finds the case the outbox sender uploaded, sending only the ID number', async () => {
    const app = makeApplication({ terminalId: terminal.terminalId })
    const sender = createHttpSender({
      serverUrl: centre.url,
      credential: terminalBearer(credentialFile),
    })
    const sent = await sender.send(app, new AbortController().signal)
    expect(sent.kind).toBe('confirmed')

    const calls: { method: string; status: number; body?: string }[] = []
    const api = createCentreApi({
      serverUrl: centre.url,
      credential: terminalBearer(credentialFile),
      fetch: recordingFetch(calls),
    })
    const cases = await api.lookupCases({ idNumber: resident.idNumber })
    expect(cases).toHaveLength(1)
    expect(cases[0]).toMatchObject({
      caseNumber: sent.kind === 'confirmed' ? sent.confirmation.caseNumber : '',
      status: 'received',
      missing: [{ materialId: 'bank-card', dueDate: '2025-06-25' }],
    })
    expect(JSON.parse(calls[0]!.body!)).toEqual({ idNumber: resident.idNumber })
    expect(await api.progress.lookup('110101200001010019')).toEqual([])

    const rating = {
      id: randomUUID(),
      terminalId: terminal.terminalId,
      subject: { kind: 'application' as const, applicationId: app.id },
      level: 'basically-satisfied' as const,
      reasons: [],
      createdAt: new Date().toISOString(),
    }
    const receipt = await api.ratings.submit(rating)
    expect(receipt.caseNumber).toBe(cases[0]!.caseNumber)
    await api.submitRating(rating)
    expect(await centre.service.store.countRatings()).toBe(1)
  })

  it('says NOT_ENROLLED without a credential file, and unauthorized for a wrong one', async () => {
    const api = createCentreApi({
      serverUrl: centre.url,
      credential: terminalBearer(join(dir, 'missing.json')),
    })
    const missing = await api.progress.lookup(resident.idNumber).catch((e: unknown) => e)
    expect((missing as BridgeError).code).toBe('NOT_ENROLLED')

    writeFileSync(
      credentialFile,
      JSON.stringify({ terminalId: terminal.terminalId, credential: 'x'.repeat(43) }),
    )
    const wrong = createCentreApi({
      serverUrl: centre.url,
      credential: terminalBearer(credentialFile),
    })
    const err = await wrong.progress.lookup(resident.idNumber).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(CentreUnauthorizedError)
    expect(err).toMatchObject({ status: 401, apiCode: 'unauthorized', code: 'NOT_ENROLLED' })
    expect(isRetryable(err)).toBe(false)
  })
})

describe('error mapping', () => {
  const answer =
    (status: number, body: unknown, headers: Record<string, string> = {}): typeof fetch =>
    async () =>
      new Response(typeof body === 'string' ? body : JSON.stringify(body), {
        status,
        headers: { 'content-type': 'application/json', ...headers },
      })
  const api = (f: typeof fetch, timeoutMs?: number) =>
    createCentreApi({
      serverUrl: 'http://centre.invalid',
      credential: async () => 't_x:y',
      fetch: f,
      timeoutMs,
    })

  it('maps 5xx/429 to unavailable (with Retry-After), 4xx to rejected, junk to invalid', async () => {
    const busy = await api(answer(503, { error: 'internal' }, { 'retry-after': '30' }))
      .progress.lookup(resident.idNumber)
      .catch((e: unknown) => e)
    expect(busy).toBeInstanceOf(CentreUnavailableError)
    expect(busy).toMatchObject({ code: 'OFFLINE', retryAfterMs: 30_000 })
    expect(isRetryable(busy)).toBe(true)
    const limited = await api(answer(429, { error: 'rate_limited' }))
      .progress.lookup(resident.idNumber)
      .catch((e: unknown) => e)
    expect(limited).toMatchObject({ kind: 'unavailable', apiCode: 'rate_limited' })

    const bad = await api(answer(400, { error: 'invalid_body', issues: [] }))
      .ratings.submit({} as never)
      .catch((e: unknown) => e)
    expect(bad).toBeInstanceOf(CentreRejectedError)
    expect(bad).toMatchObject({ code: 'INVALID_INPUT', apiCode: 'invalid_body', status: 400 })

    const junk = await api(answer(200, '<html>captive portal</html>'))
      .progress.lookup(resident.idNumber)
      .catch((e: unknown) => e)
    expect(junk).toBeInstanceOf(CentreInvalidResponseError)
  })

  it('treats a hanging centre as offline after the timeout', async () => {
    const hang: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal!.reason as Error)),
      )
    const started = Date.now()
    const err = await api(hang, 200)
      .progress.lookup(resident.idNumber)
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(CentreOfflineError)
    expect(Date.now() - started).toBeLessThan(5000)
  })
})
