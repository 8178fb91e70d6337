import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { applicationsDialect, signalingDialect } from '../../../../signaling-server/src/http/body'
import { HttpError, MAX_ISSUES } from '../../../../signaling-server/src/http/errors'
import { route } from '../../../../signaling-server/src/http/router'
import { json, serve } from './serve'

const Echo = z.strictObject({ name: z.string().max(10), items: z.array(z.number()).optional() })

let server: Awaited<ReturnType<typeof serve>>
beforeAll(async () => {
  server = await serve([
    // The same echo in each of the two error dialects.
    ...(
      [
        ['/app', applicationsDialect],
        ['/sig', signalingDialect],
      ] as const
    ).map(([path, dialect]) =>
      route({
        method: 'POST',
        path,
        body: { schema: Echo, limit: 1024 },
        dialect,
        handler: ({ res, body }) => void res.end(JSON.stringify(body)),
      }),
    ),
    route({
      method: 'GET',
      path: '/teapot',
      handler() {
        const issues = Array.from({ length: 50 }, (_, i) => ({
          path: `p${i}`,
          message: 'x'.repeat(10_000),
        }))
        throw new HttpError(429, 'rate_limited', issues, { 'retry-after': '7' })
      },
    }),
    route({
      method: 'GET',
      path: '/crash',
      handler() {
        throw new Error('secret internal detail')
      },
    }),
  ])
})
afterAll(() => server.close())

describe('the error type', () => {
  it('answers only {error, issues}, bounded, with its headers', async () => {
    const res = await fetch(`${server.url}/teapot`)
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toBe('7')
    expect(res.headers.get('cache-control')).toBe('no-store')
    const body = (await res.json()) as { error: string; issues: { message: string }[] }
    expect(Object.keys(body).sort()).toEqual(['error', 'issues'])
    expect(body.error).toBe('rate_limited')
    expect(body.issues).toHaveLength(MAX_ISSUES)
    for (const i of body.issues) expect(i.message.length).toBeLessThanOrEqual(401)
  })

  it('answers an unexpected failure 500 internal without its message', async () => {
    const res = await fetch(`${server.url}/crash`)
    expect(res.status).toBe(500)
    const text = await res.text()
    expect(JSON.parse(text)).toEqual({ error: 'internal' })
    expect(text).not.toContain('secret')
  })

  it('answers an unknown path or method 404 not_found', async () => {
    expect((await fetch(`${server.url}/nowhere`)).status).toBe(404)
    const wrongMethod = await fetch(`${server.url}/app`)
    expect(wrongMethod.status).toBe(404)
    expect(await wrongMethod.json()).toEqual({ error: 'not_found' })
  })
})

describe('the body parser', () => {
  it('passes a valid body to the handler', async () => {
    const res = await fetch(`${server.url}/app`, json({ name: 'ok', items: [1] }))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ name: 'ok', items: [1] })
  })

  it('refuses a body over the route limit, declared or streamed, with 413 and closes', async () => {
    const declared = await fetch(`${server.url}/app`, json({ name: 'x'.repeat(2000) }))
    expect(declared.status).toBe(413)
    expect(declared.headers.get('connection')).toBe('close')
    expect(await declared.json()).toEqual({ error: 'body_too_large' })
    // No content-length: a stream, counted as it arrives.
    const chunks = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 4; i++) c.enqueue(new TextEncoder().encode(' '.repeat(400)))
        c.close()
      },
    })
    const streamed = await fetch(`${server.url}/app`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: chunks,
      duplex: 'half',
    } as RequestInit)
    expect(streamed.status).toBe(413)
  })

  it('refuses a body nested deeper than the limit with 400, not 500', async () => {
    const deep = '['.repeat(500) + ']'.repeat(500)
    const app = await fetch(`${server.url}/app`, json(`{"name":"a","items":${deep}}`))
    expect(app.status).toBe(400)
    expect(await app.json()).toEqual({
      error: 'invalid_body',
      issues: [{ path: '(root)', message: 'nested deeper than 32 levels' }],
    })
    const sig = await fetch(`${server.url}/sig`, json(`{"name":"a","items":${deep}}`))
    expect(await sig.json()).toEqual({ error: 'invalid_body' })
  })

  it('never echoes the keys or values the client sent', async () => {
    const key = 'k'.repeat(500)
    const res = await fetch(`${server.url}/app`, json({ name: 'secret-value-123', [key]: 1 }))
    expect(res.status).toBe(400)
    const text = await res.text()
    expect(text).not.toContain('secret-value-123')
    expect(text).not.toContain('kkkkkkkkkk')
    expect((JSON.parse(text) as { error: string }).error).toBe('invalid_body')
  })

  it('answers content type and JSON errors in each API’s published codes', async () => {
    const plain = { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' }
    expect(await (await fetch(`${server.url}/app`, plain)).json()).toEqual({
      error: 'invalid_content_type',
    })
    expect(await (await fetch(`${server.url}/sig`, plain)).json()).toEqual({
      error: 'invalid_body',
    })
    expect(await (await fetch(`${server.url}/app`, json('{nope'))).json()).toEqual({
      error: 'invalid_json',
    })
    expect(await (await fetch(`${server.url}/sig`, json('{nope'))).json()).toEqual({
      error: 'invalid_body',
    })
  })
})
