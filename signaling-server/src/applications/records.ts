import type { LocalizedText } from '../../../common/catalog/schema'
import type { ApplicationConfirmation, CaseStatus } from '../../../common/applications/schema'
import type { CaseWorkStore } from '../cases/store'
import type { SupervisionStore } from '../supervision/store'
import type { CatalogVersionStore } from '../catalog/store'

/*
 * What the centre keeps of residents' applications, cases and ratings, as async interfaces per
 * aggregate. The stores only store and fetch: personal fields arrive sealed (AES-256-GCM, by
 * the services in cases.ts and ratings.ts) and leave sealed; idempotency, case numbering, bundle
 * fan-out, confirmations and status rules are theirs. The atomic primitives here
 * (insert if absent, next sequence value, change if the status is still) are what a
 * multi-process or PostgreSQL implementation needs to keep those rules. Every implementation
 * passes the contract suite in tests/integration/stores/.
 */

/** A stored application: the index fields in clear, the record itself sealed. */
export interface StoredApplication {
  id: string
  terminalId: string
  kind: 'item' | 'bundle'
  code: string
  catalogVersion: string
  caseNumber: string
  /** HMAC of the applicant's ID number (progress lookup). */
  applicantKey: string
  /** HMAC of the canonical payload (idempotency: same id, same payload?). */
  fingerprint: string
  /** The application without its images' bytes, sealed. */
  sealed: Buffer
  /** What the kiosk was answered, kept to answer a repeat identically. */
  confirmation: ApplicationConfirmation
  receivedAt: number
  /** HMAC of the receipt's QR token; unique when set. */
  receiptKey: string | null
}

/** One photographed page, sealed. */
export interface StoredPage {
  materialId: string
  page: number
  mediaType: string
  sealed: Buffer
}

export interface MissingMaterial {
  materialId: string
  name: LocalizedText
  /** YYYY-MM-DD */
  dueDate: string
}

/** A case to open with an application; its first event has the same status and time. */
export interface NewCase {
  caseNumber: string
  itemCode: string
  itemName: LocalizedText
  status: CaseStatus
  missing: MissingMaterial[]
  /** The back office's index (cases/store.ts): the item's category, the hall, the first due day. */
  categoryId?: string
  hall?: string
  dueOn?: string | null
}

/** A case as stored; `missing` holds the materials not yet received, by due date. */
export interface CaseRecord {
  caseNumber: string
  applicationId: string
  itemCode: string
  itemName: LocalizedText
  status: CaseStatus
  noteSealed: Buffer | null
  resultSealed: Buffer | null
  submittedAt: number
  updatedAt: number
  missing: MissingMaterial[]
}

/** A status change as the store applies it (one history event with it). */
export interface CaseChange {
  status: CaseStatus
  at: number
  byUser: string
  /** Replaces the note (null clears it). */
  noteSealed: Buffer | null
  /** Replaces the result; null keeps the one there. */
  resultSealed: Buffer | null
  /** The event's copy of the note. */
  eventNoteSealed: Buffer | null
  /** Asked for (again): outstanding with this due date. */
  requestMaterials: MissingMaterial[]
  /** Received now. */
  receivedMaterials: string[]
}

export type InsertOutcome = 'inserted' | 'id_exists' | 'receipt_key_exists'

/** Applications and the cases they open. */
export interface ApplicationStore {
  /** Atomically the next value (1, 2, …) of a named sequence (one per day of case numbers). */
  nextSequence(name: string): Promise<number>
  /**
   * Atomically stores the application with its pages and cases, unless an application with its
   * id (or its receipt key) exists: then nothing is written.
   */
  insertApplication(
    app: StoredApplication,
    pages: readonly StoredPage[],
    cases: readonly NewCase[],
  ): Promise<InsertOutcome>
  findApplication(id: string): Promise<StoredApplication | null>
  findApplicationByReceiptKey(receiptKey: string): Promise<StoredApplication | null>
  pages(applicationId: string): Promise<StoredPage[]>
  countApplications(): Promise<number>
  getCase(caseNumber: string): Promise<CaseRecord | null>
  /** An applicant's cases, latest first. */
  casesForApplicant(applicantKey: string): Promise<CaseRecord[]>
  /** An application's cases in the order they were opened. */
  casesOfApplication(applicationId: string): Promise<CaseRecord[]>
  /**
   * Atomically applies the change if the case's status is still `fromStatus`; the case as it is
   * then, or null when it is missing or its status moved on.
   */
  changeCase(
    caseNumber: string,
    fromStatus: CaseStatus,
    change: CaseChange,
  ): Promise<CaseRecord | null>
}

export interface StoredRating {
  id: string
  terminalId: string
  subjectKind: 'application' | 'call'
  subjectId: string
  level: string
  reasons: string[]
  commentSealed: Buffer | null
  fingerprint: string
  /** As the kiosk sent it (ISO). */
  createdAt: string
  receivedAt: number
}

export interface RatingStore {
  /** Inserts unless a rating with this id exists; whether it did. */
  insertRating(r: StoredRating): Promise<boolean>
  getRating(id: string): Promise<StoredRating | null>
  countRatings(): Promise<number>
}

/**
 * The applications database as one object (applications, cases, their work, ratings, the
 * published catalog versions).
 */
export interface RecordsStore
  extends ApplicationStore, CaseWorkStore, RatingStore, SupervisionStore, CatalogVersionStore {
  close(): Promise<void>
}
