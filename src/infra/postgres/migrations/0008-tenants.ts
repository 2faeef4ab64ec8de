import { type Kysely, type Migration, sql } from 'kysely';

/**
 * The `tenants` table of `KyselyTenantDirectory`: one row per tenant with the tier and status
 * the operator gave it (the worker takes a tenant's tier from here, never from its messages)
 * and its own `limits` (jsonb: `perMinute`, `perDay`, `handlerTimeoutMs`), null when it has
 * its tier's. The checks pin the tiers and statuses of this migration; a later one that adds
 * a tier replaces them. `down` drops the table.
 *
 * @example
 * ```ts
 * const migrations = { '2026_12_07_0008_tenants': tenants };
 * ```
 */
export const tenants: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('tenants')
      .addColumn('tenant_id', 'text', (col) => col.primaryKey())
      .addColumn('tier', 'text', (col) => col.notNull())
      .addColumn('status', 'text', (col) => col.notNull().defaultTo('active'))
      .addColumn('limits', 'jsonb')
      .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
      .addCheckConstraint(
        'tenants_tier_check',
        sql`tier in ('free', 'advance', 'professional', 'enterprise')`,
      )
      .addCheckConstraint('tenants_status_check', sql`status in ('active', 'suspended')`)
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('tenants').execute();
  },
};
