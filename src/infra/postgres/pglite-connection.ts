import type { CompiledQuery, DatabaseConnection, QueryResult } from 'kysely';
import type { PgliteClient } from './pglite-client.js';

const WRITE_COMMANDS: ReadonlySet<string | undefined> = new Set([
  'INSERT',
  'UPDATE',
  'DELETE',
  'MERGE',
]);

/**
 * A Kysely `DatabaseConnection` over a PGlite instance. {@link PgliteDriver} hands out one at
 * a time; use the dialect rather than this class.
 *
 * @example
 * ```ts
 * const connection = new PgliteConnection(await PGlite.create());
 * const { rows } = await connection.executeQuery(CompiledQuery.raw('select 1 as one'));
 * ```
 */
export class PgliteConnection implements DatabaseConnection {
  constructor(private readonly client: PgliteClient) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.client.query<R>(compiledQuery.sql, [...compiledQuery.parameters]);
    const counted =
      result.command === undefined
        ? result.affectedRows !== undefined
        : WRITE_COMMANDS.has(result.command);
    return counted
      ? { rows: result.rows, numAffectedRows: BigInt(result.affectedRows ?? 0) }
      : { rows: result.rows };
  }

  /**
   * PGlite has no cursors over its single-process protocol: the query runs to completion and
   * its rows are then yielded in chunks of `chunkSize`. Fine for the SDK's sizes; it does not
   * bound memory.
   */
  async *streamQuery<R>(
    compiledQuery: CompiledQuery,
    chunkSize = 100,
  ): AsyncIterableIterator<QueryResult<R>> {
    if (!Number.isInteger(chunkSize) || chunkSize <= 0) {
      throw new Error('chunkSize must be a positive integer');
    }
    const { rows } = await this.executeQuery<R>(compiledQuery);
    for (let start = 0; start < rows.length; start += chunkSize) {
      yield { rows: rows.slice(start, start + chunkSize) };
    }
  }
}
