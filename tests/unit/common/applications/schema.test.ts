import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  Application,
  Rating,
  RatingLevel,
  ratingLevelText,
} from '../../../../common/applications/schema'
import { makeApplication } from '../../../support/applications'

const rating = (level: RatingLevel, reasons: string[] = []) => ({
  id: randomUUID(),
  terminalId: 'kiosk-shiqiao-01',
  subject: { kind: 'application', applicationId: randomUUID() },
  level,
  reasons,
  createdAt: '2025-06-10T09:40:00+08:00',
})

describe('application and rating contracts', () => {
  it('offers the five national rating levels, best first', () => {
    expect(RatingLevel.options.map((l) => ratingLevelText[l]['zh-CN'])).toEqual([
      '非常满意',
      '满意',
      '基本满意',
      '不满意',
      '非常不满意',
    ])
  })

  it('requires a reason for the two lowest ratings only', () => {
    for (const level of RatingLevel.options) {
      const low = level === 'dissatisfied' || level === 'very-dissatisfied'
      expect(Rating.safeParse(rating(level)).success, level).toBe(!low)
      expect(Rating.safeParse(rating(level, ['too-slow'])).success, level).toBe(true)
    }
    const call = { ...rating('satisfied'), subject: { kind: 'call', callId: 'call-42' } }
    expect(Rating.safeParse(call).success).toBe(true)
  })

  it('requires a signature when the commitment was accepted, and each material once', () => {
    const app = makeApplication()
    expect(Application.safeParse({ ...app, signature: undefined }).success).toBe(false)
    expect(
      Application.safeParse({ ...app, commitmentAccepted: false, signature: undefined }).success,
    ).toBe(true)
    const twice = { ...app, materials: [...app.materials, app.materials[0]] }
    expect(Application.safeParse(twice).success).toBe(false)
    expect(Application.safeParse({ ...app, id: 'not-a-uuid' }).success).toBe(false)
  })
})
