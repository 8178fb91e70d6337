import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import pino from 'pino'
import {
  createRouter,
  type AnyRoute,
  type CorsOptions,
} from '../../../../signaling-server/src/http/router'

/** A node:http server on port 0 running only `routes` through the HTTP layer. */
export async function serve(
  routes: AnyRoute[],
  cors?: CorsOptions,
): Promise<{ url: string; close(): Promise<void>; server: Server }> {
  const log = pino({ level: process.env.TEST_LOG ?? 'silent' })
  const server = createServer(createRouter({ routes, log, ...(cors ? { cors } : {}) }))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

export const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
})
