import { type Kysely, type QueryResult, type RawBuilder, sql } from 'kysely';

/** Rows per statement: bounds the size of one message; the service's pages are at most this. */
export const ROWS_PER_UNNEST_INSERT = 10_000;

/** A multi-row insert whose values travel as one array parameter per column. */
export interface UnnestInsert<Column extends string> {
  readonly table: string;
  /** Column → PostgreSQL type of its elements (`uuid`, `text`, `timestamptz`, `jsonb` …). */
  readonly types: Readonly<Record<Column, string>>;
  /**
   * One array per column, all of the same length. Elements are strings, numbers, booleans,
   * dates (sent as ISO strings, exact to the millisecond) or null; never arrays.
   */
  readonly columns: Readonly<Record<Column, readonly unknown[]>>;
  /** What follows the `select`: `on conflict … returning …`. */
  readonly suffix?: RawBuilder<unknown>;
}

/**
 * `insert into t (a, b, …) select * from unnest($1::text::type[], …)`: however many rows, one
 * text parameter per column holding a PostgreSQL array literal. Compared with a multi-row
 * `VALUES` list this keeps the statement text and its plan the same for every batch size, costs
 * the client one string per column instead of one bind parameter per value (Kysely compiles
 * nothing per row, the driver serialises a dozen parameters instead of twelve thousand), and
 * never meets the protocol's limit of 65,535 bind parameters. The literal is built here rather
 * than by the driver because `pg`'s array serialiser costs about as much as the insert itself
 * (two regular expressions per element) and PGlite's differs; as `text` both drivers pass it
 * through unchanged.
 *
 * @example
 * ```ts
 * await unnestInsert(trx, {
 *   table: 'outbox',
 *   types: { id: 'uuid', type: 'text' },
 *   columns: { id: [a, b], type: ['x', 'y'] },
 * });
 * ```
 */
export function unnestInsert<R, Column extends string, DB>(
  db: Kysely<DB>,
  insert: UnnestInsert<Column>,
): Promise<QueryResult<R>> {
  const names = Object.keys(insert.types) as Column[];
  const arrays: RawBuilder<unknown>[] = [];
  const varying: Column[] = [];
  const selected = names.map((name, index) => {
    const values = insert.columns[name];
    const type = insert.types[name];
    // A value shared by every row (the company, the stage, the actor …) is sent once; the
    // first column always travels as an array, so that unnest has the number of rows.
    if (index > 0 && values.length > 1 && allEqual(values)) {
      return sql`${toText(values[0])}::text::${sql.raw(type)}`;
    }
    varying.push(name);
    arrays.push(sql`${toArrayLiteral(values)}::text::${sql.raw(`${type}[]`)}`);
    return sql.ref(`batch.${name}`);
  });
  const refs = sql.join(names.map((name) => sql.ref(name)));
  const batchColumns = sql.join(varying.map((name) => sql.ref(name)));
  return sql<R>`insert into ${sql.table(insert.table)} (${refs})
    select ${sql.join(selected)} from unnest(${sql.join(arrays)}) as batch(${batchColumns})
    ${insert.suffix ?? sql``}`.execute(db);
}

function allEqual(values: readonly unknown[]): boolean {
  const first = values[0];
  if (first instanceof Date) {
    const time = first.getTime();
    for (const value of values) {
      if (!(value instanceof Date) || value.getTime() !== time) return false;
    }
    return true;
  }
  for (const value of values) if (value !== first) return false;
  return true;
}

const NEEDS_ESCAPE = /["\\]/;
const ESCAPED = /["\\]/g;

/**
 * A one-dimensional PostgreSQL array literal: `{"a","b\"c",NULL}`. Every element is quoted, so
 * commas, braces, spaces and the word NULL inside a value stay part of it; `"` and `\` are
 * backslash-escaped.
 *
 * @example
 * ```ts
 * toArrayLiteral(['a', null, 'say "hi"']); // '{"a",NULL,"say \\"hi\\""}'
 * ```
 */
export function toArrayLiteral(values: readonly unknown[]): string {
  const elements: string[] = new Array(values.length);
  for (let i = 0; i < values.length; i += 1) {
    const text = toText(values[i]);
    elements[i] =
      text === null
        ? 'NULL'
        : NEEDS_ESCAPE.test(text)
          ? `"${text.replace(ESCAPED, '\\$&')}"`
          : `"${text}"`;
  }
  return `{${elements.join(',')}}`;
}

/** One element's text, or null for SQL NULL. */
function toText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  return unsupported(value);
}

function unsupported(value: unknown): never {
  throw new TypeError(`unnestInsert: cannot send a ${typeof value} as an array element`);
}
