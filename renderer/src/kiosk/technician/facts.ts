import type { TFunction } from 'i18next'
import type { SelfTestPart } from '../../../../common/fleet/self-test'
import type { Facts } from './self-test-verdicts'

/** What the technician reads beside a part, in words, from its findings. */
export function factsText(t: TFunction, part: SelfTestPart, f: Facts | undefined): string {
  if (!f) return ''
  const v = (x: string | number | undefined) =>
    x === undefined ? '' : t(`technician.fact.value.${String(x)}`, { defaultValue: String(x) })
  switch (part) {
    case 'id-reader':
      return f.idNumber ? t('technician.fact.card', { name: f.name, idNumber: f.idNumber }) : ''
    case 'printer':
      return t('technician.fact.printer', {
        state: v(f.state),
        paper: v(f.paper),
        paperWidth: f.paperWidth,
      })
    case 'camera':
      return t('technician.fact.camera', { width: f.width, height: f.height })
    case 'microphone':
      return t('technician.fact.microphone', { peak: f.peak })
    case 'network': {
      const parts = [
        t('technician.fact.network', {
          centre: v(f.centre),
          signaling: v(f.signaling),
          turn: v(f.turn),
        }),
      ]
      if (typeof f.rttMs === 'number') parts.push(t('technician.fact.rtt', { rttMs: f.rttMs }))
      if (typeof f.clockSkewMs === 'number')
        parts.push(t('technician.fact.skew', { seconds: (f.clockSkewMs / 1000).toFixed(1) }))
      return parts.join('；')
    }
    case 'disk':
      return typeof f.freeMb === 'number' ? t('technician.fact.disk', { freeMb: f.freeMb }) : ''
    case 'outbox': {
      const text = t('technician.fact.outbox', { waiting: f.waiting })
      return typeof f.oldestAgeSeconds === 'number'
        ? `${text}，${t('technician.fact.oldest', { minutes: Math.floor(f.oldestAgeSeconds / 60) })}`
        : text
    }
    case 'speaker':
      return ''
  }
}
