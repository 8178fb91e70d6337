import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Application, type ApplicationConfirmation } from '../../../common/applications/schema'

/**
 * A stand-in for the centre's HTTP API as docs/outbox.md specifies it (one application per
 * terminal + idempotency key; a repeat gets the stored confirmation), plus case lookup and
 * ratings. It can be stopped and started again on the same port (the network going away and
 * coming back), and can hold its answers (a link that dies mid-request).
 */
export class TestCentre {
  readonly applications = new Map<
    string,
    { app: Application; confirmation: ApplicationConfirmation }
  >()
  readonly calls: string[] = []
  readonly ratings: unknown[] = []
  holdMs = 0
  private server: Server | null = null
  private seq = 0
  port = 0

  get url(): string {
    return `http://127.0.0.1:${this.port}`
  }

  async start(port = this.port): Promise<void> {
    const server = createServer(async (req, res) => {
      const chunks: Buffer[] = []
      for await (const c of req) chunks.push(c as Buffer)
      const body = (() => {
        try {
          return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown
        } catch {
          return null
        }
      })()
      const send = async (status: number, value: unknown) => {
        if (this.holdMs > 0) await new Promise((r) => setTimeout(r, this.holdMs))
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value))
      }
      if (req.method === 'POST' && req.url === '/api/v1/applications') {
        const key = req.headers['idempotency-key'] as string | undefined
        this.calls.push(key ?? '?')
        const parsed = Application.safeParse(body)
        if (!parsed.success || parsed.data.id !== key) return send(400, { error: 'invalid' })
        const existing = this.applications.get(key)
        if (existing) return send(200, existing.confirmation)
        const caseNumber = `SQ2025${String(++this.seq).padStart(6, '0')}`
        const confirmation: ApplicationConfirmation = {
          applicationId: key,
          caseNumber,
          status: 'received',
          receivedAt: new Date().toISOString(),
          cases: [],
          progressUrl: `https://zwfw.example.cn/p/${caseNumber}`,
        }
        this.applications.set(key, { app: parsed.data, confirmation })
        return send(201, confirmation)
      }
      if (req.method === 'POST' && req.url === '/api/v1/ratings') {
        this.ratings.push(body)
        return send(201, { ok: true })
      }
      if (req.method === 'POST' && req.url === '/api/v1/cases/lookup') {
        const b = body as { idNumber?: string; applicant?: { idNumber?: string } } | null
        const id = b?.idNumber ?? b?.applicant?.idNumber
        const cases = [...this.applications.values()]
          .filter((a) => a.app.applicant.idNumber === id)
          .map((a) => ({
            caseNumber: a.confirmation.caseNumber,
            code: a.app.code,
            name: { 'zh-CN': '高龄津贴申领', en: 'Old-age allowance' },
            status: 'awaiting-materials',
            submittedAt: a.confirmation.receivedAt,
            updatedAt: a.confirmation.receivedAt,
            missing: a.app.materials.flatMap((m) =>
              m.kind === 'deferred'
                ? [
                    {
                      materialId: m.materialId,
                      name: { 'zh-CN': '社会保障卡或本人银行卡' },
                      dueDate: m.dueDate,
                    },
                  ]
                : [],
            ),
            resultPrintable: false,
          }))
        return send(200, { cases })
      }
      return send(404, { error: 'not found' })
    })
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()))
    this.port = (server.address() as AddressInfo).port
    this.server = server
  }

  async stop(): Promise<void> {
    const s = this.server
    this.server = null
    if (!s) return
    s.closeAllConnections()
    await new Promise<void>((r) => s.close(() => r()))
  }
}
