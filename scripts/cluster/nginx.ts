// Debian's nginx on loopback in front of the cluster's nodes, for `npm run cluster` and its
// tests: round robin without stickiness (the nodes speak WebSocket only), WebSocket upgrade
// passed through, and a node that refuses connections skipped for the next one. Never marked
// down (max_fails=0): a node marked down gets one trial connection per fail_timeout, and an
// upgraded WebSocket never ends, so the trial never clears the mark; after every node had been
// down, kiosks came back at ~3 a second (the signaling benchmark's reconnect storm).
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { atExit } from '../../tests/support/exit-hooks'
import { waitForPort } from './redis'

export const NGINX = '/usr/sbin/nginx'

export interface Nginx {
  port: number
  url: string
  stop(): Promise<void>
}

/**
 * How big nginx is. The defaults suit a person trying the cluster; the signaling benchmark's
 * 20,000 kiosks need several workers, because each proxied socket takes two files and one
 * process may open at most 20,000 here (`reuseport` spreads the connections over the workers).
 */
export interface NginxSize {
  workers?: number
  workerConnections?: number
}

/** Accept queue of the listener (the kernel caps it at net.core.somaxconn, 4096 here). */
export const LISTEN_BACKLOG = 4096

export function nginxConfig(
  dir: string,
  port: number,
  upstreams: number[],
  size: NginxSize = {},
): string {
  const workers = size.workers ?? 1
  return `daemon off;
worker_processes ${workers};
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections ${size.workerConnections ?? 4096}; }
http {
  access_log off;
  client_body_temp_path ${join(dir, 'body')};
  proxy_temp_path ${join(dir, 'proxy')};
  fastcgi_temp_path ${join(dir, 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'uwsgi')};
  scgi_temp_path ${join(dir, 'scgi')};
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
  upstream centre {
${upstreams.map((p) => `    server 127.0.0.1:${p} max_fails=0;`).join('\n')}
  }
  server {
    # A reconnect storm overflowed the default accept queue (511): dropped SYNs are retried by
    # the client's kernel after 1, 3, 7 s…, and the kiosks' 20 s connect timeouts followed.
    listen 127.0.0.1:${port} backlog=${LISTEN_BACKLOG}${workers > 1 ? ' reuseport' : ''};
    client_max_body_size 20m;
    location / {
      proxy_pass http://centre;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_read_timeout 3600s;
      proxy_next_upstream error timeout http_502 http_503;
      proxy_connect_timeout 2s;
    }
  }
}
`
}

export async function startNginx(
  dir: string,
  port: number,
  upstreams: number[],
  size: NginxSize = {},
): Promise<Nginx> {
  mkdirSync(dir, { recursive: true })
  const conf = join(dir, 'nginx.conf')
  writeFileSync(conf, nginxConfig(dir, port, upstreams, size))
  const proc: ChildProcess = spawn(NGINX, ['-c', conf, '-p', dir], { stdio: 'ignore' })
  const cancelExitHook = atExit(() => proc.kill('SIGKILL'))
  await waitForPort(port)
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    async stop() {
      cancelExitHook()
      if (proc.exitCode !== null) return
      const gone = new Promise((r) => proc.once('exit', r))
      proc.kill('SIGQUIT')
      await gone
    },
  }
}
