import { Container, type ServiceIdentifier } from 'inversify';
import type { Kysely } from 'kysely';
import type { AdSpendSource } from '../../domain/ports/ad-spend-source.js';
import type { LeadSource } from '../../domain/ports/lead-source.js';
import type { LockManager } from '../../domain/ports/lock-manager.js';
import type { UnitOfWork } from '../../domain/ports/unit-of-work.js';
import type { WorkflowGateway } from '../../domain/ports/workflow-gateway.js';
import { AdminDashboardService } from '../../domain/services/admin-dashboard-service.js';
import { LeadIngestionService } from '../../domain/services/lead-ingestion-service.js';
import { OnboardingService } from '../../domain/services/onboarding-service.js';
import { createLogger } from '../../shared/logging/create-logger.js';
import type { Logger } from '../../shared/logging/logger.js';
import { type CoreSettings, getSettings } from '../../shared/settings/core-settings.js';
import { InMemoryLockManager } from '../memory/in-memory-lock-manager.js';
import { InMemoryUnitOfWork } from '../memory/in-memory-unit-of-work.js';
import { createLockManager } from '../postgres/create-lock-manager.js';
import type { BaltraDatabase } from '../postgres/database-schema.js';
import { KyselyUnitOfWork } from '../postgres/kysely-unit-of-work.js';
import { migrateToLatest } from '../postgres/migrate-to-latest.js';
import { openPglite } from '../postgres/open-pglite.js';
import { openPostgres } from '../postgres/open-postgres.js';
import { TOKENS } from './tokens.js';
import { TransactionalFunnelService } from './transactional-funnel-service.js';

/** Where the app keeps its data. */
export type DatabaseOption =
  | { readonly kind: 'memory' }
  | { readonly kind: 'pglite'; readonly dataDir?: string }
  | { readonly kind: 'postgres'; readonly connectionString: string; readonly poolSize?: number };

/** Adapters that replace the defaults, for tests or special deployments. */
export interface BootstrapOverrides {
  readonly unitOfWork?: UnitOfWork;
  readonly logger?: Logger;
  /** Clock for use cases. */
  readonly now?: () => Date;
  readonly lockManager?: LockManager;
  /** Binds `TOKENS.LeadSource` and `TOKENS.LeadIngestionService`. */
  readonly leadSource?: LeadSource;
  /** Binds `TOKENS.AdSpendSource`; the dashboard then reports spend and cost per hire. */
  readonly adSpendSource?: AdSpendSource;
  /** Binds `TOKENS.WorkflowGateway` and `TOKENS.OnboardingService`. */
  readonly workflowGateway?: WorkflowGateway;
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
}

/** A bootstrapped application: the container and a way to shut it down. */
export interface BaltraApp {
  readonly container: Container;
  /** Which database backs the unit of work. */
  readonly database: 'memory' | 'pglite' | 'postgres' | 'custom';
  get<T>(token: ServiceIdentifier<T>): T;
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
 * await app.close();
 * ```
 */
export async function bootstrap(options: BootstrapOptions = {}): Promise<BaltraApp> {
  const settings = options.settings ?? getSettings();
  const overrides = options.overrides ?? {};
  const logger =
    overrides.logger ?? createLogger({ level: settings.logLevel, service: settings.serviceName });
  const container = new Container();
  container.bind(TOKENS.Settings).toConstantValue(settings);
  container.bind(TOKENS.Logger).toConstantValue(logger);

  let database: BaltraApp['database'] = 'custom';
  let db: Kysely<BaltraDatabase> | undefined;
  let unitOfWork = overrides.unitOfWork;
  if (!unitOfWork) {
    const choice = options.database ?? defaultDatabase(settings);
    database = choice.kind;
    if (choice.kind === 'memory') {
      unitOfWork = new InMemoryUnitOfWork();
    } else {
      db = await openDatabase(choice);
      try {
        if (options.migrate !== false) await migrateToLatest(db);
      } catch (error) {
        await db.destroy();
        throw error;
      }
      container.bind(TOKENS.Database).toConstantValue(db);
      unitOfWork = new KyselyUnitOfWork(db);
    }
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
    overrides.lockManager ?? (db ? createLockManager(db) : new InMemoryLockManager());
  container.bind(TOKENS.LockManager).toConstantValue(lockManager);
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
    container
      .bind(TOKENS.OnboardingService)
      .toConstantValue(new OnboardingService(unitOfWork, workflowGateway, clock));
  }
  options.configure?.(container);
  logger.debug('application bootstrapped', { database });

  let closed: Promise<void> | undefined;
  return {
    container,
    database,
    get: (token) => container.get(token),
    close: () => {
      closed ??= (async () => {
        if ('releaseAll' in lockManager && typeof lockManager.releaseAll === 'function') {
          await lockManager.releaseAll();
        }
        await db?.destroy();
      })();
      return closed;
    },
  };
}

function defaultDatabase(settings: CoreSettings): DatabaseOption {
  return settings.databaseUrl
    ? { kind: 'postgres', connectionString: settings.databaseUrl }
    : { kind: 'pglite' };
}

async function openDatabase(
  choice: Exclude<DatabaseOption, { kind: 'memory' }>,
): Promise<Kysely<BaltraDatabase>> {
  if (choice.kind === 'pglite') {
    return openPglite(choice.dataDir === undefined ? {} : { dataDir: choice.dataDir });
  }
  return openPostgres({
    connectionString: choice.connectionString,
    ...(choice.poolSize === undefined ? {} : { poolSize: choice.poolSize }),
  });
}
