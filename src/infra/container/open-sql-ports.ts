import type { Kysely } from 'kysely';
import type { LockManager } from '../../domain/ports/lock-manager.js';
import type { SagaStore } from '../../domain/ports/saga-store.js';
import type { TenantDirectoryAdmin } from '../../domain/ports/tenant-directory.js';
import type { UnitOfWork } from '../../domain/ports/unit-of-work.js';
import type { Logger } from '../../shared/logging/logger.js';
import type { RateLimiter } from '../../shared/messaging/rate-limiter.js';
import { createLockManager, type PostgresPooler } from '../postgres/create-lock-manager.js';
import type { BaltraDatabase } from '../postgres/database-schema.js';
import { KyselySagaStore } from '../postgres/kysely-saga-store.js';
import { KyselyTenantDirectory } from '../postgres/kysely-tenant-directory.js';
import { KyselyUnitOfWork } from '../postgres/kysely-unit-of-work.js';
import { migrateToLatest } from '../postgres/migrate-to-latest.js';
import { openPglite } from '../postgres/open-pglite.js';
import { openPostgres } from '../postgres/open-postgres.js';
import { PostgresRateLimiter } from '../postgres/postgres-rate-limiter.js';
import { useRowLevelSecurity } from '../postgres/row-level-security-mode.js';
import type { DatabaseOption } from './database-option.js';

/** `shared_buffers` of the in-memory PGlite default: zeroing 128 MiB costs ~0.4 s per start. */
const EMBEDDED_SHARED_BUFFERS_MB = 32;

/** The default adapters of an app on a SQL database (PostgreSQL or PGlite). */
export interface SqlPorts {
  readonly db: Kysely<BaltraDatabase>;
  readonly unitOfWork: UnitOfWork;
  readonly lockManager: LockManager;
  readonly rateLimiter: RateLimiter;
  readonly sagaStore: SagaStore;
  readonly tenantDirectory: TenantDirectoryAdmin;
}

/** What {@link openSqlPorts} needs to know. */
export interface OpenSqlPortsOptions {
  readonly migrate: boolean;
  readonly logger: Logger;
  readonly pooler: PostgresPooler;
  /** The app's `postgresRowLevelSecurity` setting; unset leaves it to the environment. */
  readonly rowLevelSecurity?: boolean;
}

/**
 * Opens the database, applies pending migrations (unless told not to) and builds the SQL
 * adapters. `bootstrap()` loads this module only when the app is on a SQL database, so that
 * importing `@baltra/sdk/container` does not load Kysely (~260 modules).
 *
 * @example
 * ```ts
 * const { db, unitOfWork } = await openSqlPorts({ kind: 'pglite' }, { migrate: true, logger, pooler: 'none' });
 * ```
 */
export async function openSqlPorts(
  choice: Exclude<DatabaseOption, { kind: 'memory' }>,
  options: OpenSqlPortsOptions,
): Promise<SqlPorts> {
  const db = await openDatabase(choice, options.migrate, options.logger);
  if (options.rowLevelSecurity !== undefined) useRowLevelSecurity(db, options.rowLevelSecurity);
  try {
    if (options.migrate) await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return {
    db,
    unitOfWork: new KyselyUnitOfWork(db),
    lockManager: createLockManager(db, { pooler: options.pooler }),
    rateLimiter: new PostgresRateLimiter(db),
    sagaStore: new KyselySagaStore(db),
    tenantDirectory: new KyselyTenantDirectory(db),
  };
}

async function openDatabase(
  choice: Exclude<DatabaseOption, { kind: 'memory' }>,
  migrate: boolean,
  logger: Logger,
): Promise<Kysely<BaltraDatabase>> {
  if (choice.kind === 'pglite') {
    const { dataDir, sharedBuffersMb } = choice;
    if (dataDir !== undefined) {
      return openPglite(sharedBuffersMb === undefined ? { dataDir } : { dataDir, sharedBuffersMb });
    }
    return openPglite({
      snapshot: choice.snapshot ?? migrate,
      sharedBuffersMb: sharedBuffersMb ?? EMBEDDED_SHARED_BUFFERS_MB,
      logger,
    });
  }
  return openPostgres({
    connectionString: choice.connectionString,
    ...(choice.poolSize === undefined ? {} : { poolSize: choice.poolSize }),
  });
}
