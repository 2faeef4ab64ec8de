import { type Kysely, type Migration, sql } from 'kysely';

/**
 * The `rate_limit_counters` table of `PostgresRateLimiter`: one row per tenant holding its
 * current and previous minute counts and its UTC-day count, windows numbered from the Unix
 * epoch (`minute_window` = ms / 60 000, `day_window` = ms / 86 400 000). One row per tenant
 * lets a single conditional upsert check and take a slot of both quotas atomically. The index
 * on `minute_window` keeps pruning rows idle for a day cheap. `down` drops the table.
 *
 * @example
 * ```ts
 * const migrations = { '2026_11_23_0004_rate_limits': rateLimits };
 * ```
 */
export const rateLimits: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('rate_limit_counters')
      .addColumn('tenant_id', 'text', (col) => col.primaryKey())
      .addColumn('minute_window', 'integer', (col) => col.notNull())
      .addColumn('minute_count', 'integer', (col) => col.notNull())
      .addColumn('previous_minute_count', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('day_window', 'integer', (col) => col.notNull())
      .addColumn('day_count', 'integer', (col) => col.notNull())
      .addColumn('updated_at', 'timestamptz', (col) => col.notNull())
      .addCheckConstraint(
        'rate_limit_counters_counts_check',
        sql`minute_count >= 0 and previous_minute_count >= 0 and day_count >= 0`,
      )
      .execute();
    await db.schema
      .createIndex('rate_limit_counters_minute_window_idx')
      .on('rate_limit_counters')
      .column('minute_window')
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('rate_limit_counters').execute();
  },
};
