import type { ServerResponse } from 'node:http'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import {
  createEnrolCode,
  createUser,
  newSecret,
  redeemEnrolCode,
  sha256,
} from '../../../../signaling-server/src/auth'
import { adminAuth, staffAuth, terminalAuth } from '../../../../signaling-server/src/http/auth'
import { route } from '../../../../signaling-server/src/http/router'
import { openSqliteStore } from '../../../../signaling-server/src/store/sqlite'
import { json, serve } from './serve'

const store = openSqliteStore(':memory:')
const now = () => Date.now()
const log = pino({ level: 'silent' })
const whoami = ({ res, caller }: { res: ServerResponse; caller: { id: string } }) =>
  void res.end(JSON.stringify({ id: caller.id }))

async function sessionFor(role: 'clerk' | 'supervisor' | 'admin'): Promise<string> {
  const user = await createUser(
    store,
    { username: `u-${role}`, displayName: role, role, categories: [], password: 'pw-123456789' },
    now(),
  )
  const token = newSecret()
  await store.insertSession({
    tokenHash: sha256(token),
    userId: user.id,
    createdAt: now(),
    expiresAt: now() + 60_000,
  })
  return token
}

let server: Awaited<ReturnType<typeof serve>>
let terminalBearer: string
let clerk: string
let admin: string
let bodyRead = 0

beforeAll(async () => {
  const { code } = await createEnrolCode(store, 'hall-1', 3600_000, now())
  const t = (await redeemEnrolCode(store, code, 'kiosk-1', now()))!
  terminalBearer = `Bearer ${t.terminalId}:${t.credential}`
  clerk = `Bearer ${await sessionFor('clerk')}`
  admin = `Bearer ${await sessionFor('admin')}`
  server = await serve(
    [
      route({
        method: 'GET',
        path: '/terminal',
        auth: terminalAuth({ store, log, now }),
        handler: whoami,
      }),
      route({
        method: 'GET',
        path: '/guarded',
        auth: terminalAuth({ store, log, now, failures: { burst: 3, perSecond: 0.001 } }),
        handler: whoami,
      }),
      route({
        method: 'GET',
        path: '/staff',
        auth: staffAuth({ store, now, roles: ['clerk', 'supervisor'] }),
        handler: whoami,
      }),
      route({ method: 'GET', path: '/admin', auth: adminAuth({ store, now }), handler: whoami }),
      route({
        method: 'POST',
        path: '/upload',
        auth: staffAuth({ store, now, roles: ['clerk'] }),
        before: () => void bodyRead++,
        body: { schema: z.object({ n: z.number() }), limit: 64 },
        handler: ({ res }) => void res.end('{}'),
      }),
      route({
        method: 'GET',
        path: '/case/:n',
        params: z.object({ n: z.string().regex(/^[0-9]{3}$/) }),
        handler: ({ res, params }) => void res.end(JSON.stringify(params)),
      }),
      route({
        method: 'GET',
        path: '/search',
        query: z.object({ q: z.string().max(5) }),
        handler: ({ res, query }) => void res.end(JSON.stringify(query)),
      }),
      route({ method: 'POST', path: '/api/x', handler: ({ res }) => void res.end('{}') }),
    ],
    { origins: new Set(['app://kiosk']), applies: (p) => p.startsWith('/api/') },
  )
})
afterAll(() => server.close())

const get = (path: string, authorization?: string) =>
  fetch(`${server.url}${path}`, authorization ? { headers: { authorization } } : {})

describe('auth hooks', () => {
  it('admits each role only on its own routes', async () => {
    expect((await get('/terminal', terminalBearer)).status).toBe(200)
    expect((await get('/staff', clerk)).status).toBe(200)
    expect((await get('/admin', admin)).status).toBe(200)
  })

  it('refuses a terminal bearer on a staff or admin route, and a staff token on a terminal route', async () => {
    for (const path of ['/staff', '/admin']) {
      const res = await get(path, terminalBearer)
      expect(res.status, path).toBe(401)
      expect(await res.json()).toEqual({ error: 'unauthorized' })
    }
    expect((await get('/terminal', clerk)).status).toBe(401)
    expect((await get('/terminal', admin)).status).toBe(401)
  })

  it('refuses a clerk on an admin route with 403, and no credential with 401', async () => {
    const res = await get('/admin', clerk)
    expect(res.status).toBe(403)
    expect(await res.json()).toEqual({ error: 'forbidden' })
    expect((await get('/admin')).status).toBe(401)
    expect((await get('/staff', 'Bearer not-a-session')).status).toBe(401)
  })

  it('slows guessing: refusals beyond the budget answer 429, the real terminal still gets in', async () => {
    const wrong = terminalBearer.replace(/:.*/, ':wrong-credential')
    const codes: number[] = []
    for (let i = 0; i < 5; i++) codes.push((await get('/guarded', wrong)).status)
    expect(codes).toEqual([401, 401, 401, 429, 429])
    expect((await get('/guarded', terminalBearer)).status).toBe(200)
  })

  it('checks the caller before a byte of the body is read', async () => {
    const big = json({ n: 1, pad: 'x'.repeat(10_000) })
    expect((await fetch(`${server.url}/upload`, big)).status).toBe(401)
    expect(bodyRead).toBe(0)
    const authed = { ...big, headers: { ...(big.headers as object), authorization: clerk } }
    expect((await fetch(`${server.url}/upload`, authed)).status).toBe(413)
    expect(bodyRead).toBe(1)
  })
})

describe('router', () => {
  it('answers a param outside its schema 404, as an unknown path', async () => {
    expect(await (await get('/case/123')).json()).toEqual({ n: '123' })
    const res = await get('/case/12a')
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({ error: 'not_found' })
  })

  it('parses the query with its schema, 404 outside it', async () => {
    expect(await (await get('/search?q=abc&q=zz')).json()).toEqual({ q: 'abc' })
    expect((await get('/search?q=toolong')).status).toBe(404)
    expect((await get('/search')).status).toBe(404)
  })

  it('gives CORS headers and preflights to configured origins only', async () => {
    const pre = (origin: string) =>
      fetch(`${server.url}/api/x`, { method: 'OPTIONS', headers: { origin } })
    const ok = await pre('app://kiosk')
    expect(ok.status).toBe(204)
    expect(ok.headers.get('access-control-allow-origin')).toBe('app://kiosk')
    const foreign = await pre('https://evil.example')
    expect(foreign.status).toBe(403)
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull()
    const post = await fetch(`${server.url}/api/x`, {
      method: 'POST',
      headers: { origin: 'app://kiosk' },
    })
    expect(post.headers.get('access-control-allow-origin')).toBe('app://kiosk')
    expect(post.headers.get('vary')).toBe('Origin')
  })
})
