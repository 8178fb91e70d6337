import { randomBytes, randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Application, type ApplicationConfirmation } from '../../common/applications/schema'

export const resident = {
  name: '王秀英',
  idNumber: '110101194003071248',
}

/** A recognisable run of bytes standing in for a photographed page. */
export function fakeJpeg(): Buffer {
  return Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
    randomBytes(4096),
    Buffer.from([0xff, 0xd9]),
  ])
}

/** A 高龄津贴申领 application as the kiosk UI would submit it. */
export function makeApplication(
  overrides: Partial<Application> = {},
  image = fakeJpeg(),
): Application {
  return Application.parse({
    id: randomUUID(),
    terminalId: 'kiosk-shiqiao-01',
    kind: 'item',
    code: 'CA-ELDERLY-ALLOWANCE',
    catalogVersion: '2025.06.1',
    locale: 'zh-CN',
    applicant: { ...resident },
    formData: {
      applicant: {
        name: resident.name,
        gender: 'female',
        nation: '汉',
        birthDate: '1940-03-07',
        idNumber: resident.idNumber,
        address: '示例省示例县青山镇石桥村3组12号',
        phone: '13800138000',
      },
      living: { arrangement: 'alone' },
      payout: { bank: 'rcc', accountNumber: '6230123412341234123' },
    },
    materials: [
      {
        kind: 'photographed',
        materialId: 'hukou-book',
        pages: [{ kind: 'inline', mediaType: 'image/jpeg', base64: image.toString('base64') }],
      },
      { kind: 'deferred', materialId: 'bank-card', deadlineDays: 15, dueDate: '2025-06-25' },
      { kind: 'not-captured', materialId: 'id-card', reason: 'data-sharing' },
    ],
    commitmentAccepted: true,
    signature: {
      pngDataUrl:
        'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      signedAt: '2025-06-10T09:30:00+08:00',
    },
    createdAt: '2025-06-10T09:31:00+08:00',
    ...overrides,
  })
}

export interface RecordedCall {
  idempotencyKey: string | undefined
  authorization: string | undefined
  applicationId: string
}

/**
 * Stands in for the centre's applications endpoint: stores one application per
 * (terminal, idempotency key) and answers a repeat with the stored confirmation.
 */
export class FakeApplicationServer {
  readonly calls: RecordedCall[] = []
  readonly stored = new Map<string, { app: Application; confirmation: ApplicationConfirmation }>()
  private seq = 0

  receive(
    key: string | undefined,
    authorization: string | undefined,
    body: unknown,
  ): { status: number; body: unknown } {
    const parsed = Application.safeParse(body)
    this.calls.push({
      idempotencyKey: key,
      authorization,
      applicationId: parsed.success ? parsed.data.id : '?',
    })
    if (!parsed.success || key !== parsed.data.id)
      return { status: 400, body: { error: 'invalid' } }
    const slot = `${parsed.data.terminalId}/${key}`
    const existing = this.stored.get(slot)
    if (existing) {
      if (JSON.stringify(existing.app) !== JSON.stringify(parsed.data)) {
        return { status: 409, body: { error: 'key reused for another payload' } }
      }
      return { status: 200, body: existing.confirmation }
    }
    const caseNumber = `SQ2025${String(++this.seq).padStart(6, '0')}`
    const confirmation: ApplicationConfirmation = {
      applicationId: parsed.data.id,
      caseNumber,
      status: 'received',
      receivedAt: new Date().toISOString(),
      // A bundle (一件事) opens one case per part, as the centre does.
      cases:
        parsed.data.kind === 'bundle'
          ? ['PS-BIRTH-HUKOU', 'MI-RESIDENT-ENROL'].map((itemCode, i) => ({
              itemCode,
              caseNumber: `${caseNumber}-${i + 1}`,
            }))
          : [],
      progressUrl: `https://zwfw.example.cn/p/${caseNumber}`,
    }
    this.stored.set(slot, { app: parsed.data, confirmation })
    return { status: 201, body: confirmation }
  }
}

/** The fake server over real HTTP, with a switch to hold responses (a slow or dying link). */
export async function startHttpFake(server = new FakeApplicationServer()): Promise<{
  fake: FakeApplicationServer
  url: string
  holdResponsesMs: { value: number }
  nextStatus: { value: number | null; retryAfter?: string }
  close(): Promise<void>
}> {
  const holdResponsesMs = { value: 0 }
  const nextStatus: { value: number | null; retryAfter?: string } = { value: null }
  const http: Server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    if (nextStatus.value !== null) {
      const status = nextStatus.value
      nextStatus.value = null
      res.writeHead(status, nextStatus.retryAfter ? { 'retry-after': nextStatus.retryAfter } : {})
      res.end('{}')
      return
    }
    let body: unknown = null
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
    } catch {
      // stays null → 400
    }
    const answer = server.receive(
      req.headers['idempotency-key'] as string | undefined,
      req.headers.authorization,
      body,
    )
    if (holdResponsesMs.value > 0) await new Promise((r) => setTimeout(r, holdResponsesMs.value))
    res.writeHead(answer.status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(answer.body))
  })
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
  const { port } = http.address() as AddressInfo
  return {
    fake: server,
    url: `http://127.0.0.1:${port}`,
    holdResponsesMs,
    nextStatus,
    close: () =>
      new Promise<void>((r) => {
        http.closeAllConnections()
        http.close(() => r())
      }),
  }
}
