/** Raw TCP (port 9100, "JetDirect") for network receipt printers: a plain byte stream. */
import { createConnection, type Socket } from 'node:net'
import { Listeners, OnceError } from '../framed-transport'
import { TransportError, type ByteTransport } from '../ports'

export async function openTcp(
  host: string,
  port = 9100,
  connect: (opts: { host: string; port: number }) => Socket = createConnection,
  timeoutMs = 5000,
): Promise<ByteTransport> {
  const source = `tcp:${host}:${port}`
  const socket = connect({ host, port })
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new TransportError('OPEN_FAILED', `${source}: connect timeout`))
    }, timeoutMs)
    socket.once('connect', () => {
      clearTimeout(timer)
      resolve()
    })
    socket.once('error', (e) => {
      clearTimeout(timer)
      reject(new TransportError('OPEN_FAILED', `${source}: ${e.message}`))
    })
  })
  socket.setNoDelay(true)
  const data = new Listeners<Uint8Array>()
  const error = new OnceError()
  let closing = false
  socket.on('data', (buf) => data.emit(new Uint8Array(buf.buffer, buf.byteOffset, buf.length)))
  socket.on('error', (e) =>
    error.emit(new TransportError('DISCONNECTED', `${source}: ${e.message}`)),
  )
  socket.on('close', () => {
    if (!closing) error.emit(new TransportError('DISCONNECTED', `${source}: connection closed`))
  })
  return {
    kind: 'tcp',
    source,
    write: (bytes) =>
      new Promise((resolve, reject) => {
        if (socket.destroyed) return reject(new TransportError('CLOSED', `${source} closed`))
        socket.write(bytes, (e) =>
          e ? reject(new TransportError('WRITE_FAILED', `${source}: ${e.message}`)) : resolve(),
        )
      }),
    onData: (l) => data.add(l),
    onError: (l) => error.add(l),
    close: async () => {
      closing = true
      socket.destroy()
    },
  }
}
