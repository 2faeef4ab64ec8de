import {
  CompiledQuery,
  createQueryId,
  type DatabaseConnection,
  type Driver,
  IdentifierNode,
  type QueryCompiler,
  RawNode,
  type TransactionSettings,
} from 'kysely';
import type { PgliteClient } from './pglite-client.js';
import { PgliteConnection } from './pglite-connection.js';

/** Configuration of {@link PgliteDriver} and {@link PgliteDialect}. */
export interface PgliteDialectConfig {
  /** A PGlite instance, or a function that creates one when the first query runs. */
  readonly client: PgliteClient | (() => Promise<PgliteClient>);
  /**
   * Close the client in `db.destroy()`. Default `false` for a client you pass in (you own it),
   * `true` for one created by the factory form.
   */
  readonly closeOnDestroy?: boolean;
}

/**
 * A Kysely `Driver` over ONE PGlite instance. PGlite is a single backend, so a transaction is
 * simply a sequence of statements on it; to keep two transactions from interleaving, the driver
 * hands the one connection out under a mutex (one per PGlite instance, shared by every driver
 * over it): `acquireConnection` waits until the previous holder released it. Consequently a query on `db` issued inside a transaction on the same `db`
 * (instead of on `trx`) waits forever, exactly as with a pool of size one.
 *
 * @example
 * ```ts
 * const db = new Kysely<BaltraDatabase>({ dialect: new PgliteDialect({ client: pglite }) });
 * ```
 */
export class PgliteDriver implements Driver {
  readonly #config: PgliteDialectConfig;
  #mutex: Mutex | undefined;
  #client: PgliteClient | undefined;
  #connection: PgliteConnection | undefined;
  #destroyed = false;

  constructor(config: PgliteDialectConfig) {
    this.#config = { ...config };
  }

  async init(): Promise<void> {
    const { client } = this.#config;
    this.#client = typeof client === 'function' ? await client() : client;
    this.#mutex = mutexFor(this.#client);
    this.#connection = new PgliteConnection(this.#client);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const mutex = this.#mutex;
    if (!mutex) throw new Error('the PGlite driver has been destroyed');
    await mutex.lock();
    if (this.#destroyed || !this.#connection) {
      mutex.unlock();
      throw new Error('the PGlite driver has been destroyed');
    }
    return this.#connection;
  }

  async beginTransaction(
    connection: DatabaseConnection,
    settings: TransactionSettings,
  ): Promise<void> {
    let statement = 'begin';
    if (settings.isolationLevel) statement += ` isolation level ${settings.isolationLevel}`;
    if (settings.accessMode) statement += ` ${settings.accessMode}`;
    await connection.executeQuery(CompiledQuery.raw(statement));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async savepoint(
    connection: DatabaseConnection,
    savepointName: string,
    compileQuery: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await connection.executeQuery(savepointCommand('savepoint', savepointName, compileQuery));
  }

  async rollbackToSavepoint(
    connection: DatabaseConnection,
    savepointName: string,
    compileQuery: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await connection.executeQuery(savepointCommand('rollback to', savepointName, compileQuery));
  }

  async releaseSavepoint(
    connection: DatabaseConnection,
    savepointName: string,
    compileQuery: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await connection.executeQuery(savepointCommand('release', savepointName, compileQuery));
  }

  async releaseConnection(_connection: DatabaseConnection): Promise<void> {
    this.#mutex?.unlock();
  }

  async destroy(): Promise<void> {
    const mutex = this.#mutex;
    if (this.#destroyed || !mutex) return;
    // Let the current holder (a transaction in flight) finish before closing.
    await mutex.lock();
    this.#destroyed = true;
    const client = this.#client;
    const closeOnDestroy = this.#config.closeOnDestroy ?? typeof this.#config.client === 'function';
    this.#client = undefined;
    this.#connection = undefined;
    try {
      if (client && closeOnDestroy && client.closed !== true) await client.close();
    } finally {
      mutex.unlock();
    }
  }
}

function savepointCommand(
  command: 'savepoint' | 'rollback to' | 'release',
  savepointName: string,
  compileQuery: QueryCompiler['compileQuery'],
): CompiledQuery {
  return compileQuery(
    RawNode.create([`${command} `, ''], [IdentifierNode.create(savepointName)]),
    createQueryId(),
  );
}

// One lock per PGlite instance, so that several Kysely instances over the same PGlite still
// never interleave their transactions.
const mutexes = new WeakMap<PgliteClient, Mutex>();

function mutexFor(client: PgliteClient): Mutex {
  let mutex = mutexes.get(client);
  if (!mutex) {
    mutex = new Mutex();
    mutexes.set(client, mutex);
  }
  return mutex;
}

/** A FIFO lock handed directly from one holder to the next waiter. */
class Mutex {
  #locked = false;
  readonly #waiters: Array<() => void> = [];

  async lock(): Promise<void> {
    if (!this.#locked) {
      this.#locked = true;
      return;
    }
    await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  unlock(): void {
    const next = this.#waiters.shift();
    if (next) next();
    else this.#locked = false;
  }
}
