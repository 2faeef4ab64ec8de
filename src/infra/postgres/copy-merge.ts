import type { Writable } from 'node:stream';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Kysely,
  type QueryResult,
  type RawBuilder,
  sql,
} from 'kysely';
import { ValidationError } from '../../domain/errors.js';
import { loadOptionalPeer } from '../peer/load-optional-peer.js';
import { MissingPeerDependencyError } from '../peer/missing-peer-dependency-error.js';
import { bulkInsertModeOf, publishBulkInsert } from './bulk-insert-mode.js';
import { copyTextChunks, findNulCharacter } from './copy-text.js';

/** The slice of `pg-copy-streams` used here; its own types never reach the SDK's declarations. */
interface CopyStreams {
  from(text: string): Writable;
}

/** A batch written with `COPY` into a temporary staging table, then merged in one statement. */
export interface CopyMerge<Item, Column extends string> {
  /** The target table. */
  readonly table: string;
  /** Column → PostgreSQL type; also the staging table's columns, in this order. */
  readonly types: Readonly<Record<Column, string>>;
  readonly items: readonly Item[];
  /** One item's values, in the order of `types`. */
  readonly values: (item: Item) => readonly unknown[];
  /** What follows the merge's `select`: `on conflict … returning …`. */
  readonly suffix: RawBuilder<unknown>;
  /** Names the batch in a `ValidationError`, e.g. `candidate batch`. */
  readonly subject: string;
}

/**
 * Writes a batch with PostgreSQL's `COPY … FROM STDIN` (text format) into a session-local
 * staging table (`create temp table if not exists … on commit delete rows`: made once per
 * connection, emptied by every commit), then moves it into the target with one statement,
 * `with staged as (delete from staging returning *) insert into target … select … from staged`
 * and the caller's suffix (`on conflict … do nothing returning id`). Rows are encoded and sent a
 * chunk at a time with the socket's backpressure, so memory follows the batch, not the total.
 *
 * Runs only inside a transaction on a node-postgres connection whose bulk-insert mode allows it
 * (see `BulkInsertMode`), with `pg-copy-streams` loaded; otherwise resolves `undefined` and the
 * caller inserts another way. A COPY publishes a `BulkInsertEvent` once chosen. The `COPY` goes through the transaction's own connection, so it
 * commits or rolls back with everything else in it. A string holding a NUL character (which
 * PostgreSQL text cannot store) is a `ValidationError` before anything is sent.
 *
 * @example
 * ```ts
 * const result = await copyMerge<{ id: string }, Candidate, Column>(trx, {
 *   table: 'candidates', types: TYPES, items: batch, values: toValues,
 *   suffix: sql`on conflict (company_id, meta_lead_id) do nothing returning id`,
 *   subject: 'candidate batch',
 * });
 * if (result === undefined) { … insert with unnest … }
 * ```
 */
export async function copyMerge<R, Item, Column extends string, DB>(
  db: Kysely<DB>,
  merge: CopyMerge<Item, Column>,
): Promise<QueryResult<R> | undefined> {
  if (!db.isTransaction) return undefined;
  const executor = db.getExecutor();
  const mode = await executor.provideConnection(async (connection) => bulkInsertModeOf(connection));
  if (mode !== 'auto' && mode !== 'copy') return undefined;
  const streams = await copyStreams(mode === 'copy');
  if (streams === undefined) return undefined;
  publishBulkInsert({ table: merge.table, strategy: 'copy', rows: merge.items.length });
  rejectNulCharacters(merge);

  const columns = Object.keys(merge.types) as Column[];
  const staging = sql.table(`pg_temp.baltra_staging_${merge.table}`);
  const refs = sql.join(columns.map((column) => sql.ref(column)));
  const definitions = sql.join(
    columns.map((column) => sql`${sql.ref(column)} ${sql.raw(merge.types[column])}`),
  );
  await sql`create temp table if not exists ${staging} (${definitions}) on commit delete rows`.execute(
    db,
  );
  const copy = sql`copy ${staging} (${refs}) from stdin`.compile(db).sql;
  await executor.provideConnection((connection) =>
    copyIn(connection, streams.from(copy), copyTextChunks(rowsOf(merge))),
  );
  return sql<R>`with staged as (delete from ${staging} returning *)
    insert into ${sql.table(merge.table)} (${refs}) select ${refs} from staged
    ${merge.suffix}`.execute(db);
}

function* rowsOf<Item>(merge: CopyMerge<Item, string>): Generator<readonly unknown[]> {
  for (const item of merge.items) yield merge.values(item);
}

function rejectNulCharacters<Item>(merge: CopyMerge<Item, string>): void {
  const found = findNulCharacter(rowsOf(merge));
  if (found === undefined) return;
  const [row, field] = found;
  const column = Object.keys(merge.types)[field] ?? String(field);
  throw new ValidationError(merge.subject, [
    {
      code: 'custom',
      path: [row, column],
      message: 'holds a NUL character, which PostgreSQL text cannot store',
      input: undefined,
    },
  ]);
}

/**
 * Hands the COPY stream to the connection's `pg` client as its next query (`client.query`
 * takes any object with `submit`, and Kysely's connection passes `sql` straight to it), then
 * writes the chunks, waiting for the socket to drain, and settles when the server has
 * confirmed the COPY (or rejects with its error). The connection's own `executeQuery` is called,
 * past any wrapper installed on the instance (Kysely's query log): those expect `sql` to be a
 * string. Whatever fails once the COPY started, it is ended (CopyFail) before this returns, so
 * the connection is never left in the middle of a COPY.
 */
async function copyIn(
  connection: DatabaseConnection,
  stream: Writable,
  chunks: Iterable<string>,
): Promise<void> {
  let failure: { readonly error: unknown } | undefined;
  const done = new Promise<void>((resolve, reject) => {
    stream.once('finish', resolve);
    stream.once('error', (error: unknown) => {
      failure = { error };
      reject(error);
    });
  });
  // Observed here so that a failure before `done` is awaited is never unhandled.
  done.catch(() => undefined);
  const execute = (Object.getPrototypeOf(connection) as DatabaseConnection).executeQuery;
  try {
    await execute.call(connection, { ...CompiledQuery.raw('copy'), sql: stream as never });
    for (const chunk of chunks) {
      if (failure) break;
      if (!stream.write(chunk)) await Promise.race([drained(stream), done]);
    }
  } catch (error) {
    // Submitted (pg-copy-streams keeps the connection from `submit` on): send CopyFail, and wait
    // for the server's error that ends the COPY.
    if (!failure && (stream as { connection?: unknown }).connection) {
      stream.destroy(error instanceof Error ? error : new Error(String(error)));
      await done.catch(() => undefined);
    }
    throw error;
  }
  if (!failure) stream.end();
  await done;
}

function drained(stream: Writable): Promise<void> {
  return new Promise((resolve) => stream.once('drain', resolve));
}

let loading: Promise<CopyStreams | undefined> | undefined;

/**
 * Loads `pg-copy-streams` now, as `openPostgres({ bulkInsert: 'copy' })` does before its first
 * connection, so that a missing package fails the first query rather than a batch halfway
 * through an ingestion.
 *
 * @example
 * ```ts
 * if (bulkInsert === 'copy') await requireCopyStreams(); // MissingPeerDependencyError if absent
 * ```
 */
export async function requireCopyStreams(): Promise<void> {
  await copyStreams(true);
}

/**
 * `pg-copy-streams`, imported once on first use. Absent, it is `undefined` for `auto` (and
 * remembered, so a batch does not try the import again) and a `MissingPeerDependencyError` when
 * COPY was required.
 */
async function copyStreams(required: boolean): Promise<CopyStreams | undefined> {
  loading ??= loadOptionalPeer<CopyStreams>(
    'pg-copy-streams',
    'COPY bulk inserts',
    '@baltra/sdk/postgres',
  ).catch((error: unknown) => {
    if (error instanceof MissingPeerDependencyError) return undefined;
    loading = undefined;
    throw error;
  });
  const streams = await loading;
  if (streams === undefined && required) {
    throw new MissingPeerDependencyError(
      'pg-copy-streams',
      'COPY bulk inserts (bulkInsert: "copy")',
      '@baltra/sdk/postgres',
    );
  }
  return streams;
}
