// The idempotency adapter of `@baltra/sdk/redis`, with the declarations of `@baltra/sdk` its
// signatures name (so the entry is complete on its own, issue #17).
export type {
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
  UnitOfWork,
  Vacancy,
  VacancyRepository,
} from '../../../domain/index.js';
export { IdempotencyResultNotSavedError } from './idempotency-result-not-saved-error.js';
export { RedisIdempotencyScope } from './redis-idempotency-scope.js';
export type { RedisIdempotencyStoreOptions } from './redis-idempotency-store.js';
export { RedisIdempotencyStore } from './redis-idempotency-store.js';
export { RedisIdempotentUnitOfWork } from './redis-idempotent-unit-of-work.js';
