import { type Kysely, type MigrationResultSet, Migrator, type MigratorProps } from 'kysely';
import { InfrastructureError, isBaltraError } from '../../domain/errors.js';
import { appliedMigrationNames } from './applied-migration-names.js';
import { enableRowLevelSecurity } from './enable-row-level-security.js';
import { BALTRA_MIGRATIONS, baltraMigrationProvider } from './migrations.js';
import { isRowLevelSecurityOn } from './row-level-security-mode.js';
import { transactionLockedMigratorDb } from './transaction-locked-migrator-db.js';

/** Bookkeeping tables of the SDK's migrations, apart from a service's own `kysely_migration`. */
export const BALTRA_MIGRATION_TABLE = 'baltra_migration';
export const BALTRA_MIGRATION_LOCK_TABLE = 'baltra_migration_lock';

/** Options of {@link createMigrator}: any `Migrator` prop but the database and provider. */
export type BaltraMigratorOptions = Omit<MigratorProps, 'db' | 'provider'>;

/**
 * A Kysely `Migrator` over the SDK's migrations (see `BALTRA_MIGRATIONS`), recording them in
 * `baltra_migration` so they never clash with a service's own Kysely migrations. Each run
 * (`migrateToLatest`, `migrateTo`, `migrateUp`, `migrateDown`) is one transaction that first
 * takes a transaction-level advisory lock (`pg_advisory_xact_lock`), so concurrent runs wait
 * for each other also through a pooler in transaction mode (PgBouncer), where a session-level
 * lock and its unlock may reach different server sessions. With `disableTransactions: true`
 * Kysely's own session-level lock is used instead, which is unsafe behind such a pooler.
 *
 * @example
 * ```ts
 * const migrator = createMigrator(db);
 * console.table(await migrator.getMigrations());
 * throwIfMigrationFailed(await migrator.migrateTo(NO_MIGRATIONS)); // down all
 * ```
 */
export function createMigrator<DB>(db: Kysely<DB>, options: BaltraMigratorOptions = {}): Migrator {
  return new Migrator({
    migrationTableName: BALTRA_MIGRATION_TABLE,
    migrationLockTableName: BALTRA_MIGRATION_LOCK_TABLE,
    ...options,
    db: options.disableTransactions ? db : transactionLockedMigratorDb(db),
    provider: baltraMigrationProvider,
  });
}

/**
 * Applies every pending migration of the SDK's schema and returns the names it applied. All
 * pending migrations run in ONE transaction (Kysely's `Migrator` wraps the whole run, not each
 * migration), under a transaction-level advisory lock taken as its first statement: concurrent
 * callers wait and then find nothing left to do, also through PgBouncer in transaction mode;
 * when one migration fails, the ones before it in the same run are rolled back too. Throws
 * `InfrastructureError` with code `MIGRATION_FAILED` naming the migration that failed. When
 * every migration is already recorded (a database started from the PGlite snapshot, or any
 * restart) two small queries tell so (~2 ms on PGlite) and the `Migrator`, with its lock and
 * catalog look-ups (35–85 ms on a PGlite just started), is not run.
 *
 * With `BALTRA_POSTGRES_ROW_LEVEL_SECURITY=true` (or `useRowLevelSecurity(db, true)`) it then
 * calls `enableRowLevelSecurity(db)`.
 *
 * @example
 * ```ts
 * const db = await openPglite();
 * await migrateToLatest(db);
 * ```
 */
export async function migrateToLatest<DB>(
  db: Kysely<DB>,
  options: BaltraMigratorOptions = {},
): Promise<string[]> {
  try {
    if (await allApplied(db, options)) return await withRowLevelSecurity(db, []);
  } catch (error) {
    throwIfMigrationFailed({ error }); // as the Migrator reports a database it cannot reach
  }
  const resultSet = await createMigrator(db, options).migrateToLatest();
  return withRowLevelSecurity(db, throwIfMigrationFailed(resultSet));
}

/**
 * Turns a failed `MigrationResultSet` into an `InfrastructureError` (code `MIGRATION_FAILED`,
 * `context.migration` the failing migration) and returns the names of the migrations that ran
 * otherwise. An SDK error raised before any migration ran (the database is unreachable) is
 * rethrown as it is.
 *
 * @example
 * ```ts
 * const applied = throwIfMigrationFailed(await createMigrator(db).migrateUp());
 * ```
 */
export function throwIfMigrationFailed(resultSet: MigrationResultSet): string[] {
  const results = resultSet.results ?? [];
  if (resultSet.error === undefined) {
    return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
  }
  const failed = results.find((r) => r.status === 'Error');
  if (!failed && isBaltraError(resultSet.error)) throw resultSet.error;
  const reason =
    resultSet.error instanceof Error ? resultSet.error.message : String(resultSet.error);
  const message = failed
    ? `migration ${failed.migrationName} (${failed.direction}) failed: ${reason}`
    : `migrations could not run: ${reason}`;
  throw new InfrastructureError(message, {
    code: 'MIGRATION_FAILED',
    cause: resultSet.error,
    context: failed ? { migration: failed.migrationName, direction: failed.direction } : {},
  });
}

/** True when the migration table records every SDK migration (the default table only). */
async function allApplied<DB>(db: Kysely<DB>, options: BaltraMigratorOptions): Promise<boolean> {
  if (options.migrationTableSchema !== undefined) return false;
  const applied = await appliedMigrationNames(
    db,
    options.migrationTableName ?? BALTRA_MIGRATION_TABLE,
  );
  const all = Object.keys(BALTRA_MIGRATIONS);
  return applied?.length === all.length && all.every((name) => applied.includes(name));
}

/**
 * Turns row-level security on once migrated when it is on for `db` (`useRowLevelSecurity`, as
 * `bootstrap()` does from its settings) or, by default, `BALTRA_POSTGRES_ROW_LEVEL_SECURITY=true`.
 */
async function withRowLevelSecurity<DB>(db: Kysely<DB>, applied: string[]): Promise<string[]> {
  if (isRowLevelSecurityOn(db)) await enableRowLevelSecurity(db);
  return applied;
}
