import { create } from 'zustand'
import type { ReceiptView } from '../../../common/bridge/contract'
import type { Signature, UploadStatus, CaseProgress } from '../../../common/applications/schema'
import type { Catalog, LocalizedText } from '../../../common/catalog/schema'
import type { IdCard } from '../../../common/devices/id-card'
import type { CoServiceHistoryEntry } from '../../../common/signaling/coservice'
import type { PendingAction, Proposal } from './co-actions'
import type { TextEntryMode } from '../ui/text-entry/field'
import { newVisitId } from './visit'

export type Screen =
  | 'home'
  | 'category'
  | 'guide'
  | 'signin'
  /** The card decides against the chosen item (age, validity, hukou): why, and video help. */
  | 'ineligible'
  | 'form'
  | 'materials'
  | 'commitment'
  | 'review'
  | 'receipt'
  | 'rating'
  | 'progress'
  /** 撤回 of one case from the progress screen: the question, then what the centre answered. */
  | 'withdraw'

/** A material as decided on the kiosk: photographed (page previews), deferred or at the counter. */
export interface MaterialChoice {
  kind: 'photographed' | 'deferred' | 'not-captured'
  /** Object URLs of the page previews, revoked on reset. */
  previews: string[]
  /**
   * The kept JPEGs behind the previews, for the co-service console (the kiosk's CSP lets no
   * fetch read a blob: URL); forgotten with the previews.
   */
  blobs?: Blob[]
  dueDate?: string
}

export interface KioskState {
  screen: Screen
  catalog: Catalog | null
  categoryId: string | null
  code: string | null
  /** Where sign-in leads: the form of the chosen item, or progress lookup. */
  purpose: 'apply' | 'progress'
  card: IdCard | null
  cardPresent: boolean
  /** The card was made from an identity a clerk checked by video (身份经视频核验), not read. */
  identityByVideo: boolean
  formData: Record<string, unknown>
  formPage: number
  materialIndex: number
  materials: Record<string, MaterialChoice>
  signature: Signature | null
  /** Set when 修改 on the review screen opened a step: that step's 下一步 leads back to review. */
  returnTo: 'review' | null
  upload: UploadStatus | null
  receipt: ReceiptView | null
  cases: CaseProgress[] | null
  /** 补交 from the progress screen: the case and material the camera screen photographs. */
  supply: { caseNumber: string; code: string; materialId: string; sent: boolean } | null
  /** The case the withdraw screen asks about. */
  withdraw: { caseNumber: string; name: LocalizedText } | null
  largeText: boolean
  /** The text-entry mode the resident last chose (手写, 拼音…), for this session only. */
  textMode: TextEntryMode | null
  /** The form field whose text-entry panel is open. */
  textField: string | null
  /**
   * This resident's visit, new at every reset: carried by a video-help request and by the
   * application submitted in the same visit, so the centre links the calls to the case.
   */
  visitId: string
  /** Co-service: the clerk's request on screen now (one at a time; proposals are apart). */
  coPrompt: PendingAction | null
  /** Field values a clerk proposed, by field path, until the resident confirms or declines. */
  proposals: Record<string, Proposal>
  /** Every clerk action of this visit and what became of it: submitted with the application. */
  coHistory: CoServiceHistoryEntry[]
  /** The clerk asked for a photo of this material: the camera screen opens its camera at once. */
  cameraFor: string | null
  go(screen: Screen): void
  set(patch: Partial<KioskState>): void
  /** Forgets everything of the resident (the catalog is not personal and stays). */
  reset(): void
}

const blank = {
  screen: 'home' as Screen,
  categoryId: null,
  code: null,
  purpose: 'apply' as const,
  card: null,
  cardPresent: false,
  identityByVideo: false,
  formData: {},
  formPage: 0,
  materialIndex: 0,
  materials: {},
  signature: null,
  returnTo: null,
  upload: null,
  receipt: null,
  cases: null,
  supply: null,
  withdraw: null,
  largeText: false,
  textMode: null as TextEntryMode | null,
  textField: null as string | null,
  coPrompt: null as PendingAction | null,
  proposals: {} as Record<string, Proposal>,
  coHistory: [] as CoServiceHistoryEntry[],
  cameraFor: null as string | null,
}

export const useKiosk = create<KioskState>((set, get) => ({
  ...blank,
  catalog: null,
  visitId: newVisitId(),
  go: (screen) => set({ screen }),
  set: (patch) => set(patch),
  reset: () => {
    for (const m of Object.values(get().materials))
      for (const u of m.previews) URL.revokeObjectURL(u)
    set({ ...blank, visitId: newVisitId() })
  },
}))
