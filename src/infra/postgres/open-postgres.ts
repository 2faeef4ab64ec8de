import {
  Kysely,
  type KyselyConfig,
  PostgresDialect,
  type PostgresPool,
  type PostgresPoolClient,
} from 'kysely';
import { isBaltraError } from '../../domain/errors.js';
import { loadOptionalPeer } from '../peer/load-optional-peer.js';
import { type BulkInsertMode, markBulkInsertMode } from './bulk-insert-mode.js';
import { requireCopyStreams } from './copy-merge.js';
import type { BaltraDatabase } from './database-schema.js';
import { DatabaseUnavailableError } from './database-unavailable-error.js';
import { parseTimestamptz } from './parse-timestamptz.js';

const TIMESTAMPTZ_OID = 1184;

/** A `pg.Pool`, or anything with the same `connect`/`end`; `options` names the server in errors. */
export interface PostgresPoolLike extends PostgresPool {
  readonly options?: { readonly host?: string | undefined; readonly port?: number | undefined };
}

/** Open a pool of `pg` connections from a connection string. */
export interface PostgresConnectionOptions {
  /** `postgres://user:password@host:port/database`; the password never appears in errors. */
  readonly connectionString: string;
  /** Maximum connections in the pool; default 10. */
  readonly poolSize?: number;
  /** How long to wait for a connection before failing; default 10 000 ms. */
  readonly connectTimeoutMs?: number;
  /**
   * Called when a pooled connection fails while no query runs on it (the server restarted, a
   * proxy cut it): idle in the pool, or checked out and waiting (a transaction between two
   * statements, a connection pinned by a held lock). The pool drops that connection and the next
   * query opens a new one; without a listener `pg` would crash the process, so the default
   * ignores the event (the connection's next query fails instead).
   */
  readonly onIdleConnectionError?: (error: Error) => void;
  /** Kysely query logging. */
  readonly log?: KyselyConfig['log'];
  /**
   * How large batches of new rows (lead ingestion) are written: `auto` (default) uses `COPY`
   * into a staging table when the optional peer `pg-copy-streams` is installed, else
   * `INSERT … SELECT FROM unnest(…)`; `copy` requires `pg-copy-streams`; `unnest` never copies.
   * See `BulkInsertMode`.
   */
  readonly bulkInsert?: BulkInsertMode;
}

/** Use a pool you created (you configure `pg` then); `db.destroy()` ends it. */
export interface PostgresPoolOptions {
  readonly pool: PostgresPoolLike;
  /** Kysely query logging. */
  readonly log?: KyselyConfig['log'];
  /**
   * How large batches of new rows (lead ingestion) are written: `auto` (default) uses `COPY`
   * into a staging table when the optional peer `pg-copy-streams` is installed, else
   * `INSERT … SELECT FROM unnest(…)`; `copy` requires `pg-copy-streams`; `unnest` never copies.
   * See `BulkInsertMode`.
   */
  readonly bulkInsert?: BulkInsertMode;
}

export type OpenPostgresOptions = PostgresConnectionOptions | PostgresPoolOptions;

/**
 * A `Kysely<BaltraDatabase>` on a real PostgreSQL server through `pg` (an optional peer
 * dependency). Nothing is loaded or opened until the first query: then `pg` is imported
 * (`MissingPeerDependencyError` when it is not installed) and the pool created, with
 * `timestamptz` parsed into Date. A connection that cannot be opened fails with
 * `DatabaseUnavailableError` naming host and port, never the password. Call `db.destroy()`
 * to end the pool. Lead ingestion's batches go through `COPY` when `pg-copy-streams` is
 * installed (`bulkInsert`).
 *
 * @example
 * ```ts
 * const db = openPostgres({ connectionString: process.env.DATABASE_URL!, poolSize: 5 });
 * await migrateToLatest(db);
 * const uow = new KyselyUnitOfWork(db);
 * ```
 */
export function openPostgres(options: OpenPostgresOptions): Kysely<BaltraDatabase> {
  const bulkInsert = options.bulkInsert ?? 'auto';
  const pool = async () => {
    // An explicit COPY needs its peer: fail the first query, not a batch mid-ingestion.
    if (bulkInsert === 'copy') await requireCopyStreams();
    return 'pool' in options
      ? guardPool(options.pool, describePool(options.pool), ignore)
      : createPool(options);
  };
  return new Kysely<BaltraDatabase>({
    dialect: new PostgresDialect({
      pool,
      onCreateConnection: async (connection) => markBulkInsertMode(connection, bulkInsert),
    }),
    ...(options.log === undefined ? {} : { log: options.log }),
  });
}

async function createPool(options: PostgresConnectionOptions): Promise<PostgresPool> {
  const pg = await loadOptionalPeer<typeof import('pg')>(
    'pg',
    'PostgreSQL connections',
    '@baltra/sdk/postgres',
  );
  const types = new pg.TypeOverrides();
  types.setTypeParser(TIMESTAMPTZ_OID, 'text', parseTimestamptz);
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    types,
  });
  const onError = options.onIdleConnectionError ?? ignore;
  pool.on('error', onError);
  return guardPool(pool, describeConnectionString(options.connectionString), onError);
}

interface ServerDescription {
  /** `host:port`, for messages. */
  readonly target: string;
  /** Safe facts for the error context. */
  readonly context: Readonly<Record<string, string>>;
  /** Scrubbed from any message, should a driver ever echo it. */
  readonly secret?: string;
}

function guardPool(
  pool: PostgresPool,
  server: ServerDescription,
  onError: (error: Error) => void,
): PostgresPool {
  return {
    async connect(): Promise<PostgresPoolClient> {
      try {
        return watchWhileCheckedOut(await pool.connect(), onError);
      } catch (error) {
        if (isBaltraError(error)) throw error;
        const reason = scrub(connectFailureReason(error), server.secret);
        throw new DatabaseUnavailableError(
          `cannot connect to PostgreSQL at ${server.target}: ${reason}`,
          { cause: error, context: { ...server.context, reason } },
        );
      }
    },
    end: () => pool.end(),
  };
}

interface ErrorEmitter {
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeListener(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * `pg` emits `error` on a checked-out client whose connection fails between queries, and
 * `pg-pool` listens only while the client is idle in the pool: unhandled, the event would crash
 * the process. Listen while the client is checked out; the pool drops it on release.
 */
function watchWhileCheckedOut(
  client: PostgresPoolClient,
  onError: (error: Error) => void,
): PostgresPoolClient {
  const emitter = client as Partial<ErrorEmitter> & PostgresPoolClient;
  if (typeof emitter.on !== 'function' || typeof emitter.removeListener !== 'function') {
    return client;
  }
  const listener = (error: Error) => onError(error);
  emitter.on('error', listener);
  const poolRelease = client.release;
  client.release = function release(this: PostgresPoolClient, ...args: unknown[]) {
    emitter.removeListener?.('error', listener);
    client.release = poolRelease;
    return (poolRelease as (...a: unknown[]) => void).apply(this, args);
  };
  return client;
}

function ignore(): void {}

function describeConnectionString(connectionString: string): ServerDescription {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    return { target: 'the configured server', context: {} };
  }
  const host = decodeURIComponent(url.hostname) || url.searchParams.get('host') || 'localhost';
  const port = url.port || url.searchParams.get('port') || '5432';
  const database = decodeURIComponent(url.pathname.slice(1));
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  return {
    target: `${host}:${port}`,
    context: { host, port, ...(database ? { database } : {}), ...(user ? { user } : {}) },
    ...(password ? { secret: password } : {}),
  };
}

function describePool(pool: PostgresPoolLike): ServerDescription {
  const host = pool.options?.host ?? 'localhost';
  const port = String(pool.options?.port ?? 5432);
  return { target: `${host}:${port}`, context: { host, port } };
}

/** A short reason: the system error code (ECONNREFUSED, ENOTFOUND …) or the server's message. */
function connectFailureReason(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const { code, message, errors } = error as {
    code?: unknown;
    message?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code;
  if (typeof message === 'string' && message.length > 0) return message;
  if (Array.isArray(errors) && errors.length > 0) return connectFailureReason(errors[0]);
  return 'unknown error';
}

function scrub(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join('***') : text;
}
