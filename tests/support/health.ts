import type { HealthReport } from '../../common/signaling/health'

/** A healthy kiosk's report (printer ready, nothing waiting), with what a test changes. */
export function healthReport(over: Partial<HealthReport> = {}): HealthReport {
  return {
    appVersion: '0.1.0',
    catalogVersion: '2025.06.7',
    devices: [
      { role: 'id-reader', state: 'ready' },
      { role: 'receipt-printer', state: 'ready' },
    ],
    printer: { state: 'ready', paper: 'ok' },
    outbox: { waiting: 0, oldestAgeSeconds: null },
    diskFreeMb: 20_480,
    uptimeSeconds: 3600,
    lastSelfTest: null,
    rttMs: 12,
    ...over,
  }
}
