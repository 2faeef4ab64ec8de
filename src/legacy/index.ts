/**
 * `@baltra/sdk/legacy`: deprecated names of the older shared libraries (Baltra SDK, nooble4
 * common, carpeta_common, Reten service core), spelled the TypeScript way, as thin shims over
 * the current API. Each warns once (a `DeprecationWarning` with a stable `BALTRA_DEPnnn`
 * code, silenced by `--no-deprecation`) and names its replacement; see docs/migration.md.
 *
 * @packageDocumentation
 */

// The declarations of `@baltra/sdk` that this entry's signatures name, exported here too so
// that the entry is complete on its own (API Extractor: no ae-forgotten-export, issue #17).
// Those of `@baltra/sdk/worker` and `@baltra/sdk/opentelemetry` are exported as types only:
// their values come from those entries. The circuit breaker of `@baltra/sdk` is exported as
// `SdkCircuitBreaker` (and its state as `SdkCircuitBreakerState`): this entry's
// `CircuitBreaker` is carpeta_common's.
// Values of src/shared come from their own modules: through '../shared/index.js' the bundle
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
  DashboardReport,
  DomainEvent,
  DomainEventType,
  EventOutbox,
  FailedCompensation,
  FunnelBuckets,
  FunnelFilter,
  FunnelStage,
  HiringStats,
  IdempotencyClaim,
  IdempotencyStore,
  LeadCursor,
  LeadCursorRepository,
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
  StageConversion,
  StageCounts,
  StageTransition,
  StageTransitionRepository,
  UnitOfWork,
  Vacancy,
  VacancyRepository,
} from '../domain/index.js';
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
} from '../domain/index.js';
export type {
  OpenTelemetryAdapter,
  OpenTelemetryAdapterOptions,
  OpenTelemetryApi,
  OpenTelemetryContext,
  OpenTelemetryContextApi,
  OpenTelemetryCounter,
  OpenTelemetryMeter,
  OpenTelemetryMetricsApi,
  OpenTelemetryRecorder,
  OpenTelemetrySpan,
  OpenTelemetrySpanContext,
  OpenTelemetrySpanOptions,
  OpenTelemetryTraceApi,
  OpenTelemetryTracer,
  TelemetrySanitiseOptions,
} from '../infra/opentelemetry/index.js';
export type {
  ActionHandler,
  ActionHandlerContext,
  ActionHandlerRegistry,
  ActionProcessor,
  ActionProcessorOptions,
  AttemptPolicy,
  CallbackOptions,
  ProcessInput,
  ProcessOutcome,
  RetryDelayOptions,
  ShutdownReport,
  Worker,
  WorkerEvent,
  WorkerOptions,
  WorkerQueue,
  WorkerStats,
} from '../infra/worker/index.js';
export type {
  BatchOutcome,
  CircuitBreaker as SdkCircuitBreaker,
  CircuitBreakerState as SdkCircuitBreakerState,
  CreateDomainActionInput,
  CreateLoggerOptions,
  DeadLetterReason,
  DomainAction,
  EmailMaskStyle,
  FailedEntry,
  InstrumentOptions,
  LogFields,
  Logger,
  LogLevel,
  MessageAttributeValue,
  MessageQueue,
  MessageQueueLimits,
  OutgoingMessage,
  PolicyContext,
  RateLimitDecision,
  RateLimiter,
  RateLimitRequest,
  ReceivedMessage,
  ReceiveOptions,
  ResilienceEvent,
  ResilienceListener,
  ResiliencePolicy,
  SanitiseOptions,
  SendOutcome,
  SpanIdentity,
  StandardSchemaV1,
  StartSpanOptions,
  Telemetry,
  TelemetryAttributes,
  TelemetryCounter,
  TelemetryGauge,
  TelemetryHistogram,
  TelemetrySpan,
  TelemetrySpanKind,
  TenantTier,
  TruncationMarker,
  VisibilityChange,
} from '../shared/index.js';
export { LOG_LEVELS } from '../shared/logging/log-level.js';
export { DOMAIN_ACTION_VERSION } from '../shared/messaging/domain-action.js';
export { TENANT_TIERS } from '../shared/messaging/tenant-tier.js';
export * from './acquire-lock.js';
export * from './base-worker.js';
export * from './calculate-conversion-rates.js';
export * from './circuit-breaker.js';
export * from './configure-logging.js';
export * from './consume-events.js';
export * from './domain-queue-manager.js';
export * from './get-dashboard-metrics.js';
export * from './get-funnel-buckets.js';
export * from './get-stage-counts.js';
export * from './publish-event.js';
export * from './release-lock.js';
export * from './saga.js';
export * from './setup-logging.js';
export * from './setup-observability.js';
