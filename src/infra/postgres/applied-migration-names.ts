import { type Kysely, sql } from 'kysely';

/**
 * The migration names recorded in `table` (on the search path), or `undefined` when that table
 * does not exist yet. Two plain queries: no catalog introspection, and no failed statement for
 * a query log to report when the table is missing.
 *
 * @example
 * ```ts
 * const applied = await appliedMigrationNames(db, 'baltra_migration'); // ['2026_11_23_0001_…', …]
 * ```
 */
export async function appliedMigrationNames<DB>(
  db: Kysely<DB>,
  table: string,
): Promise<string[] | undefined> {
  const { rows } = await sql<{ present: boolean }>`
    select to_regclass(${quoteIdentifier(table)}) is not null as present`.execute(db);
  if (rows[0]?.present !== true) return undefined;
  const names = await sql<{ name: string }>`select name from ${sql.table(table)}`.execute(db);
  return names.rows.map((row) => row.name);
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
