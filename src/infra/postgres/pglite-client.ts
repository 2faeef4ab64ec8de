/** What a PGlite query returns, as far as the SDK reads it. */
export interface PgliteQueryResult<R> {
  readonly rows: R[];
  /** Rows inserted, updated or deleted (cumulative for a multi-statement query). */
  readonly affectedRows?: number;
  /** The command tag of the statement, e.g. `SELECT`, `INSERT`. */
  readonly command?: string;
}

/**
 * The slice of `@electric-sql/pglite`'s `PGlite` the SDK uses, so its types do not depend on the
 * package being installed. A `PGlite` instance satisfies it.
 *
 * @example
 * ```ts
 * import { PGlite } from '@electric-sql/pglite';
 * const client: PgliteClient = await PGlite.create();
 * ```
 */
export interface PgliteClient {
  query<R>(query: string, params?: unknown[]): Promise<PgliteQueryResult<R>>;
  close(): Promise<void>;
  readonly closed?: boolean;
}
