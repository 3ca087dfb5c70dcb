export { StoreError } from './error.js';
export type { StoreErrorCode } from './error.js';
export { openOutbox } from './open-outbox.js';
export type { OpenOutboxOptions } from './options.js';
export type {
  EnqueueOutcome,
  EnqueueResult,
  Job,
  JobChange,
  JobState,
  NewJob,
  Outbox,
  OutboxStats,
} from './outbox.js';
export { parseStoreUrl } from './url.js';
export type { StoreLocation } from './url.js';
