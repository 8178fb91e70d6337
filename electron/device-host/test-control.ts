import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { IdCard } from '../../common/devices/id-card'
import type { KioskComposition } from '../services/compose-kiosk'
import { demoCards } from '../services/devices/id-reader/sim-cards'

/**
 * TEST ONLY. A loopback HTTP surface that drives the simulated devices of a device host started
 * with KIOSK_TEST_CONTROL=1 (and devices=sim): place / remove a card, run the printer out of
 * paper, read back the parsed receipts, the outbox and the resident session, refresh the
 * catalog now. The CLI refuses to
 * start it in any other mode, and never in Electron.
 */
export async function startTestControl(
  k: KioskComposition,
): Promise<{ url: string; server: Server }> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const body = chunks.length
      ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown)
      : null
    const reply = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value))
    }
    try {
      const route = `${req.method} ${new URL(req.url ?? '/', 'http://x').pathname}`
      switch (route) {
        case 'POST /card':
          // No body: the demo resident's card, so a person trying `npm start` can tap one.
          k.readerSim?.placeCard(body === null ? demoCards.resident : IdCard.parse(body))
          return reply(200, { ok: true })
        case 'POST /card/remove':
          k.readerSim?.removeCard()
          return reply(200, { ok: true })
        case 'POST /reader/unplug':
          k.readerSim?.unplug()
          return reply(200, { ok: true })
        case 'POST /reader/replug':
          k.readerSim?.replug()
          return reply(200, { ok: true })
        case 'POST /printer/paper-out':
          k.printerSim?.paperOut()
          return reply(200, { ok: true })
        case 'POST /printer/refill':
          k.printerSim?.refill()
          return reply(200, { ok: true })
        case 'GET /receipts':
          return reply(200, k.printerSim?.completeReceipts() ?? [])
        case 'GET /outbox':
          return reply(200, k.outbox.list())
        case 'POST /outbox/retry':
          k.outbox.retryNow()
          return reply(200, { ok: true })
        case 'POST /catalog/refresh':
          // What the fleet console's "refresh the catalog now" command calls.
          return reply(200, await k.refreshCatalog())
        case 'GET /session':
          // The reader's state too: a test knows a card was seen to leave or is lying there.
          return reply(200, { dump: k.services.session.dump(), reader: k.devices.reader.state })
        default:
          return reply(404, { error: 'unknown route' })
      }
    } catch (e) {
      return reply(400, { error: (e as Error).message })
    }
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, server }
}
