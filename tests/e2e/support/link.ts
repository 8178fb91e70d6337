import { connect, createServer, type Server, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'

interface Pair {
  client: Socket
  upstream: Socket
  /** Bytes from the centre kept back while the link holds. */
  held: Buffer[]
  upstreamEnded: boolean
}

/**
 * A loopback TCP link between the kiosk and the centre, so a test can decide what the network
 * does: forward (default), cut every open connection, or hold the centre's answers (requests
 * still reach the centre, the kiosk hears nothing back), e.g. to kill the kiosk after the centre
 * stored an application but before the kiosk learnt it.
 */
export class Link {
  private server: Server | null = null
  private readonly pairs = new Set<Pair>()
  private holding = false
  port = 0
  /** TCP connections accepted from the kiosk so far. */
  connections = 0

  constructor(private readonly target: { host: string; port: number }) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`
  }

  async start(port = 0): Promise<void> {
    const server = createServer((client) => this.accept(client))
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()))
    this.port = (server.address() as AddressInfo).port
    this.server = server
  }

  private accept(client: Socket): void {
    this.connections++
    const upstream = connect(this.target.port, this.target.host)
    const pair: Pair = { client, upstream, held: [], upstreamEnded: false }
    this.pairs.add(pair)
    const drop = () => {
      this.pairs.delete(pair)
      client.destroy()
      upstream.destroy()
    }
    client.on('data', (d: Buffer) => upstream.write(d))
    upstream.on('data', (d: Buffer) => {
      if (this.holding) pair.held.push(d)
      else client.write(d)
    })
    client.on('end', () => upstream.end())
    upstream.on('end', () => {
      pair.upstreamEnded = true
      if (!this.holding) client.end()
    })
    // The centre not listening (stopped) looks to the kiosk like a reset connection: offline.
    client.on('error', drop)
    upstream.on('error', drop)
    client.on('close', drop)
    upstream.on('close', () => {
      if (!this.holding) drop()
    })
  }

  /** From now on the centre's answers are kept back; requests still go through. */
  hold(): void {
    this.holding = true
  }

  /** Delivers what was held to kiosk connections still open, and forwards again. */
  release(): void {
    this.holding = false
    for (const pair of [...this.pairs]) {
      if (pair.client.destroyed) {
        this.pairs.delete(pair)
        pair.upstream.destroy()
        continue
      }
      for (const chunk of pair.held.splice(0)) pair.client.write(chunk)
      if (pair.upstreamEnded || pair.upstream.destroyed) pair.client.end()
    }
  }

  /** Every open connection dies at once (both sides), as when a cable is pulled. */
  cut(): void {
    for (const pair of this.pairs) {
      pair.client.destroy()
      pair.upstream.destroy()
    }
    this.pairs.clear()
  }

  async stop(): Promise<void> {
    this.cut()
    const s = this.server
    this.server = null
    if (s) await new Promise<void>((r) => s.close(() => r()))
  }
}
