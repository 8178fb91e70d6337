// Staged updates over HTTP: the feed electron-updater's generic provider reads (a terminal gets
// the version its ring allows, another the old one; refused without a terminal's bearer), the
// download of the artefact it names, the way back after a failed self-test, the next ring after
// the pilot's 10 healthy minutes, and the admin's rollout routes (admins only).
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  RolloutDetailResponse,
  RolloutListResponse,
  RolloutResponse,
} from '../../common/fleet/rollout'
import { healthReport } from '../support/health'
import { enrolTerminal, terminalClient, type TestServer } from './signaling-harness'
import { serverForEachTest, staffAccount, tokenOf } from './support/signaling-sessions'

const PILOT = '石桥村便民服务站'
const OTHER = '河口村便民服务站'
const MIN = 60_000

const updatesDir = mkdtempSync(join(tmpdir(), 'updates-'))
for (const v of ['1.2.0', '1.3.0']) {
  mkdirSync(join(updatesDir, v))
  writeFileSync(join(updatesDir, v, `VillageKiosk-${v}.AppImage`), `appimage ${v}`)
  writeFileSync(join(updatesDir, v, `village-kiosk_${v}_amd64.deb`), `deb ${v}`)
  writeFileSync(join(updatesDir, v, `VillageKiosk-${v}-arm64.AppImage`), `arm ${v}`)
  writeFileSync(join(updatesDir, v, `VillageKiosk Setup ${v}.exe`), `nsis ${v}`)
}

let srv: TestServer
let clock = Date.UTC(2026, 0, 10, 17, 30)
serverForEachTest(
  [
    staffAccount('adm', 'admin'),
    staffAccount('tech', 'technician'),
    staffAccount('clerk'),
    staffAccount('sup', 'supervisor'),
  ],
  { now: () => clock, updatesDir },
  (started) => (srv = started),
)

type Terminal = { terminalId: string; credential: string }
const bearer = (t: Terminal) => `Bearer ${t.terminalId}:${t.credential}`

const request = (method: string, path: string, authorization?: string, body?: unknown) =>
  fetch(`${srv.url}${path}`, {
    method,
    headers: {
      ...(authorization ? { authorization } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  })

async function feedOf(t: Terminal, file = 'latest-linux.yml') {
  const res = await request('GET', `/api/updates/${file}`, bearer(t))
  expect(res.status).toBe(200)
  return (await res.json()) as {
    version: string
    path: string
    sha512: string
    urgent?: boolean
    files: { url: string; sha512: string; size: number }[]
  }
}

async function createRollout(steps = [100], stopShare = 0.5) {
  const res = await request('POST', '/api/admin/rollouts', `Bearer ${await tokenOf(srv, 'adm')}`, {
    version: '1.3.0',
    previousVersion: '1.2.0',
    pilotHalls: [PILOT],
    steps,
    stopShare,
  })
  expect(res.status).toBe(201)
  return RolloutResponse.parse(await res.json()).rollout
}

describe('the update feed', () => {
  it('serves a pilot terminal the new version and another terminal the old one, and the files it names', async () => {
    const pilot = await enrolTerminal(srv.store, '一号机', PILOT)
    const other = await enrolTerminal(srv.store, '二号机', OTHER)
    // No rollout yet: nothing to follow.
    expect((await request('GET', '/api/updates/latest-linux.yml', bearer(pilot))).status).toBe(404)
    await createRollout([10, 100])

    const feed = await feedOf(pilot)
    expect(feed.version).toBe('1.3.0')
    expect(feed.urgent).toBeUndefined()
    expect(feed.files.map((f) => f.url)).toEqual([
      'v/1.3.0/VillageKiosk-1.3.0.AppImage',
      'v/1.3.0/village-kiosk_1.3.0_amd64.deb',
    ])
    expect(feed.path).toBe(feed.files[0]!.url)
    expect((await feedOf(other)).version).toBe('1.2.0')
    // The arm64 channel lists the arm64 build only.
    expect((await feedOf(pilot, 'latest-linux-arm64.yml')).files.map((f) => f.url)).toEqual([
      'v/1.3.0/VillageKiosk-1.3.0-arm64.AppImage',
    ])

    // Windows: electron-builder's installer name has a space.
    const win = await feedOf(pilot, 'latest.yml')
    expect(win.files.map((f) => f.url)).toEqual(['v/1.3.0/VillageKiosk%20Setup%201.3.0.exe'])
    const exe = await request('GET', `/api/updates/${win.files[0]!.url}`, bearer(pilot))
    expect(await exe.text()).toBe('nsis 1.3.0')

    // The download is the file whose SHA-512 the channel file gives (electron-updater checks it).
    const file = await request('GET', `/api/updates/${feed.files[0]!.url}`, bearer(pilot))
    expect(file.status).toBe(200)
    const bytes = Buffer.from(await file.arrayBuffer())
    expect(bytes.toString()).toBe('appimage 1.3.0')
    expect(createHash('sha512').update(bytes).digest('base64')).toBe(feed.files[0]!.sha512)
    expect(feed.files[0]!.size).toBe(bytes.length)
    expect(
      (await request('GET', '/api/updates/v/1.3.0/..%2F1.2.0%2Fx', bearer(pilot))).status,
    ).toBe(404)
    expect((await request('GET', '/api/updates/v/9.9.9/x.AppImage', bearer(pilot))).status).toBe(
      404,
    )
  })

  it('refuses a request without a terminal’s credential, with a wrong one, a revoked one or a staff session', async () => {
    const pilot = await enrolTerminal(srv.store, '一号机', PILOT)
    await createRollout()
    const paths = [
      '/api/updates/latest-linux.yml',
      '/api/updates/v/1.3.0/VillageKiosk-1.3.0.AppImage',
    ]
    for (const path of paths) {
      expect((await request('GET', path)).status).toBe(401)
      expect((await request('GET', path, `Bearer ${pilot.terminalId}:wrong`)).status).toBe(401)
      expect((await request('GET', path, `Bearer ${await tokenOf(srv, 'adm')}`)).status).toBe(401)
    }
    const report = { version: '1.3.0', outcome: 'failed' }
    expect((await request('POST', '/api/updates/report', undefined, report)).status).toBe(401)
    await srv.store.revokeTerminal(pilot.terminalId, clock)
    expect((await request('GET', paths[0]!, bearer(pilot))).status).toBe(401)
  })

  it('sends a terminal whose self-test failed on the new version back to the previous one, at once', async () => {
    const pilot = await enrolTerminal(srv.store, '一号机', PILOT)
    const kiosk = await terminalClient(srv.url, pilot)
    try {
      await kiosk.ack(
        'health:report',
        healthReport({ appVersion: '1.2.0', lastSelfTest: { at: 1_000, passed: true } }),
      )
      const { id } = await createRollout([100])
      expect((await feedOf(pilot)).version).toBe('1.3.0')
      clock += MIN
      await kiosk.ack(
        'health:report',
        healthReport({ appVersion: '1.3.0', lastSelfTest: { at: 2_000, passed: false } }),
      )
      const back = await feedOf(pilot)
      expect(back).toMatchObject({ version: '1.2.0', urgent: true })
      const detail = RolloutDetailResponse.parse(
        await (
          await request('GET', `/api/admin/rollouts/${id}`, `Bearer ${await tokenOf(srv, 'adm')}`)
        ).json(),
      )
      expect(detail.terminals).toEqual([
        expect.objectContaining({
          name: '一号机',
          ring: 0,
          state: 'failed',
          reason: 'self-test-failed',
          target: '1.2.0',
        }),
      ])
      // The stop rule (here: one failure in the ring) halted the rollout.
      expect(detail.rollout).toMatchObject({ state: 'halted', haltReason: 'stop-rule' })
    } finally {
      kiosk.close()
    }
  })

  it('opens the next ring once the pilot started, passed its self-test and reported healthy for 10 minutes', async () => {
    const pilot = await enrolTerminal(srv.store, '一号机', PILOT)
    const other = await enrolTerminal(srv.store, '二号机', OTHER)
    const kiosk = await terminalClient(srv.url, pilot)
    try {
      const { id } = await createRollout([100])
      expect((await feedOf(pilot)).version).toBe('1.3.0')
      const onNew = healthReport({ appVersion: '1.3.0', lastSelfTest: { at: 5_000, passed: true } })
      for (let m = 1; m <= 10; m++) {
        clock += MIN
        await kiosk.ack('health:report', onNew)
        expect((await feedOf(other)).version).toBe('1.2.0')
      }
      clock += MIN
      await kiosk.ack('health:report', onNew)
      expect((await feedOf(other)).version).toBe('1.3.0')
      const { rollouts } = RolloutListResponse.parse(
        await (
          await request('GET', '/api/admin/rollouts', `Bearer ${await tokenOf(srv, 'adm')}`)
        ).json(),
      )
      expect(
        rollouts
          .find((r) => r.id === id)
          ?.rings.map((r) => [r.state, r.terminals, r.succeeded, r.offered]),
      ).toEqual([
        ['passed', 1, 1, 0],
        ['active', 1, 0, 1],
      ])
    } finally {
      kiosk.close()
    }
  })
})

describe('rollout administration', () => {
  it('lets admins create, halt and resume a rollout, and lists the releases of the update folder', async () => {
    const token = `Bearer ${await tokenOf(srv, 'adm')}`
    await enrolTerminal(srv.store, '一号机', PILOT)
    const rollout = await createRollout([25, 100])
    expect(rollout).toMatchObject({ state: 'running', version: '1.3.0', previousVersion: '1.2.0' })
    expect(rollout.rings.map((r) => [r.kind, r.upToPercent])).toEqual([
      ['pilot', null],
      ['percent', 25],
      ['percent', 100],
    ])
    const list = RolloutListResponse.parse(
      await (await request('GET', '/api/admin/rollouts', token)).json(),
    )
    expect(list.releases.sort()).toEqual(['1.2.0', '1.3.0'])
    // One running at a time.
    const again = await request('POST', '/api/admin/rollouts', token, {
      version: '1.3.0',
      previousVersion: '1.2.0',
      pilotHalls: [PILOT],
      steps: [100],
      stopShare: 0.1,
    })
    expect(again.status).toBe(409)
    expect(await again.json()).toEqual({ error: 'rollout_running' })
    const halted = await request('POST', `/api/admin/rollouts/${rollout.id}/halt`, token)
    expect(RolloutResponse.parse(await halted.json()).rollout).toMatchObject({
      state: 'halted',
      haltReason: 'admin',
    })
    expect((await request('POST', `/api/admin/rollouts/${rollout.id}/halt`, token)).status).toBe(
      409,
    )
    const resumed = await request('POST', `/api/admin/rollouts/${rollout.id}/resume`, token)
    expect(RolloutResponse.parse(await resumed.json()).rollout.state).toBe('running')
  })

  it('refuses an unknown version, bad steps, and anyone but an admin', async () => {
    const token = `Bearer ${await tokenOf(srv, 'adm')}`
    const body = {
      version: '1.4.0',
      previousVersion: '1.2.0',
      pilotHalls: [PILOT],
      steps: [100],
      stopShare: 0.1,
    }
    const unknown = await request('POST', '/api/admin/rollouts', token, body)
    expect(unknown.status).toBe(400)
    expect(await unknown.json()).toEqual({ error: 'unknown_version' })
    for (const steps of [
      [50, 20, 100],
      [10, 50],
    ])
      expect(
        (await request('POST', '/api/admin/rollouts', token, { ...body, version: '1.3.0', steps }))
          .status,
      ).toBe(400)

    const pilot = await enrolTerminal(srv.store, '一号机', PILOT)
    for (const who of ['tech', 'clerk', 'sup']) {
      const other = `Bearer ${await tokenOf(srv, who)}`
      expect((await request('GET', '/api/admin/rollouts', other)).status).toBe(403)
      expect(
        (await request('POST', '/api/admin/rollouts', other, { ...body, version: '1.3.0' })).status,
      ).toBe(403)
    }
    expect((await request('GET', '/api/admin/rollouts')).status).toBe(401)
    expect((await request('GET', '/api/admin/rollouts', bearer(pilot))).status).toBe(401)
    expect((await request('POST', '/api/admin/rollouts/ro_abcdefgh/halt', token)).status).toBe(404)
  })
})
