import { type Kysely, type Migration, sql } from 'kysely';

/**
 * The `action_attempts` table of `KyselyActionAttemptStore`: one row per action being worked
 * on (keyed by its idempotency key) with its failed runs, its interrupted runs (begun, never
 * ended), the crashes among them (interrupted runs begun alone) and the mode of the open run
 * (`open_run`: null, `'shared'` or `'alone'`), so every worker process sees the same counts.
 * Rows are deleted when the action completes or is dead-lettered; the index on `updated_at`
 * keeps pruning abandoned rows cheap. `down` drops the table.
 *
 * @example
 * ```ts
 * const migrations = { '2026_12_06_0005_action_attempts': actionAttempts };
 * ```
 */
export const actionAttempts: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('action_attempts')
      .addColumn('key', 'text', (col) => col.primaryKey())
      .addColumn('failures', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('interruptions', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('crashes', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('open_run', 'text')
      .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
      .addCheckConstraint(
        'action_attempts_counts_check',
        sql`failures >= 0 and interruptions >= 0 and crashes >= 0 and crashes <= interruptions`,
      )
      .addCheckConstraint(
        'action_attempts_open_run_check',
        sql`open_run in ('shared', 'alone')`, // null (no run open) passes
      )
      .execute();
    await db.schema
      .createIndex('action_attempts_updated_at_idx')
      .on('action_attempts')
      .column('updated_at')
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('action_attempts').execute();
  },
};
