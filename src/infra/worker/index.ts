/**
 * `@baltra/sdk/worker`: the DomainAction worker runtime (handler registry, per-message
 * pipeline, tier-weighted polling, retries, dead letters, callbacks, graceful shutdown), the
 * outbox relay and the AWS Lambda entry.
 *
 * @packageDocumentation
 */

// The declarations of `@baltra/sdk` that this entry's signatures name, exported here too so
// that the entry is complete on its own (API Extractor: no ae-forgotten-export, issue #17).
// Values of src/shared come from their own modules: through '../../shared/index.js' the bundle
// would load most of src/shared with this entry.
export type {
  AcquireLockOptions,
  ActionAttemptStore,
  ActionAttempts,
  AttemptRunMode,
  Candidate,
  CandidateRepository,
  Company,
  CompanyRepository,
  DashboardQueries,
  DomainEvent,
  DomainEventType,
  EventOutbox,
  FunnelFilter,
  FunnelStage,
  HiringStats,
  IdempotencyClaim,
  IdempotencyStore,
  LeadCursor,
  LeadCursorRepository,
  Lock,
  LockManager,
  Onboarding,
  OnboardingRepository,
  OnboardingStatus,
  OutboxEntry,
  QuarantinedLead,
  QuarantineRepository,
  RawLead,
  ReportingPeriod,
  Repositories,
  StageCounts,
  StageTransition,
  StageTransitionRepository,
  TenantDirectory,
  TenantDirectoryAdmin,
  TenantLimits,
  TenantRecord,
  TenantStatus,
  UnitOfWork,
  Vacancy,
  VacancyRepository,
} from '../../domain/index.js';
export {
  CandidateSchema,
  CompanySchema,
  DOMAIN_EVENT_TYPES,
  FunnelFilterSchema,
  FunnelStageSchema,
  ONBOARDING_STATUSES,
  RawLeadSchema,
  ReportingPeriodSchema,
  StageTransitionSchema,
  VacancySchema,
} from '../../domain/index.js';
export { EdgeError } from '../../shared/http/edge-error.js';
export type {
  BatchOutcome,
  DeadLetterReason,
  DomainAction,
  EdgeErrorOptions,
  FailedEntry,
  LogFields,
  Logger,
  MessageAttributeValue,
  MessageQueue,
  MessageQueueLimits,
  OutgoingMessage,
  RateLimitDecision,
  RateLimiter,
  RateLimitRequest,
  ReceivedMessage,
  ReceiveOptions,
  SendOutcome,
  SpanIdentity,
  StandardSchemaV1,
  TenantTier,
  VisibilityChange,
} from '../../shared/index.js';
export { DOMAIN_ACTION_VERSION } from '../../shared/messaging/domain-action.js';
export { TENANT_TIERS } from '../../shared/messaging/tenant-tier.js';
export type { DeadLetterErrorCode } from '../dead-letters/dead-letter-error.js';
export { DeadLetterError } from '../dead-letters/dead-letter-error.js';
export type { DeadLetterMessage } from '../dead-letters/dead-letter-message.js';
export { UNRECORDED_REASON } from '../dead-letters/dead-letter-message.js';
export type { DeadLetterReadOptions } from '../dead-letters/dead-letter-read-options.js';
export type {
  DeadLetterAge,
  DeadLetterSummary,
  ListDeadLettersOptions,
} from '../dead-letters/list-dead-letters.js';
export { listDeadLetters } from '../dead-letters/list-dead-letters.js';
export type {
  ReplayDeadLettersOptions,
  ReplayedMessage,
  ReplayFailure,
  ReplayProgress,
  ReplayReport,
} from '../dead-letters/replay-dead-letters.js';
export { replayDeadLetters } from '../dead-letters/replay-dead-letters.js';
export type { DeadLetterView, ShowDeadLetterOptions } from '../dead-letters/show-dead-letter.js';
export { showDeadLetter } from '../dead-letters/show-dead-letter.js';
export type { ActionFailure } from './action-failure.js';
export { toActionFailure } from './action-failure.js';
export { actionFingerprint } from './action-fingerprint.js';
export type { ActionHandler, ActionHandlerContext } from './action-handler.js';
export { defineActionHandler } from './action-handler.js';
export { ActionHandlerRegistry } from './action-handler-registry.js';
export { actionKey } from './action-key.js';
export type {
  ActionProcessorOptions,
  ProcessInput,
  ProcessOutcome,
} from './action-processor.js';
export { ActionProcessor } from './action-processor.js';
export type { CachingTenantDirectoryOptions } from './caching-tenant-directory.js';
export { CachingTenantDirectory } from './caching-tenant-directory.js';
export type { CallbackDeadLettered, CallbackOptions } from './callback-dispatcher.js';
export { CallbackDispatcher } from './callback-dispatcher.js';
export type {
  SqsBatchResponse,
  SqsEvent,
  SqsEventRecord,
  SqsHandlerOptions,
} from './create-sqs-handler.js';
export { createSqsHandler } from './create-sqs-handler.js';
export type { DeadLetterRecord, MovedAttribute } from './dead-letter-record.js';
export { DEAD_LETTER_ATTRIBUTE, readDeadLetterRecord } from './dead-letter-record.js';
export type { AttemptPolicy, DeadLetterVerdict, RetryVerdict } from './decide-outcome.js';
export { decideAfterFailure, decideBeforeRun, decideForTenant } from './decide-outcome.js';
export { defaultDeadLetterQueue } from './default-dead-letter-queue.js';
export { HandlerTimeoutError } from './handler-timeout-error.js';
export { IdempotencyConflictError } from './idempotency-conflict-error.js';
export { isPermanentFailure } from './is-permanent-failure.js';
export type { OutboxRelayOptions, PublishedEvent, RelayRound } from './outbox-relay.js';
export { OutboxRelay, toPublishedEvent } from './outbox-relay.js';
export { ResultNotSerialisableError } from './result-not-serialisable-error.js';
export type { RetryDelayOptions } from './retry-delay-seconds.js';
export { retryDelaySeconds } from './retry-delay-seconds.js';
export type { CallbackOutcome } from './send-callback.js';
export { callbackMessage, sendCallback } from './send-callback.js';
export type { DeadLetterDetails, DeadLetterSource } from './send-to-dead-letter-queue.js';
export { DEAD_LETTER_ATTRIBUTES, sendToDeadLetterQueue } from './send-to-dead-letter-queue.js';
export type { Weighted } from './weighted-round-robin.js';
export { WeightedRoundRobin } from './weighted-round-robin.js';
export { Worker } from './worker.js';
export { WorkerConfigurationError } from './worker-configuration-error.js';
export { WorkerCrashedError } from './worker-crashed-error.js';
export type {
  ShutdownReport,
  WorkerEvent,
  WorkerOptions,
  WorkerQueue,
  WorkerStats,
} from './worker-options.js';
