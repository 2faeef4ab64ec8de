import { type Kysely, sql } from 'kysely';
import type { AcquireLockOptions, Lock, LockManager } from '../../domain/ports/lock-manager.js';
import { getSettings } from '../../shared/settings/core-settings.js';
import { InMemoryLockManager } from '../memory/in-memory-lock-manager.js';
import { PGLITE_DATABASES } from './pglite-databases.js';
import {
  PostgresLeaseLockManager,
  type PostgresLeaseLockManagerOptions,
} from './postgres-lease-lock-manager.js';
import { PostgresLockManager, type PostgresLockManagerOptions } from './postgres-lock-manager.js';
import { translateDatabaseError } from './translate-database-error.js';

// One in-process lock table per PGlite instance, shared by every Kysely over it.
const pgliteLocks = new WeakMap<object, InMemoryLockManager>();

/** Which connection pooler sits between the service and PostgreSQL (`BALTRA_POSTGRES_POOLER`). */
export type PostgresPooler = 'none' | 'session' | 'transaction';

/** Options of {@link createLockManager}. */
export interface CreateLockManagerOptions
  extends PostgresLockManagerOptions,
    PostgresLeaseLockManagerOptions {
  /**
   * The pooler in front of the server; default `BALTRA_POSTGRES_POOLER` (unset: `none`).
   * `transaction` picks the lease manager, since session advisory locks do not hold there.
   */
  readonly pooler?: PostgresPooler;
}

/**
 * The right `LockManager` for `db`: on a PostgreSQL server a {@link PostgresLockManager}
 * (session advisory locks, across processes), or a {@link PostgresLeaseLockManager} (leases in
 * `baltra_lock_leases`) when `pooler` is `transaction` (PgBouncer in transaction mode, where a
 * session lock and its unlock may reach different server sessions); an in-process lock table on
 * PGlite, which is one session inside this process, where advisory locks are re-entrant and so
 * cannot exclude anyone. Databases from `openPglite` are recognised at once; any other is asked
 * `version()` on first use (a PGlite not opened by `openPglite` then gets a lock table per
 * `Kysely` instance).
 *
 * @example
 * ```ts
 * const locks = createLockManager(db); // db from openPostgres or openPglite
 * await locks.withLock('relay', () => relay.publishPending());
 * const leased = createLockManager(db, { pooler: 'transaction', leaseMs: 15_000 });
 * ```
 */
export function createLockManager<DB>(
  db: Kysely<DB>,
  options: CreateLockManagerOptions = {},
): LockManager {
  const known = PGLITE_DATABASES.get(db as unknown as Kysely<never>);
  if (known) return pgliteLockManager(known);
  let chosen: Promise<LockManager> | undefined;
  const choose = (): Promise<LockManager> => {
    chosen ??= sql<{ version: string }>`select version() as version`.execute(db).then(
      ({ rows }) =>
        /PGlite/i.test(rows[0]?.version ?? '')
          ? pgliteLockManager(db)
          : serverLockManager(db, options),
      (error: unknown) => {
        chosen = undefined; // the database was unreachable: ask again on the next call
        throw translateDatabaseError(error, 'choose a lock manager');
      },
    );
    return chosen;
  };
  const manager: LockManager & { releaseAll(): Promise<void> } = {
    // Releases what the chosen manager holds, at shutdown (asks the database nothing if none was
    // chosen yet).
    releaseAll: async (): Promise<void> => {
      const current = await chosen?.catch(() => undefined);
      if (current && 'releaseAll' in current && typeof current.releaseAll === 'function') {
        await current.releaseAll();
      }
    },
    acquire: async (name: string, acquireOptions?: AcquireLockOptions): Promise<Lock> =>
      (await choose()).acquire(name, acquireOptions),
    release: async (name: string, ownerToken: string): Promise<void> =>
      (await choose()).release(name, ownerToken),
    withLock: async <T>(
      name: string,
      work: (lock: Lock) => Promise<T>,
      acquireOptions?: AcquireLockOptions,
    ): Promise<T> => (await choose()).withLock(name, work, acquireOptions),
  };
  return manager;
}

function serverLockManager<DB>(db: Kysely<DB>, options: CreateLockManagerOptions): LockManager {
  const { pooler = getSettings().postgresPooler ?? 'none', ...managerOptions } = options;
  return pooler === 'transaction'
    ? new PostgresLeaseLockManager(db, managerOptions)
    : new PostgresLockManager(db, { ...managerOptions, pooler });
}

function pgliteLockManager(instance: object): InMemoryLockManager {
  let manager = pgliteLocks.get(instance);
  if (!manager) {
    manager = new InMemoryLockManager();
    pgliteLocks.set(instance, manager);
  }
  return manager;
}
