import { Kysely, type KyselyConfig } from 'kysely';
import { loadOptionalPeer } from '../peer/load-optional-peer.js';
import type { BaltraDatabase } from './database-schema.js';
import type { PgliteClient } from './pglite-client.js';
import { PGLITE_DATABASES } from './pglite-databases.js';
import { PgliteDialect } from './pglite-dialect.js';

/** Create a PGlite instance: in memory by default, or persisted in `dataDir`. */
export interface PgliteCreateOptions {
  /** A directory for the database files (created if needed); omit for an in-memory database. */
  readonly dataDir?: string;
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
 * the database started (about 2 s for a fresh in-memory one). `db.destroy()` closes an instance
 * created here, not one passed in as `client`.
 *
 * @example
 * ```ts
 * const db = openPglite(); // in memory
 * await migrateToLatest(db);
 * const buckets = await new KyselyUnitOfWork(db).run((repos) =>
 *   new FunnelService(repos).buckets(companyId),
 * );
 * await db.destroy();
 * ```
 */
export function openPglite(options: OpenPgliteOptions = {}): Kysely<BaltraDatabase> {
  const dialect =
    'client' in options
      ? new PgliteDialect({ client: options.client, closeOnDestroy: false })
      : new PgliteDialect({ client: () => createPglite(options.dataDir), closeOnDestroy: true });
  const db = new Kysely<BaltraDatabase>({
    dialect,
    ...(options.log === undefined ? {} : { log: options.log }),
  });
  PGLITE_DATABASES.set(db as unknown as Kysely<never>, 'client' in options ? options.client : db);
  return db;
}

async function createPglite(dataDir: string | undefined): Promise<PgliteClient> {
  const { PGlite } = await loadOptionalPeer<typeof import('@electric-sql/pglite')>(
    '@electric-sql/pglite',
    'the embedded PGlite database',
    '@baltra/sdk/postgres',
  );
  return dataDir === undefined ? PGlite.create() : PGlite.create(dataDir);
}
