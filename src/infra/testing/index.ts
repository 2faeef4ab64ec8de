/**
 * `@baltra/sdk/testing`: in-memory adapters, data factories and the contract suites that
 * prove an adapter behaves like the SDK's own. Framework-agnostic: pass your runner's
 * `describe`/`it`/`beforeAll`/`afterAll`.
 *
 * @packageDocumentation
 */

export type { AiAssistant, AiCallOptions } from '../../domain/ai/ai-assistant.js';
export type {
  CandidateSummary,
  CandidateSummaryRequest,
} from '../../domain/ai/candidate-summary.js';
export {
  CandidateSummaryRequestSchema,
  CandidateSummarySchema,
} from '../../domain/ai/candidate-summary.js';
export type {
  LeadQualification,
  LeadQualificationRequest,
} from '../../domain/ai/lead-qualification.js';
export {
  LeadQualificationRequestSchema,
  LeadQualificationSchema,
} from '../../domain/ai/lead-qualification.js';
// The declarations of `@baltra/sdk` that this entry's signatures name, exported here too so
// that the entry is complete on its own (API Extractor: no ae-forgotten-export, issue #17).
// Values of src/shared come from their own modules: through '../../shared/index.js' the bundle
// would load most of src/shared with this entry.
export type {
  AcquireLockOptions,
  ActionAttemptStore,
  ActionAttempts,
  AdSpendEntry,
  AdSpendSource,
  AttemptRunMode,
  Candidate,
  CandidateRepository,
  Company,
  CompanyRepository,
  DashboardQueries,
  DomainEvent,
  DomainEventType,
  EventOutbox,
  FailedCompensation,
  FetchLeadsRequest,
  FunnelFilter,
  FunnelStage,
  HiringStats,
  IdempotencyClaim,
  IdempotencyStore,
  LeadCursor,
  LeadCursorRepository,
  LeadPage,
  LeadSource,
  Lock,
  LockManager,
  Money,
  Onboarding,
  OnboardingRepository,
  OnboardingStatus,
  OutboxEntry,
  QuarantinedLead,
  QuarantineRepository,
  RawLead,
  ReportingPeriod,
  Repositories,
  SagaJson,
  SagaRecord,
  SagaStatus,
  SagaStore,
  StageCounts,
  StageTransition,
  StageTransitionRepository,
  StartedWorkflow,
  StartWorkflowRequest,
  UnitOfWork,
  Vacancy,
  VacancyRepository,
  WorkflowGateway,
  WorkflowStatus,
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
  SAGA_STATUSES,
  StageTransitionSchema,
  VacancySchema,
} from '../../domain/index.js';
export { ProcessLocalSagaStore } from '../../domain/services/process-local-saga-store.js';
export { JsonCache } from '../../shared/caching/json-cache.js';
export type {
  BatchOutcome,
  Cache,
  CacheSetOptions,
  FailedEntry,
  InstrumentOptions,
  JsonCacheOptions,
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
  StartSpanOptions,
  Telemetry,
  TelemetryAttributes,
  TelemetryCounter,
  TelemetryGauge,
  TelemetryHistogram,
  TelemetrySpan,
  TelemetrySpanKind,
  TenantTier,
  VisibilityChange,
} from '../../shared/index.js';
export { TENANT_TIERS } from '../../shared/messaging/tenant-tier.js';
export type {
  InMemoryAiAssistantOptions,
  InMemoryAiRequest,
} from '../ai/in-memory-ai-assistant.js';
export { InMemoryAiAssistant } from '../ai/in-memory-ai-assistant.js';
export * from '../memory/index.js';
export * from './contracts/ai-assistant-contract.js';
export * from './contracts/cache-contract.js';
export * from './contracts/contract-test-api.js';
export * from './contracts/expect-baltra-error.js';
export * from './contracts/lock-manager-contract.js';
export * from './contracts/message-queue-contract.js';
export * from './contracts/persistence-contracts.js';
export type * from './contracts/persistence-harness.js';
export * from './contracts/rate-limiter-contract.js';
export * from './contracts/saga-contract.js';
export * from './contracts/tenant-directory-contract.js';
export * from './contracts/use-case-contracts.js';
export * from './factories.js';
export * from './fault-injecting-unit-of-work.js';
export * from './silent-logger.js';
