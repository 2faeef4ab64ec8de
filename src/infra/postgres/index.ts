// @baltra/sdk/postgres: PostgreSQL and PGlite adapters over Kysely. Importing this module loads
// neither `pg` nor `@electric-sql/pglite`; they are imported on the first query.

// The declarations of `@baltra/sdk` that this entry's signatures name, exported here too so
// that the entry is complete on its own (API Extractor: no ae-forgotten-export, issue #17).
export type {
  AcquireLockOptions,
  ActionAttemptStore,
  ActionAttempts,
  AttemptRunMode,
  BaltraErrorOptions,
  Candidate,
  CandidateRepository,
  CandidateSource,
  Company,
  CompanyRepository,
  CompanyTier,
  DashboardQueries,
  DomainEvent,
  DomainEventType,
  ErrorContext,
  EventOutbox,
  FailedCompensation,
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
  SagaJson,
  SagaRecord,
  SagaStatus,
  SagaStore,
  StageCounts,
  StageTransition,
  StageTransitionRepository,
  UnitOfWork,
  Vacancy,
  VacancyRepository,
} from '../../domain/index.js';
export {
  BaltraError,
  CandidateSchema,
  CandidateSourceSchema,
  CompanySchema,
  CompanyTierSchema,
  DOMAIN_EVENT_TYPES,
  FunnelFilterSchema,
  FunnelStageSchema,
  InfrastructureError,
  ONBOARDING_STATUSES,
  RawLeadSchema,
  ReportingPeriodSchema,
  SAGA_STATUSES,
  StageTransitionSchema,
  VacancySchema,
} from '../../domain/index.js';
export type {
  LogFields,
  Logger,
  RateLimitDecision,
  RateLimiter,
  RateLimitRequest,
  TenantTier,
} from '../../shared/index.js';
export { TENANT_TIERS } from '../../shared/index.js';
export { MissingPeerDependencyError } from '../peer/missing-peer-dependency-error.js';
export {
  BULK_INSERT_CHANNEL,
  type BulkInsertEvent,
  type BulkInsertMode,
} from './bulk-insert-mode.js';
export {
  type CreateLockManagerOptions,
  createLockManager,
  type PostgresPooler,
} from './create-lock-manager.js';
export type * from './database-schema.js';
export { DatabaseUnavailableError } from './database-unavailable-error.js';
export {
  disableRowLevelSecurity,
  enableRowLevelSecurity,
  ROW_LEVEL_SECURITY_TABLES,
  rowLevelSecurityTables,
} from './enable-row-level-security.js';
export { KyselyActionAttemptStore } from './kysely-action-attempt-store.js';
export { KyselyCandidateRepository } from './kysely-candidate-repository.js';
export { KyselyCompanyRepository } from './kysely-company-repository.js';
export { KyselyDashboardQueries } from './kysely-dashboard-queries.js';
export { KyselyEventOutbox } from './kysely-event-outbox.js';
export { KyselyIdempotencyStore } from './kysely-idempotency-store.js';
export { KyselyLeadCursorRepository } from './kysely-lead-cursor-repository.js';
export { KyselyOnboardingRepository } from './kysely-onboarding-repository.js';
export { KyselyQuarantineRepository } from './kysely-quarantine-repository.js';
export { KyselySagaStore } from './kysely-saga-store.js';
export { KyselyStageTransitionRepository } from './kysely-stage-transition-repository.js';
export { KyselyTenantDirectory } from './kysely-tenant-directory.js';
export { KyselyUnitOfWork, type KyselyUnitOfWorkOptions } from './kysely-unit-of-work.js';
export { KyselyVacancyRepository } from './kysely-vacancy-repository.js';
export {
  BALTRA_MIGRATION_LOCK_TABLE,
  BALTRA_MIGRATION_TABLE,
  type BaltraMigratorOptions,
  createMigrator,
  migrateToLatest,
  throwIfMigrationFailed,
} from './migrate-to-latest.js';
export { BALTRA_MIGRATIONS, baltraMigrationProvider } from './migrations.js';
export {
  type OpenPgliteOptions,
  openPglite,
  type PgliteClientOptions,
  type PgliteCreateOptions,
} from './open-pglite.js';
export {
  type OpenPostgresOptions,
  openPostgres,
  type PostgresConnectionOptions,
  type PostgresPoolLike,
  type PostgresPoolOptions,
} from './open-postgres.js';
export type { PgliteClient, PgliteQueryResult } from './pglite-client.js';
export { PgliteConnection } from './pglite-connection.js';
export { PgliteDialect, type PgliteDialectConfig } from './pglite-dialect.js';
export { PgliteDriver } from './pglite-driver.js';
export {
  type PostgresLeaseLock,
  PostgresLeaseLockManager,
  type PostgresLeaseLockManagerOptions,
} from './postgres-lease-lock-manager.js';
export { PostgresLockManager, type PostgresLockManagerOptions } from './postgres-lock-manager.js';
export {
  PostgresRateLimiter,
  type PostgresRateLimiterOptions,
  type RateLimiterOptions,
  type RateLimitPolicies,
  type RateLimitQuota,
} from './postgres-rate-limiter.js';
export {
  isRowLevelSecurityOn,
  setCompanyForTransaction,
  useRowLevelSecurity,
} from './row-level-security-mode.js';
export {
  type DatabaseErrorFacts,
  databaseErrorFacts,
  translateDatabaseError,
} from './translate-database-error.js';
