import {
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryCompiler,
} from 'kysely';
import { type PgliteDialectConfig, PgliteDriver } from './pglite-driver.js';

/**
 * A Kysely `Dialect` for PGlite (embedded PostgreSQL in WebAssembly): PostgreSQL's adapter,
 * query compiler and introspector over {@link PgliteDriver}, which serialises connections on
 * the one PGlite instance so transactions never interleave. Savepoints are supported; `stream()`
 * buffers the whole result. Kysely 0.28 has no PGlite dialect of its own and the packages that
 * provide one need other versions of kysely or PGlite (see the ADR).
 *
 * @example
 * ```ts
 * import { PGlite } from '@electric-sql/pglite';
 * const db = new Kysely<BaltraDatabase>({
 *   dialect: new PgliteDialect({ client: await PGlite.create() }),
 * });
 * ```
 */
export class PgliteDialect implements Dialect {
  readonly #config: PgliteDialectConfig;

  constructor(config: PgliteDialectConfig) {
    this.#config = config;
  }

  createDriver(): Driver {
    return new PgliteDriver(this.#config);
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
}

export type { PgliteDialectConfig } from './pglite-driver.js';
