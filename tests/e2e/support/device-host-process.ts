import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * The kiosk's main process as a separate OS process (the device host, with the test-only control
 * surface), so a test can SIGKILL it and start it again on the same data directory.
 */
export class DeviceHostProcess {
  child: ChildProcess | null = null
  kioskUrl = ''
  controlUrl = ''
  /** Every log line the device host wrote (pino JSON on stderr), across restarts. */
  readonly logLines: string[] = []

  constructor(
    readonly dataDir: string,
    readonly serverUrl: string,
    readonly env: Record<string, string> = {},
    /**
     * The enrolment the kiosk reads; a real centre's enrolled terminal (see RealCentre). null: no
     * credential file, the kiosk starts on its first-run screen.
     */
    terminal: { terminalId: string; credential: string } | null = {
      terminalId: 'kiosk-e2e-01',
      credential: 'e2e-terminal-credential-0123456789',
    },
  ) {
    mkdirSync(dataDir, { recursive: true })
    if (terminal)
      writeFileSync(join(dataDir, 'terminal.json'), JSON.stringify(terminal), { mode: 0o600 })
  }

  async start(): Promise<void> {
    // The run's bundle when the e2e global setup made one (device-host-bundle.ts), else tsx.
    const bundle = process.env.E2E_DEVICE_HOST_BUNDLE
    const entry = bundle ? [bundle] : ['--import', 'tsx', 'electron/device-host/cli.ts']
    const child = spawn(process.execPath, entry, {
      env: {
        ...process.env,
        KIOSK_DEV: '1',
        KIOSK_TEST_CONTROL: '1',
        KIOSK_DEVICES: 'sim',
        KIOSK_DATA_DIR: this.dataDir,
        KIOSK_SERVER_URL: this.serverUrl,
        KIOSK_CREDENTIAL_FILE: join(this.dataDir, 'terminal.json'),
        LOG_LEVEL: 'warn',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    this.child = child
    let out = ''
    let err = ''
    let partial = ''
    child.stderr?.on('data', (d: Buffer) => {
      err = (err + d.toString()).slice(-4000)
      const lines = (partial + d.toString()).split('\n')
      partial = lines.pop() ?? ''
      this.logLines.push(...lines.filter((l) => l.trim()))
    })
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`device host did not start: ${err}`)), 30_000)
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString()
        const kiosk = /KIOSK_URL=(\S+)/.exec(out)
        const control = /KIOSK_CONTROL_URL=(\S+)/.exec(out)
        if (kiosk && control) {
          this.kioskUrl = kiosk[1] as string
          this.controlUrl = control[1] as string
          clearTimeout(timer)
          resolve()
        }
      })
      child.once('exit', (code) => reject(new Error(`device host exited ${code}: ${err}`)))
    })
  }

  async control<T = unknown>(path: string, body?: unknown): Promise<T> {
    const res = await fetch(this.controlUrl + path, {
      method:
        body === undefined &&
        !path.startsWith('/card') &&
        !path.startsWith('/printer') &&
        !path.startsWith('/catalog') &&
        !path.startsWith('/reader') &&
        path !== '/outbox/retry'
          ? 'GET'
          : 'POST',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    return (await res.json()) as T
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const c = this.child
    this.child = null
    if (!c || c.exitCode !== null) return Promise.resolve()
    return new Promise((r) => {
      c.once('exit', () => r())
      c.kill(signal)
    })
  }
}
