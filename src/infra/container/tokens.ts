import type { ServiceIdentifier } from 'inversify';
import type { Kysely } from 'kysely';
import type { AdSpendSource } from '../../domain/ports/ad-spend-source.js';
import type { LeadSource } from '../../domain/ports/lead-source.js';
import type { LockManager } from '../../domain/ports/lock-manager.js';
import type { SagaStore } from '../../domain/ports/saga-store.js';
import type { TenantDirectoryAdmin } from '../../domain/ports/tenant-directory.js';
import type { UnitOfWork } from '../../domain/ports/unit-of-work.js';
import type { WorkflowGateway } from '../../domain/ports/workflow-gateway.js';
import type { AdminDashboardService } from '../../domain/services/admin-dashboard-service.js';
import type { LeadIngestionService } from '../../domain/services/lead-ingestion-service.js';
import type { OnboardingService } from '../../domain/services/onboarding-service.js';
import type { Cache } from '../../shared/caching/cache.js';
import type { HealthCheck } from '../../shared/health/health-check.js';
import type { Logger } from '../../shared/logging/logger.js';
import type { MessageQueue } from '../../shared/messaging/message-queue.js';
import type { RateLimiter } from '../../shared/messaging/rate-limiter.js';
import type { CoreSettings } from '../../shared/settings/core-settings.js';
import type { BaltraDatabase } from '../postgres/database-schema.js';
import type { TransactionalFunnelService } from './transactional-funnel-service.js';

/**
 * Explicit service identifiers of the composition root. Bind or rebind them in
 * `bootstrap({ configure })`; resolve them with `app.get(TOKENS.X)`.
 *
 * @example
 * ```ts
 * const app = await bootstrap();
 * const funnel = app.get(TOKENS.FunnelService);
 * ```
 */
export const TOKENS = {
  Settings: Symbol.for('@baltra/sdk/Settings') as ServiceIdentifier<CoreSettings>,
  Logger: Symbol.for('@baltra/sdk/Logger') as ServiceIdentifier<Logger>,
  /** Only bound when the app uses a SQL database (PGlite or PostgreSQL). */
  Database: Symbol.for('@baltra/sdk/Database') as ServiceIdentifier<Kysely<BaltraDatabase>>,
  UnitOfWork: Symbol.for('@baltra/sdk/UnitOfWork') as ServiceIdentifier<UnitOfWork>,
  FunnelService: Symbol.for(
    '@baltra/sdk/FunnelService',
  ) as ServiceIdentifier<TransactionalFunnelService>,
  /**
   * Durable saga progress: `KyselySagaStore` on the app's SQL database (table `sagas`),
   * `InMemorySagaStore` otherwise, or `overrides.sagaStore`.
   */
  SagaStore: Symbol.for('@baltra/sdk/SagaStore') as ServiceIdentifier<SagaStore>,
  /**
   * Each tenant's tier, status and own limits (the worker's `tenants`; wrap it in a
   * `CachingTenantDirectory` to share one cache): `KyselyTenantDirectory` on the app's SQL
   * database (table `tenants`), `InMemoryTenantDirectory` otherwise, or
   * `overrides.tenantDirectory`.
   */
  TenantDirectory: Symbol.for(
    '@baltra/sdk/TenantDirectory',
  ) as ServiceIdentifier<TenantDirectoryAdmin>,
  /**
   * Per-tenant tier quotas for workers: `PostgresRateLimiter` on the app's SQL database (shared
   * by every worker process), `RedisRateLimiter` when rate limits are on Redis,
   * `InMemoryRateLimiter` otherwise, or `overrides.rateLimiter`.
   */
  RateLimiter: Symbol.for('@baltra/sdk/RateLimiter') as ServiceIdentifier<RateLimiter>,
  /**
   * JSON cache with TTLs and single-flight `getOrCompute`: `RedisCache` when the cache is on
   * Redis (`bootstrap({ redis })`), `InMemoryCache` otherwise, or `overrides.cache`.
   */
  Cache: Symbol.for('@baltra/sdk/Cache') as ServiceIdentifier<Cache>,
  /**
   * The broker: bound when the broker is on Redis (`RedisMessageQueue`) or
   * `overrides.messageQueue` is given.
   */
  MessageQueue: Symbol.for('@baltra/sdk/MessageQueue') as ServiceIdentifier<MessageQueue>,
  /** `PING` readiness check of the app's Redis client; bound when some port is on Redis. */
  RedisHealthCheck: Symbol.for('@baltra/sdk/RedisHealthCheck') as ServiceIdentifier<HealthCheck>,
  /**
   * PostgreSQL advisory locks on a server; in-process on PGlite and in memory; `RedisLockManager`
   * when locks are on Redis.
   */
  LockManager: Symbol.for('@baltra/sdk/LockManager') as ServiceIdentifier<LockManager>,
  AdminDashboardService: Symbol.for(
    '@baltra/sdk/AdminDashboardService',
  ) as ServiceIdentifier<AdminDashboardService>,
  /** Bound when `overrides.leadSource` is given (the Meta adapter in production). */
  LeadSource: Symbol.for('@baltra/sdk/LeadSource') as ServiceIdentifier<LeadSource>,
  /** Bound with `LeadSource`. */
  LeadIngestionService: Symbol.for(
    '@baltra/sdk/LeadIngestionService',
  ) as ServiceIdentifier<LeadIngestionService>,
  /** Bound when `overrides.adSpendSource` is given. */
  AdSpendSource: Symbol.for('@baltra/sdk/AdSpendSource') as ServiceIdentifier<AdSpendSource>,
  /** Bound when `overrides.workflowGateway` is given (Step Functions in production). */
  WorkflowGateway: Symbol.for('@baltra/sdk/WorkflowGateway') as ServiceIdentifier<WorkflowGateway>,
  /** Bound with `WorkflowGateway`. */
  OnboardingService: Symbol.for(
    '@baltra/sdk/OnboardingService',
  ) as ServiceIdentifier<OnboardingService>,
} as const;
