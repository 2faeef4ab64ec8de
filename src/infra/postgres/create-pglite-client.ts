import { getLogger } from '../../shared/logging/configure-logging.js';
import type { Logger } from '../../shared/logging/logger.js';
import { loadOptionalPeer } from '../peer/load-optional-peer.js';
import type { PgliteClient } from './pglite-client.js';
import { readPgliteSnapshot } from './read-pglite-snapshot.js';

/** Options of {@link createPgliteClient}. */
export interface CreatePgliteClientOptions {
  /** A directory for the database files; omit for an in-memory database. */
  readonly dataDir?: string;
  /**
   * Start an in-memory database from a pre-migrated snapshot: `true` for the one built with
   * the package, or the directory of another. Ignored with `dataDir`.
   */
  readonly snapshot?: boolean | string;
  /** PostgreSQL's `shared_buffers` in MiB; default PGlite's (128 MiB). */
  readonly sharedBuffersMb?: number;
  /** Where the debug line about a snapshot that was not used goes; default `getLogger()`. */
  readonly logger?: Logger;
}

/**
 * Starts a PGlite instance (importing the optional peer `@electric-sql/pglite`). With
 * `snapshot`, an in-memory database is loaded from the pre-migrated snapshot when that matches
 * this build's migrations (see `readPgliteSnapshot`), which skips initdb and the migrations;
 * a missing, stale or damaged snapshot, or one PostgreSQL will not start from, is logged at
 * debug level and the database is created with initdb as without the option.
 *
 * @example
 * ```ts
 * const client = await createPgliteClient({ snapshot: true });
 * const db = openPglite({ client });
 * await migrateToLatest(db); // nothing left to apply when the snapshot was current
 * ```
 */
export async function createPgliteClient(
  options: CreatePgliteClientOptions = {},
): Promise<PgliteClient> {
  const peer = () =>
    loadOptionalPeer<typeof import('@electric-sql/pglite')>(
      '@electric-sql/pglite',
      'the embedded PGlite database',
      '@baltra/sdk/postgres',
    );
  if (options.dataDir !== undefined || !options.snapshot) {
    const { PGlite } = await peer();
    const start = startOptions(PGlite, options);
    return options.dataDir === undefined
      ? PGlite.create(start)
      : PGlite.create(options.dataDir, start);
  }

  // Both at once: the snapshot is checked (and its decompression started) while PGlite loads.
  const [{ PGlite }, snapshot] = await Promise.all([
    peer(),
    readPgliteSnapshot(typeof options.snapshot === 'string' ? options.snapshot : undefined),
  ]);
  const logger = () => options.logger ?? getLogger();
  if (!snapshot.usable) {
    logger().debug('PGlite snapshot not used, running initdb and the migrations', {
      reason: snapshot.reason,
    });
    return PGlite.create(startOptions(PGlite, options));
  }
  try {
    return await PGlite.create({ ...startOptions(PGlite, options), loadDataDir: snapshot.archive });
  } catch (error) {
    logger().debug('PGlite did not start from its snapshot, running initdb and the migrations', {
      reason: error instanceof Error ? error.message : String(error),
    });
    return PGlite.create(startOptions(PGlite, options));
  }
}

/** PGlite's start parameters with `shared_buffers` added, when it is set. */
function startOptions(
  PGlite: { readonly defaultStartParams?: readonly string[] },
  options: CreatePgliteClientOptions,
): { startParams?: string[] } {
  const defaults = PGlite.defaultStartParams;
  if (options.sharedBuffersMb === undefined || !Array.isArray(defaults)) return {};
  return { startParams: [...defaults, '-c', `shared_buffers=${options.sharedBuffersMb}MB`] };
}
