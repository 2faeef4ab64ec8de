import { Kysely, type KyselyConfig } from 'kysely';
import { InfrastructureError } from '../../domain/errors.js';
import type { Logger } from '../../shared/logging/logger.js';
import { createPgliteClient } from './create-pglite-client.js';
import type { BaltraDatabase } from './database-schema.js';
import type { PgliteClient } from './pglite-client.js';
import { PGLITE_DATABASES } from './pglite-databases.js';
import { PgliteDialect } from './pglite-dialect.js';

/** Create a PGlite instance: in memory by default, or persisted in `dataDir`. */
export interface PgliteCreateOptions {
  /** A directory for the database files (created if needed); omit for an in-memory database. */
  readonly dataDir?: string;
  /**
   * Start an in-memory database from the pre-migrated snapshot built with the package (`true`),
   * or from the snapshot in another directory: initdb and the SDK's migrations are skipped when
   * the snapshot matches this build's migrations, and `migrateToLatest` then has nothing (or
   * only the newer migrations) to apply. A missing or stale snapshot is logged at debug level
   * and the database starts empty, as without it. Ignored with `dataDir`. Default `false`.
   */
  readonly snapshot?: boolean | string;
  /**
   * PostgreSQL's `shared_buffers` in MiB (a whole number ≥ 1); default PGlite's, 128 MiB.
   * PGlite zeroes the whole shared memory at every start (about 0.4 s for 128 MiB on 2 cores),
   * and an in-memory database keeps its pages in memory anyway: `bootstrap()` starts its
   * in-memory default with 32.
   */
  readonly sharedBuffersMb?: number;
  /** Receives the debug line when a snapshot is not used; default `getLogger()`. */
  readonly logger?: Logger;
  /** Kysely query logging. */
  readonly log?: KyselyConfig['log'];
}

/** Use a PGlite instance you created (and will close); it may be shared by several `Kysely`s. */
export interface PgliteClientOptions {
  readonly client: PgliteClient;
  /** Kysely query logging. */
  readonly log?: KyselyConfig['log'];
}

export type OpenPgliteOptions = PgliteCreateOptions | PgliteClientOptions;

/**
 * A `Kysely<BaltraDatabase>` on PGlite, PostgreSQL compiled to WebAssembly running in this
 * process (an optional peer dependency, `@electric-sql/pglite`). Nothing is loaded until the
 * first query; then the package is imported (`MissingPeerDependencyError` when missing) and
 * the database started: a fresh in-memory one runs initdb (seconds); one from the packaged
 * snapshot (`snapshot: true`) starts in well under half that time, already migrated.
 * `db.destroy()` closes an instance created here, not one passed in as `client`.
 *
 * @example
 * ```ts
 * const db = openPglite(); // in memory
 * await migrateToLatest(db);
 * const buckets = await new KyselyUnitOfWork(db).run((repos) =>
 *   new FunnelService(repos).buckets(companyId),
 * );
 * await db.destroy();
 *
 * const fast = openPglite({ snapshot: true }); // pre-migrated: migrateToLatest is a no-op
 * ```
 */
export function openPglite(options: OpenPgliteOptions = {}): Kysely<BaltraDatabase> {
  const sharedBuffersMb = 'client' in options ? undefined : options.sharedBuffersMb;
  if (
    sharedBuffersMb !== undefined &&
    !(Number.isInteger(sharedBuffersMb) && sharedBuffersMb >= 1)
  ) {
    throw new InfrastructureError(
      `sharedBuffersMb must be a whole number of MiB, at least 1 (got ${sharedBuffersMb})`,
      { code: 'INVALID_OPTION', context: { sharedBuffersMb } },
    );
  }
  const dialect =
    'client' in options
      ? new PgliteDialect({ client: options.client, closeOnDestroy: false })
      : new PgliteDialect({ client: () => createPgliteClient(options), closeOnDestroy: true });
  const db = new Kysely<BaltraDatabase>({
    dialect,
    ...(options.log === undefined ? {} : { log: options.log }),
  });
  PGLITE_DATABASES.set(db as unknown as Kysely<never>, 'client' in options ? options.client : db);
  return db;
}
