import type { z } from 'zod'
import type { terminalInbound } from '../../../common/signaling'
import { maskName } from '../../../common/privacy/mask'
import { priorityOf, priorityReasons } from '../priority'
import type { CallRecord, QueueEntryRecord } from '../store/types'

/** A `queue:join` turned into the call record and queue entry (priority from priority.ts). */

type JoinPayload = z.infer<(typeof terminalInbound)['queue:join']>

export function ageOn(birthDate: string, now: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number]
  let age = now.getFullYear() - y
  if (now.getMonth() + 1 < m || (now.getMonth() + 1 === m && now.getDate() < d)) age -= 1
  return age
}

export function newRequest(
  id: string,
  terminal: { terminalId: string; hall: string; name: string },
  p: JoinPayload,
  t: number,
): { rec: CallRecord; entry: QueueEntryRecord } {
  const reasons = priorityReasons(
    p.birthDate ? ageOn(p.birthDate, new Date(t)) : null,
    p.disability,
  )
  const rec: CallRecord = {
    id,
    terminalId: terminal.terminalId,
    hall: terminal.hall,
    terminalName: terminal.name,
    category: p.category,
    itemId: p.item.id,
    itemTitle: p.item.title,
    stepId: p.step.id,
    stepLabel: p.step.label,
    mode: p.mode,
    priority: priorityOf(reasons),
    priorityReasons: reasons,
    state: 'queued',
    endReason: null,
    clerkId: null,
    generation: 0,
    requeueCount: 0,
    queuedAt: t,
    offeredAt: null,
    acceptedAt: null,
    connectedAt: null,
    endedAt: null,
    outcome: null,
    notes: null,
    qualityTerminal: null,
    qualityClerk: null,
    visitId: p.visitId ?? null,
    coService: [],
  }
  const entry: QueueEntryRecord = {
    callId: rec.id,
    maskedName: p.residentName ? maskName(p.residentName) : null,
    front: false,
  }
  return { rec, entry }
}
