import { type Kysely, type Migration, sql } from 'kysely';

// A frozen copy, as in 0001 and 0002: a migration creates the same schema forever.
export const SAGA_STATUSES_0003 = [
  'running',
  'compensating',
  'completed',
  'compensated',
  'failed',
] as const;

/**
 * The `sagas` table: one row per saga, its progress as JSON arrays, written after every step.
 * A partial index keeps the start-up scan for unfinished sagas cheap however many finished
 * ones accumulate. `down` drops the table.
 *
 * @example
 * ```ts
 * const migrations = { '2026_11_23_0003_sagas': sagas };
 * ```
 */
export const sagas: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('sagas')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('type', 'text', (col) => col.notNull())
      .addColumn('status', 'text', (col) => col.notNull())
      .addColumn('input', 'jsonb', (col) => col.notNull())
      .addColumn('completed_steps', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
      .addColumn('compensated_steps', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
      .addColumn('failed_compensations', 'jsonb', (col) =>
        col.notNull().defaultTo(sql`'[]'::jsonb`),
      )
      .addColumn('error', 'text')
      .addColumn('updated_at', 'timestamptz', (col) => col.notNull())
      .addCheckConstraint(
        'sagas_status_check',
        sql`status in (${sql.join(SAGA_STATUSES_0003.map((status) => sql.lit(status)))})`,
      )
      .execute();
    await sql`create index sagas_unfinished_idx on sagas (updated_at, id)
      where status in ('running', 'compensating')`.execute(db);
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('sagas').execute();
  },
};
