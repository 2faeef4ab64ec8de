import { type Kysely, type Migration, sql } from 'kysely';

/**
 * The `baltra_lock_leases` table of `PostgresLeaseLockManager`: one row per lock name with its
 * holder, the holder's random `token`, the `fencing_token` it was granted (from the sequence
 * `baltra_lock_fencing_seq`, so every grant of any lock gets a larger number than every grant
 * before it) and the database time the lease runs out. A row whose `expires_at` has passed is
 * free; a released lock has no row. `down` drops the table and the sequence.
 *
 * @example
 * ```ts
 * const migrations = { '2026_12_07_0010_lock_leases': lockLeases };
 * ```
 */
export const lockLeases: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await sql`create sequence baltra_lock_fencing_seq`.execute(db);
    await db.schema
      .createTable('baltra_lock_leases')
      .addColumn('name', 'text', (col) => col.primaryKey())
      .addColumn('holder', 'text', (col) => col.notNull())
      .addColumn('token', 'uuid', (col) => col.notNull())
      .addColumn('fencing_token', 'bigint', (col) => col.notNull())
      .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
      .addColumn('acquired_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('baltra_lock_leases').execute();
    await sql`drop sequence baltra_lock_fencing_seq`.execute(db);
  },
};
