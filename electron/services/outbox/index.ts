export { backoffDelay, defaultBackoff, type BackoffPolicy } from './backoff'
export {
  fileWrappedKeyStore,
  machineKeyFileProvider,
  safeStorageKeyProvider,
  UnsafeKeyStorageError,
  type KeyProvider,
  type SafeStorageLike,
  type WrappedKeyStore,
} from './key-provider'
export { Outbox, type OutboxOptions, type Timers } from './outbox'
export {
  APPLICATIONS_PATH,
  createHttpSender,
  type ApplicationSender,
  type HttpSenderOptions,
  type SendResult,
} from './sender'
