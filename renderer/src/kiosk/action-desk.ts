import { applyPrefill } from '../../../common/catalog/form'
import { formForCard } from '../../../common/catalog/card-form'
import { findEntry } from '../../../common/catalog/schema'
import type { IdCard } from '../../../common/devices/id-card'
import { maskIdNumber, maskName } from '../../../common/privacy/mask'
import {
  CO_SERVICE_HISTORY_MAX,
  type ActionOutcome,
  type ActionRefusal,
  type CoServiceActionEvent,
  type CoServiceHistoryEntry,
  type CoServiceOutcomePayload,
} from '../../../common/signaling/coservice'
import { cardValues } from './card-values'
import { checkAction, withValue, type Proposal } from './co-actions'
import type { KioskState } from './store'

/**
 * The kiosk's side of the clerk's co-service actions: each one is checked against the kiosk's
 * state (co-actions.ts) and refused with a reason if it does not fit, else put in front of the
 * resident (one request at a time; proposals wait on the form), and only the resident's tap
 * carries it out. Every outcome goes back to the clerk and into the visit's history, which the
 * application carries to the centre. The store and the devices are injected.
 */

export interface DeskStore {
  getState(): KioskState
  setState(patch: Partial<KioskState>): void
}

export interface DeskDeps {
  store: DeskStore
  /** The 一次告知单 and a receipt reprint on the receipt printer: whether it printed. */
  printNotice(code: string): Promise<boolean>
  reprintReceipt(caseNumber: string): Promise<boolean>
  /** The card lying on the reader now, if any (read again by the main process). */
  cardOnReader(): Promise<IdCard | null>
  now?: () => Date
}

type Send = (o: CoServiceOutcomePayload) => Promise<unknown>

export class ActionDesk {
  private callId: string | null = null
  private send: Send | null = null

  constructor(private readonly deps: DeskDeps) {}

  private get s(): KioskState {
    return this.deps.store.getState()
  }
  private set(patch: Partial<KioskState>): void {
    this.deps.store.setState(patch)
  }

  /** Consent granted in call `callId`: the clerk's actions may come; outcomes go by `send`. */
  open(callId: string, send: Send): void {
    this.callId = callId
    this.send = send
  }

  /**
   * Consent withdrawn, the call over, or the session reset: what the clerk asked and the
   * resident has not answered goes away unanswered (the history keeps what was answered).
   */
  close(): void {
    this.callId = null
    this.send = null
    if (this.s.coPrompt || Object.keys(this.s.proposals).length > 0)
      this.set({ coPrompt: null, proposals: {} })
  }

  /** A clerk's action, already valid against the contract. */
  receive(ev: CoServiceActionEvent): void {
    if (ev.callId !== this.callId) return
    const { action } = ev
    const base = { callId: ev.callId, actionId: ev.actionId, clerkId: ev.clerkId }
    const refuse = (reason: ActionRefusal) => {
      this.record(base, action.kind, 'refused', { ...detailOf(action), reason })
      this.outcome({ actionId: ev.actionId, outcome: 'refused', reason })
    }
    if (action.kind !== 'propose' && this.s.coPrompt) return refuse('busy')
    const checked = checkAction(this.s, action)
    if ('refused' in checked) return refuse(checked.refused)
    if (action.kind === 'propose' && 'proposals' in checked) {
      const proposals = { ...this.s.proposals }
      for (const p of checked.proposals) {
        const older = proposals[p.path]
        // A newer proposal for the same field replaces the older one, which is declined.
        if (older) this.resolveProposal(older, 'declined')
        proposals[p.path] = { ...base, path: p.path, text: p.text, value: p.value }
      }
      this.set({ proposals, formPage: checked.page })
      return
    }
    if (action.kind === 'propose') return
    this.set({ coPrompt: { ...base, action } })
    if (action.kind === 'read-card')
      void this.deps.cardOnReader().then(
        (card) => card && this.cardRead(card),
        () => undefined,
      )
  }

  /** The resident's answer to the request on screen (for read-card only 取消 is offered). */
  async answer(yes: boolean): Promise<void> {
    const p = this.s.coPrompt
    if (!p) return
    this.set({ coPrompt: null })
    const detail = detailOf(p.action)
    if (!yes || p.action.kind === 'read-card') {
      this.record(p, p.action.kind, 'declined', detail)
      return this.outcome({ actionId: p.actionId, outcome: 'declined' })
    }
    const a = p.action
    // The state may have moved while the question was on screen: checked again.
    const checked = checkAction(this.s, a)
    if ('refused' in checked) {
      this.record(p, a.kind, 'refused', { ...detail, reason: checked.refused })
      return this.outcome({ actionId: p.actionId, outcome: 'refused', reason: checked.refused })
    }
    if (a.kind === 'open-item')
      this.set({ code: a.code, categoryId: null, purpose: 'apply', screen: 'guide', formPage: 0 })
    else if (a.kind === 'photo' && 'index' in checked)
      this.set({
        screen: 'materials',
        materialIndex: checked.index,
        cameraFor: a.materialId,
        returnTo: null,
      })
    else if (a.kind === 'sign') this.set({ screen: 'commitment', returnTo: null })
    else if (a.kind === 'print') {
      const ok =
        a.document === 'notice'
          ? await this.deps.printNotice(this.s.code!).catch(() => false)
          : await this.deps.reprintReceipt(this.s.upload!.caseNumber!).catch(() => false)
      if (!ok) {
        this.record(p, a.kind, 'refused', { ...detail, reason: 'print_failed' })
        return this.outcome({ actionId: p.actionId, outcome: 'refused', reason: 'print_failed' })
      }
    }
    this.record(p, a.kind, 'accepted', detail)
    this.outcome({ actionId: p.actionId, outcome: 'accepted' })
  }

  /** 确认 (or 不用) of one proposed field. */
  confirm(path: string, yes = true): void {
    const p = this.s.proposals[path]
    if (!p) return
    const { [path]: _, ...rest } = this.s.proposals
    void _
    this.set({
      proposals: rest,
      ...(yes ? { formData: withValue(this.s.formData, path, p.value) } : {}),
    })
    this.resolveProposal(p, yes ? 'accepted' : 'declined')
  }

  /** 全部确认 on a form page: every proposal under its section. */
  confirmSection(section: string): void {
    for (const path of Object.keys(this.s.proposals))
      if (path.split('.')[0] === section) this.confirm(path)
  }

  /** A card was read while the clerk's 请把身份证放在读卡区 is on screen. */
  cardRead(card: IdCard): void {
    const p = this.s.coPrompt
    if (p?.action.kind !== 'read-card') return
    this.set({ coPrompt: null })
    const s = this.s
    const entry = s.catalog && s.code ? findEntry(s.catalog, s.code)?.entry : undefined
    // Signing in does the prefill itself (the form screen); a form already open is prefilled
    // again from the card, as when the resident signed in.
    if (s.screen !== 'signin' && entry)
      this.set({
        formData: applyPrefill(
          formForCard(entry.form, card.cardType),
          cardValues(card),
          s.formData,
        ),
      })
    this.record(p, 'read-card', 'accepted', {})
    this.outcome({
      actionId: p.actionId,
      outcome: 'accepted',
      card: { name: maskName(card.name), idNumber: maskIdNumber(card.idNumber) },
    })
  }

  private resolveProposal(p: Proposal, outcome: ActionOutcome): void {
    this.record(p, 'propose', outcome, { path: p.path, value: p.text })
    this.outcome({ actionId: p.actionId, outcome, path: p.path })
  }

  private outcome(o: Omit<CoServiceOutcomePayload, 'callId'>): void {
    const callId = this.callId
    if (!callId || !this.send) return
    // Lost on the way (offline): the history still has it, and goes with the application.
    void this.send({ callId, ...o }).catch(() => undefined)
  }

  private record(
    who: { callId: string; actionId: string; clerkId: string },
    kind: CoServiceHistoryEntry['kind'],
    outcome: ActionOutcome,
    extra: Partial<CoServiceHistoryEntry>,
  ): void {
    const history = this.s.coHistory
    if (history.length >= CO_SERVICE_HISTORY_MAX) return
    const at = (this.deps.now ?? (() => new Date()))().toISOString()
    const entry: CoServiceHistoryEntry = {
      at,
      callId: who.callId,
      clerkId: who.clerkId,
      actionId: who.actionId,
      kind,
      ...extra,
      outcome,
    }
    this.set({ coHistory: [...history, entry] })
  }
}

function detailOf(a: CoServiceActionEvent['action']): Partial<CoServiceHistoryEntry> {
  switch (a.kind) {
    case 'open-item':
      return { code: a.code }
    case 'photo':
      return { materialId: a.materialId }
    case 'print':
      return { document: a.document }
    default:
      return {}
  }
}
