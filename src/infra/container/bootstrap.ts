import type { Container, ServiceIdentifier } from 'inversify';
import type { AdSpendSource } from '../../domain/ports/ad-spend-source.js';
import type { LeadSource } from '../../domain/ports/lead-source.js';
import type { LockManager } from '../../domain/ports/lock-manager.js';
import type { SagaStore } from '../../domain/ports/saga-store.js';
import type { TenantDirectoryAdmin } from '../../domain/ports/tenant-directory.js';
import type { UnitOfWork } from '../../domain/ports/unit-of-work.js';
import type { WorkflowGateway } from '../../domain/ports/workflow-gateway.js';
import { AdminDashboardService } from '../../domain/services/admin-dashboard-service.js';
import { LeadIngestionService } from '../../domain/services/lead-ingestion-service.js';
import {
  OnboardingService,
  type ResumeOnboardingOptions,
} from '../../domain/services/onboarding-service.js';
import type { SagaResumeReport } from '../../domain/services/saga-orchestrator.js';
import type { Cache } from '../../shared/caching/cache.js';
import { createLogger } from '../../shared/logging/create-logger.js';
import type { Logger } from '../../shared/logging/logger.js';
import type { MessageQueue } from '../../shared/messaging/message-queue.js';
import type { RateLimiter } from '../../shared/messaging/rate-limiter.js';
import { type CoreSettings, getSettings } from '../../shared/settings/core-settings.js';
import { sagaTelemetryObserver } from '../../shared/telemetry/saga-telemetry-observer.js';
import { InMemoryCache } from '../memory/in-memory-cache.js';
import { InMemoryLockManager } from '../memory/in-memory-lock-manager.js';
import { InMemoryRateLimiter } from '../memory/in-memory-rate-limiter.js';
import { InMemorySagaStore } from '../memory/in-memory-saga-store.js';
import { InMemoryTenantDirectory } from '../memory/in-memory-tenant-directory.js';
import { InMemoryUnitOfWork } from '../memory/in-memory-unit-of-work.js';
import type { RedisPort } from '../redis/redis-settings.js';
import type { DatabaseOption } from './database-option.js';
import type { RedisPorts } from './open-redis-ports.js';
import type { SqlPorts } from './open-sql-ports.js';
import type { RedisPortsOption } from './redis-ports-option.js';
import { TOKENS } from './tokens.js';
import { TransactionalFunnelService } from './transactional-funnel-service.js';

export type { DatabaseOption } from './database-option.js';

/** Adapters that replace the defaults, for tests or special deployments. */
export interface BootstrapOverrides {
  readonly unitOfWork?: UnitOfWork;
  readonly logger?: Logger;
  /** Clock for use cases. */
  readonly now?: () => Date;
  readonly lockManager?: LockManager;
  /** Binds `TOKENS.RateLimiter` (default: `PostgresRateLimiter` on a SQL database, else in memory). */
  readonly rateLimiter?: RateLimiter;
  /** Binds `TOKENS.SagaStore` (default: `KyselySagaStore` on a SQL database, else in memory). */
  readonly sagaStore?: SagaStore;
  /** Binds `TOKENS.TenantDirectory` (default: `KyselyTenantDirectory` on a SQL database, else in memory). */
  readonly tenantDirectory?: TenantDirectoryAdmin;
  /** Binds `TOKENS.LeadSource` and `TOKENS.LeadIngestionService`. */
  readonly leadSource?: LeadSource;
  /** Binds `TOKENS.AdSpendSource`; the dashboard then reports spend and cost per hire. */
  readonly adSpendSource?: AdSpendSource;
  /** Binds `TOKENS.WorkflowGateway` and `TOKENS.OnboardingService`. */
  readonly workflowGateway?: WorkflowGateway;
  /** Binds `TOKENS.MessageQueue` (default: `RedisMessageQueue` when the broker is on Redis). */
  readonly messageQueue?: MessageQueue;
  /** Binds `TOKENS.Cache` (default: `RedisCache` when the cache is on Redis, else in memory). */
  readonly cache?: Cache;
}

export interface BootstrapOptions {
  /**
   * Defaults to PostgreSQL when `BALTRA_DATABASE_URL` / `DATABASE_URL` is set, otherwise to
   * embedded PGlite in memory.
   */
  readonly database?: DatabaseOption;
  /** Run pending migrations on a SQL database at start-up (default true). */
  readonly migrate?: boolean;
  /** Settings to use instead of `getSettings()` (which reads the environment). */
  readonly settings?: CoreSettings;
  readonly overrides?: BootstrapOverrides;
  /** Last word on bindings: add or `rebind` anything before the app is returned. */
  readonly configure?: (container: Container) => void;
  /**
   * Resume the sagas a crash interrupted before returning the app (`app.resumeSagas()`);
   * `true` or its options. Default `false`: call `app.resumeSagas()` yourself when the
   * service is ready to do work.
   */
  readonly resumeSagas?: boolean | ResumeOnboardingOptions;
  /**
   * Ports to put on Redis (`broker`, `cache`, `locks`, `rateLimits`, `idempotency`; see
   * {@link RedisPortsOption}). Default: from the environment when `BALTRA_REDIS_PORTS` is set
   * (`all` or a comma list, with `BALTRA_REDIS_URL`), otherwise none. `false`: none, whatever
   * the environment says. Needs the optional peer `ioredis`.
   */
  readonly redis?: RedisPortsOption | false;
}

/** A bootstrapped application: the container and a way to shut it down. */
export interface BaltraApp {
  readonly container: Container;
  /** Which database backs the unit of work. */
  readonly database: 'memory' | 'pglite' | 'postgres' | 'custom';
  /** The ports on Redis (empty when Redis is not used). */
  readonly redisPorts: readonly RedisPort[];
  get<T>(token: ServiceIdentifier<T>): T;
  /**
   * Completes or compensates the sagas a crash left unfinished, for the use cases bound in the
   * container (today the onboarding start, when a workflow gateway is bound), under the lock
   * `baltra:sagas:resume` so that one instance resumes at a time. Only sagas idle for
   * `idleForMs` (default 60 s) are touched, leaving starts in progress elsewhere alone. A
   * compensation that fails is in `failed` and logged as an error, never swallowed.
   */
  resumeSagas(options?: ResumeOnboardingOptions): Promise<SagaResumeReport>;
  /** Closes connections and embedded databases. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * The one composition root: production, the demo and tests all build the app here and only
 * swap adapters through options.
 *
 * @example
 * ```ts
 * const app = await bootstrap();                                  // from the environment
 * const test = await bootstrap({ database: { kind: 'memory' } }); // in-memory adapters
 * const buckets = await app.get(TOKENS.FunnelService).buckets(companyId);
 * const worker = await bootstrap({ overrides: { workflowGateway }, resumeSagas: true }); // finish what a crash left
 * await app.close();
 * ```
 */
export async function bootstrap(options: BootstrapOptions = {}): Promise<BaltraApp> {
  const settings = options.settings ?? getSettings();
  const overrides = options.overrides ?? {};
  const logger =
    overrides.logger ?? createLogger({ level: settings.logLevel, service: settings.serviceName });
  // Loaded here, not at import: importing the entry stays cheap (issue #16).
  const { Container } = await import('inversify');
  const container = new Container();
  container.bind(TOKENS.Settings).toConstantValue(settings);
  container.bind(TOKENS.Logger).toConstantValue(logger);

  let database: BaltraApp['database'] = 'custom';
  let sqlPorts: SqlPorts | undefined;
  let unitOfWork = overrides.unitOfWork;
  if (!unitOfWork) {
    const choice = options.database ?? defaultDatabase(settings);
    database = choice.kind;
    if (choice.kind === 'memory') {
      unitOfWork = new InMemoryUnitOfWork();
    } else {
      const { openSqlPorts } = await import('./open-sql-ports.js');
      sqlPorts = await openSqlPorts(choice, {
        migrate: options.migrate !== false,
        logger,
        pooler: settings.postgresPooler ?? 'none',
        ...(settings.postgresRowLevelSecurity === undefined
          ? {}
          : { rowLevelSecurity: settings.postgresRowLevelSecurity }),
      });
      container.bind(TOKENS.Database).toConstantValue(sqlPorts.db);
      unitOfWork = sqlPorts.unitOfWork;
    }
  }
  const db = sqlPorts?.db;
  let redis: RedisPorts | undefined;
  try {
    redis = await openRedis(options.redis);
  } catch (error) {
    await db?.destroy();
    throw error;
  }
  if (redis) {
    unitOfWork = redis.wrapUnitOfWork(unitOfWork);
    container.bind(TOKENS.RedisHealthCheck).toConstantValue(redis.health);
  }
  container.bind(TOKENS.UnitOfWork).toConstantValue(unitOfWork);
  const serviceOptions = overrides.now ? { now: overrides.now } : {};
  container
    .bind(TOKENS.FunnelService)
    .toResolvedValue(
      (uow: UnitOfWork) => new TransactionalFunnelService(uow, serviceOptions),
      [TOKENS.UnitOfWork],
    )
    .inSingletonScope();
  const lockManager =
    overrides.lockManager ??
    redis?.lockManager ??
    sqlPorts?.lockManager ??
    new InMemoryLockManager();
  container.bind(TOKENS.LockManager).toConstantValue(lockManager);
  const rateLimiter =
    overrides.rateLimiter ??
    redis?.rateLimiter ??
    sqlPorts?.rateLimiter ??
    new InMemoryRateLimiter();
  container.bind(TOKENS.RateLimiter).toConstantValue(rateLimiter);
  container
    .bind(TOKENS.Cache)
    .toConstantValue(overrides.cache ?? redis?.cache ?? new InMemoryCache());
  const messageQueue = overrides.messageQueue ?? redis?.messageQueue;
  if (messageQueue) container.bind(TOKENS.MessageQueue).toConstantValue(messageQueue);
  const sagaStore = overrides.sagaStore ?? sqlPorts?.sagaStore ?? new InMemorySagaStore();
  container.bind(TOKENS.SagaStore).toConstantValue(sagaStore);
  container
    .bind(TOKENS.TenantDirectory)
    .toConstantValue(
      overrides.tenantDirectory ?? sqlPorts?.tenantDirectory ?? new InMemoryTenantDirectory(),
    );
  const clock = overrides.now ? { now: overrides.now } : {};
  const { adSpendSource, leadSource, workflowGateway } = overrides;
  if (adSpendSource) container.bind(TOKENS.AdSpendSource).toConstantValue(adSpendSource);
  container
    .bind(TOKENS.AdminDashboardService)
    .toConstantValue(new AdminDashboardService(unitOfWork, adSpendSource));
  if (leadSource) {
    container.bind(TOKENS.LeadSource).toConstantValue(leadSource);
    container
      .bind(TOKENS.LeadIngestionService)
      .toConstantValue(new LeadIngestionService(unitOfWork, leadSource, clock));
  }
  if (workflowGateway) {
    container.bind(TOKENS.WorkflowGateway).toConstantValue(workflowGateway);
    container.bind(TOKENS.OnboardingService).toConstantValue(
      new OnboardingService(unitOfWork, workflowGateway, clock, {
        sagaStore,
        sagaObserver: sagaTelemetryObserver(),
      }),
    );
  }
  options.configure?.(container);
  const redisPorts = redis ? [...redis.ports] : [];
  logger.debug('application bootstrapped', { database, redisPorts });

  const resumeSagas = async (resume: ResumeOnboardingOptions = {}): Promise<SagaResumeReport> => {
    if (!container.isBound(TOKENS.OnboardingService))
      return { finished: [], failed: [], skipped: [] };
    const onboarding = container.get(TOKENS.OnboardingService);
    const report = await lockManager.withLock('baltra:sagas:resume', () =>
      onboarding.resumeInterrupted(resume),
    );
    for (const saga of report.failed) {
      logger.error('saga could not compensate', {
        sagaId: saga.id,
        sagaType: saga.type,
        failedCompensations: saga.failedCompensations,
      });
    }
    logger.info('sagas resumed', {
      finished: report.finished.length,
      failed: report.failed.length,
      skipped: report.skipped.length,
    });
    return report;
  };

  let closed: Promise<void> | undefined;
  const app: BaltraApp = {
    container,
    database,
    redisPorts,
    get: (token) => container.get(token),
    resumeSagas,
    close: () => {
      closed ??= (async () => {
        if ('releaseAll' in lockManager && typeof lockManager.releaseAll === 'function') {
          await lockManager.releaseAll();
        }
        await redis?.close();
        await db?.destroy();
      })();
      return closed;
    },
  };
  if (options.resumeSagas) {
    try {
      await resumeSagas(options.resumeSagas === true ? {} : options.resumeSagas);
    } catch (error) {
      await app.close();
      throw error;
    }
  }
  return app;
}

/** Opens the Redis ports the option (or, by default, `BALTRA_REDIS_PORTS`) asks for. */
async function openRedis(
  option: RedisPortsOption | false | undefined,
): Promise<RedisPorts | undefined> {
  if (option === false) return undefined;
  if (option === undefined && !process.env.BALTRA_REDIS_PORTS) return undefined;
  // Loaded only here, so an app without Redis never loads the Redis adapters.
  const { openRedisPorts } = await import('./open-redis-ports.js');
  return openRedisPorts(option ?? {});
}

function defaultDatabase(settings: CoreSettings): DatabaseOption {
  return settings.databaseUrl
    ? { kind: 'postgres', connectionString: settings.databaseUrl }
    : { kind: 'pglite' };
}
