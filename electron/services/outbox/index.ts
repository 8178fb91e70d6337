export { backoffDelay, defaultBackoff, type BackoffPolicy } from '../../../node-common/backoff'
export {
  fileWrappedKeyStore,
  machineKeyFileProvider,
  safeStorageKeyProvider,
  UnsafeKeyStorageError,
  type KeyProvider,
  type SafeStorageLike,
  type WrappedKeyStore,
} from './key-provider'
export {
  Outbox,
  type OutboxOptions,
  type RatingQueueStatus,
  type SupplyQueueStatus,
  type Timers,
} from './outbox'
export {
  APPLICATIONS_PATH,
  RATINGS_PATH,
  createHttpRatingSender,
  createHttpSender,
  createHttpSupplySender,
  type ApplicationSender,
  type HttpSenderOptions,
  type RatingSender,
  type RatingSendResult,
  type SendResult,
  type SupplySender,
  type SupplySendResult,
} from './sender'
export { SealedPrintJobStore } from './print-jobs'
