import { channel } from 'node:diagnostics_channel';
import type { DatabaseConnection } from 'kysely';

/**
 * How the PostgreSQL adapters write a large batch of new rows (today: `addNew` of the
 * candidate repository, that is lead ingestion):
 * - `auto` (default): `COPY` into a staging table, then one merge, when the connection is a
 *   node-postgres (`pg`) one and the optional peer `pg-copy-streams` is installed; otherwise
 *   `INSERT … SELECT FROM unnest(…)`.
 * - `copy`: always `COPY` on node-postgres; `openPostgres` loads `pg-copy-streams` before its
 *   first connection, so a missing package is a `MissingPeerDependencyError` on the first query.
 * - `unnest`: always `INSERT … SELECT FROM unnest(…)`, as before `COPY` existed.
 *
 * PGlite always uses `unnest`.
 */
export type BulkInsertMode = 'auto' | 'copy' | 'unnest';

/** What `bulkInsertModeOf` knows about a connection that no `openPostgres` marked. */
type Detected = BulkInsertMode | 'unsupported';

const modes = new WeakMap<object, Detected>();

/**
 * Records that `connection` is a node-postgres connection opened by `openPostgres`, and the mode
 * its bulk inserts use (see {@link BulkInsertMode}).
 *
 * @example
 * ```ts
 * new PostgresDialect({ pool, onCreateConnection: async (c) => markBulkInsertMode(c, 'auto') });
 * ```
 */
export function markBulkInsertMode(connection: DatabaseConnection, mode: BulkInsertMode): void {
  modes.set(connection, mode);
}

/**
 * The bulk-insert mode of a connection: its mark, else `auto` for Kysely's own node-postgres
 * connection (a `Kysely` made with `PostgresDialect` directly), else `unsupported` (PGlite, any
 * other driver: only `unnest` is safe there).
 *
 * @example
 * ```ts
 * const mode = await trx.getExecutor().provideConnection(async (c) => bulkInsertModeOf(c));
 * ```
 */
export function bulkInsertModeOf(connection: DatabaseConnection): Detected {
  let mode = modes.get(connection);
  if (mode === undefined) {
    mode = connection.constructor.name === 'PostgresConnection' ? 'auto' : 'unsupported';
    modes.set(connection, mode);
  }
  return mode;
}

/** What each bulk insert publishes on {@link BULK_INSERT_CHANNEL}. */
export interface BulkInsertEvent {
  /** The table written, e.g. `candidates`. */
  readonly table: string;
  /** `copy` (staging table and merge) or `unnest`. */
  readonly strategy: 'copy' | 'unnest';
  /** Rows sent (after de-duplication), not rows created. */
  readonly rows: number;
}

/**
 * The `node:diagnostics_channel` name on which every bulk insert of the PostgreSQL adapters
 * publishes a {@link BulkInsertEvent} (no values, no PII). Nothing is built when nobody listens.
 *
 * @example
 * ```ts
 * import { subscribe } from 'node:diagnostics_channel';
 * subscribe(BULK_INSERT_CHANNEL, (event) => console.debug(event)); // { table: 'candidates', strategy: 'copy', rows: 500 }
 * ```
 */
export const BULK_INSERT_CHANNEL = 'baltra:postgres:bulk-insert';

const bulkInserts = channel(BULK_INSERT_CHANNEL);

/** Publishes one {@link BulkInsertEvent} when someone listens. */
export function publishBulkInsert(event: BulkInsertEvent): void {
  if (bulkInserts.hasSubscribers) bulkInserts.publish(event);
}
