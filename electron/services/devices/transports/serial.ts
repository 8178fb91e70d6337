/** serialport transport: most readers in the field are USB-serial at 115200 8N1. */
import { Listeners, OnceError } from '../framed-transport'
import { TransportError, type ByteTransport } from '../ports'

/** The part of serialport's SerialPort this transport uses (a fake in tests). */
export interface SerialPortLike {
  open(callback: (error: Error | null) => void): void
  write(data: Buffer, callback: (error: Error | null | undefined) => void): boolean
  drain(callback: (error: Error | null) => void): void
  close(callback?: (error: Error | null) => void): void
  on(event: 'data', listener: (data: Buffer) => void): unknown
  on(event: 'error', listener: (error: Error) => void): unknown
  on(event: 'close', listener: (error?: Error & { disconnected?: boolean }) => void): unknown
}

export interface SerialPortInfo {
  path: string
  vendorId?: string
  productId?: string
  manufacturer?: string
}

export interface SerialApi {
  list(): Promise<SerialPortInfo[]>
  create(path: string, baudRate: number): SerialPortLike
}

export async function loadSerialApi(): Promise<SerialApi> {
  const { SerialPort } = await import('serialport')
  return {
    list: () => SerialPort.list(),
    create: (path, baudRate) =>
      new SerialPort({ path, baudRate, dataBits: 8, parity: 'none', stopBits: 1, autoOpen: false }),
  }
}

export async function openSerial(
  api: SerialApi,
  path: string,
  baudRate = 115200,
): Promise<ByteTransport> {
  const source = `serial:${path}`
  const port = api.create(path, baudRate)
  await new Promise<void>((resolve, reject) =>
    port.open((e) =>
      e ? reject(new TransportError('OPEN_FAILED', `${source}: ${e.message}`)) : resolve(),
    ),
  )
  const data = new Listeners<Uint8Array>()
  const error = new OnceError()
  let closing = false
  port.on('data', (buf) => data.emit(new Uint8Array(buf.buffer, buf.byteOffset, buf.length)))
  port.on('error', (e) => error.emit(new TransportError('DISCONNECTED', `${source}: ${e.message}`)))
  port.on('close', (e) => {
    if (!closing) {
      error.emit(new TransportError('DISCONNECTED', `${source}: ${e?.message ?? 'port closed'}`))
    }
  })
  return {
    kind: 'serial',
    source,
    write: (bytes) =>
      new Promise((resolve, reject) => {
        port.write(Buffer.from(bytes), (e) => {
          if (e) return reject(new TransportError('WRITE_FAILED', `${source}: ${e.message}`))
          port.drain((d) =>
            d ? reject(new TransportError('WRITE_FAILED', `${source}: ${d.message}`)) : resolve(),
          )
        })
      }),
    onData: (l) => data.add(l),
    onError: (l) => error.add(l),
    close: () =>
      new Promise((resolve) => {
        closing = true
        port.close(() => resolve())
      }),
  }
}
