import { type Kysely, type Migration, sql } from 'kysely';

/**
 * The company-scoped tables as they were when this migration was written, each with the column
 * that holds its company: every table of the schema that has `company_id` carries it on its own
 * rows (a transition or an onboarding repeats its candidate's company), so each policy reads its
 * own column and no policy joins a parent table. A frozen copy: a migration creates the same
 * schema forever; a later company-scoped table gets its policy in its own migration.
 */
export const COMPANY_SCOPED_TABLES_0009: Readonly<Record<string, string>> = Object.freeze({
  companies: 'id',
  candidates: 'company_id',
  vacancies: 'company_id',
  stage_transitions: 'company_id',
  outbox: 'company_id',
  lead_cursors: 'company_id',
  quarantined_leads: 'company_id',
  onboardings: 'company_id',
});

/** The name of the policy on every company-scoped table. */
export const COMPANY_POLICY_0009 = 'baltra_company_isolation';

/**
 * A policy per company-scoped table (see `COMPANY_SCOPED_TABLES_0009`): a row is visible and
 * writable only when its company is the transaction's `app.company_id` setting; no setting (or
 * an empty one) matches no row. Policies do nothing until row-level security is enabled on the
 * table, which this migration does not do: `enableRowLevelSecurity` (or
 * `BALTRA_POSTGRES_ROW_LEVEL_SECURITY=true` with `migrateToLatest`) opts in. Superusers and
 * roles with `BYPASSRLS` are never bound. `down` disables row-level security on those tables and
 * drops the policies.
 *
 * @example
 * ```ts
 * const migrations = { '2026_12_07_0009_row_level_security': rowLevelSecurity };
 * ```
 */
export const rowLevelSecurity: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    // `true`: a missing setting reads as null instead of failing. After a transaction that set it
    // locally, the session reads '' (not null), hence the nullif. A stable expression, so an
    // index on the company column still serves the filter.
    const company = sql`nullif(current_setting('app.company_id', true), '')::uuid`;
    for (const [table, column] of Object.entries(COMPANY_SCOPED_TABLES_0009)) {
      await sql`create policy ${sql.id(COMPANY_POLICY_0009)} on ${sql.table(table)}
        as permissive for all
        using (${sql.ref(column)} = ${company})
        with check (${sql.ref(column)} = ${company})`.execute(db);
    }
  },

  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of Object.keys(COMPANY_SCOPED_TABLES_0009)) {
      // Enabled without any policy, a table would hide every row: switch it off first.
      await sql`alter table ${sql.table(table)} no force row level security`.execute(db);
      await sql`alter table ${sql.table(table)} disable row level security`.execute(db);
      await sql`drop policy ${sql.id(COMPANY_POLICY_0009)} on ${sql.table(table)}`.execute(db);
    }
  },
};
