import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
} from 'kysely';

/**
 * A `Kysely` over the connections of `db` for Kysely's `Migrator`, whose migration lock holds
 * behind a transaction-mode pooler (PgBouncer): every transaction it begins takes
 * `pg_advisory_xact_lock` as its first statement, and the adapter's own session-level lock (a
 * `pg_advisory_lock` and a later `pg_advisory_unlock`, which a pooler may send to two different
 * server sessions, leaving the lock held for ever) is not taken. The `Migrator` runs all
 * pending migrations in one transaction, so the lock covers reading the applied migrations,
 * running the pending ones and recording them, and the server drops it at commit or rollback.
 * Only for migrators with transactions (not `disableTransactions`). It keeps the plugins of
 * `db`; destroying it leaves `db` open.
 *
 * @example
 * ```ts
 * const migrator = new Migrator({ db: transactionLockedMigratorDb(db), provider });
 * ```
 */
export function transactionLockedMigratorDb<DB>(db: Kysely<DB>): Kysely<DB> {
  const borrowing = new Kysely<DB>({ dialect: new BorrowingDialect(db as Kysely<unknown>) });
  // The caller's plugins (its logging rides on the borrowed connections already).
  return db.getExecutor().plugins.reduce((kysely, plugin) => kysely.withPlugin(plugin), borrowing);
}

class TransactionLockAdapter extends PostgresAdapter {
  override async acquireMigrationLock(): Promise<void> {
    // The lock is taken inside the migration transaction (BorrowingDriver.beginTransaction).
  }

  override async releaseMigrationLock(): Promise<void> {
    // The transaction's end released it.
  }
}

class BorrowingDialect implements Dialect {
  constructor(private readonly db: Kysely<unknown>) {}

  createAdapter(): PostgresAdapter {
    return new TransactionLockAdapter();
  }

  createDriver(): Driver {
    return new BorrowingDriver(this.db);
  }

  createQueryCompiler(): PostgresQueryCompiler {
    return new PostgresQueryCompiler();
  }

  createIntrospector(db: Kysely<unknown>): PostgresIntrospector {
    return new PostgresIntrospector(db);
  }
}

/** Borrows one connection of the underlying `Kysely` per acquisition, until released. */
class BorrowingDriver implements Driver {
  readonly #returns = new Map<DatabaseConnection, () => void>();

  constructor(private readonly db: Kysely<unknown>) {}

  async init(): Promise<void> {}

  acquireConnection(): Promise<DatabaseConnection> {
    return new Promise((resolve, reject) => {
      this.db
        .getExecutor()
        .provideConnection(
          (connection) =>
            new Promise<void>((giveBack) => {
              this.#returns.set(connection, giveBack);
              resolve(connection);
            }),
        )
        .catch(reject);
    });
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin'));
    await connection.executeQuery(
      CompiledQuery.raw("select pg_advisory_xact_lock(hashtextextended('baltra_migration', 0))"),
    );
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    this.#returns.get(connection)?.();
    this.#returns.delete(connection);
  }

  async destroy(): Promise<void> {}
}
