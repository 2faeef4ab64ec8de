export * from './in-memory-action-attempt-store.js';
export * from './in-memory-ad-spend-source.js';
export * from './in-memory-cache.js';
export * from './in-memory-candidate-repository.js';
export * from './in-memory-company-repository.js';
export * from './in-memory-dashboard-queries.js';
export * from './in-memory-event-outbox.js';
export * from './in-memory-idempotency-store.js';
export * from './in-memory-lead-cursor-repository.js';
export * from './in-memory-lead-source.js';
export * from './in-memory-lock-manager.js';
export * from './in-memory-message-queue.js';
export * from './in-memory-onboarding-repository.js';
export * from './in-memory-quarantine-repository.js';
export * from './in-memory-rate-limiter.js';
export * from './in-memory-saga-store.js';
export * from './in-memory-stage-transition-repository.js';
export {
  type ActionAttemptRecord,
  cloneInMemoryState,
  emptyInMemoryState,
  type IdempotencyRecord,
  type InMemoryState,
} from './in-memory-store.js';
export * from './in-memory-tenant-directory.js';
export * from './in-memory-unit-of-work.js';
export * from './in-memory-vacancy-repository.js';
export * from './in-memory-workflow-gateway.js';
