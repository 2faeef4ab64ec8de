import { type Kysely, type RawBuilder, sql } from 'kysely';

/** A single-row insert that cannot abort the transaction it runs in. */
export interface GuardedInsert {
  readonly table: string;
  /** Column → value. */
  readonly values: Readonly<Record<string, unknown>>;
  /** Column → PostgreSQL type; `INSERT … SELECT` parameters need explicit casts. */
  readonly types: Readonly<Record<string, string>>;
  /** Insert only if this row exists: the parent of a foreign key, checked in the same statement. */
  readonly parent?: {
    readonly table: string;
    readonly id: string;
  };
  /** The conflict clause; default `on conflict do nothing`. */
  readonly onConflict?: RawBuilder<unknown>;
}

/**
 * Inserts one row with `INSERT … SELECT … WHERE EXISTS (parent) ON CONFLICT …`, so that neither
 * a unique violation nor a missing parent raises an error (which would abort the surrounding
 * transaction and need a savepoint round trip per write to recover). Returns whether a row was
 * written; when it was not, the caller looks up why and throws the matching SDK error.
 *
 * @example
 * ```ts
 * const written = await guardedInsert(trx, {
 *   table: 'vacancies',
 *   values: { id, company_id: companyId, title: 'Cashier', openings: 2, status: 'open', created_at: now },
 *   types: { id: 'uuid', company_id: 'uuid', title: 'text', openings: 'integer', status: 'text', created_at: 'timestamptz' },
 *   parent: { table: 'companies', id: companyId },
 * });
 * ```
 */
export async function guardedInsert<DB>(db: Kysely<DB>, insert: GuardedInsert): Promise<boolean> {
  const columns = Object.keys(insert.values);
  const selected = columns.map((column) => {
    const type = insert.types[column];
    if (type === undefined) throw new Error(`guardedInsert: no type for column ${column}`);
    return sql`${insert.values[column]}::${sql.raw(type)}`;
  });
  const where = insert.parent
    ? sql`where exists (select 1 from ${sql.table(insert.parent.table)} where id = ${insert.parent.id}::uuid)`
    : sql``;
  const { rows } = await sql<{ written: number }>`insert into ${sql.table(insert.table)}
    (${sql.join(columns.map((column) => sql.ref(column)))})
    select ${sql.join(selected)} ${where}
    ${insert.onConflict ?? sql`on conflict do nothing`}
    returning 1 as written`.execute(db);
  return rows.length > 0;
}
