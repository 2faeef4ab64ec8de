import { type Kysely, type Migration, sql } from 'kysely';

// Frozen copies of the domain enums as they were when this migration was written: a migration
// must create the same schema forever. A later change to the domain lists needs a new migration
// that replaces the CHECK constraints (a test compares these lists with the domain's).
export const TIERS_0001 = ['free', 'advance', 'professional', 'enterprise'] as const;
export const SOURCES_0001 = ['meta_lead_ad', 'referral', 'job_board', 'walk_in', 'manual'] as const;
export const STAGES_0001 = [
  'applied',
  'screening',
  'interview_scheduled',
  'interviewed',
  'offered',
  'hired',
  'onboarded',
  'rejected',
  'withdrawn',
] as const;

function oneOf(column: string, values: readonly string[]) {
  return sql<boolean>`${sql.ref(column)} in (${sql.join(values.map((value) => sql.lit(value)))})`;
}

/**
 * Creates `companies` and `candidates` with their constraints and the indexes the funnel
 * queries need; `down` drops both tables.
 *
 * @example
 * ```ts
 * const migrations = { '2026_11_23_0001_companies_and_candidates': companiesAndCandidates };
 * ```
 */
export const companiesAndCandidates: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('companies')
      .addColumn('id', 'uuid', (col) => col.primaryKey())
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('tier', 'text', (col) => col.notNull())
      .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
      .addCheckConstraint('companies_tier_check', oneOf('tier', TIERS_0001))
      .execute();

    await db.schema
      .createTable('candidates')
      .addColumn('id', 'uuid', (col) => col.primaryKey())
      .addColumn('company_id', 'uuid', (col) => col.notNull())
      .addColumn('vacancy_id', 'uuid')
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('phone', 'text', (col) => col.notNull())
      .addColumn('email', 'text')
      .addColumn('source', 'text', (col) => col.notNull())
      .addColumn('stage', 'text', (col) => col.notNull())
      .addColumn('meta_lead_id', 'text')
      .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
      .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
      .addForeignKeyConstraint('candidates_company_fk', ['company_id'], 'companies', ['id'])
      .addUniqueConstraint('candidates_company_meta_lead_unique', ['company_id', 'meta_lead_id'])
      .addCheckConstraint('candidates_source_check', oneOf('source', SOURCES_0001))
      .addCheckConstraint('candidates_stage_check', oneOf('stage', STAGES_0001))
      .execute();

    // countByStage is `WHERE company_id = $1 GROUP BY stage`: with (company_id, stage) the
    // planner can answer it from the index alone (index-only scan, rows already grouped), and
    // the index also serves the foreign key. Period filters use (company_id, created_at).
    await db.schema
      .createIndex('candidates_company_stage_idx')
      .on('candidates')
      .columns(['company_id', 'stage'])
      .execute();
    await db.schema
      .createIndex('candidates_company_created_at_idx')
      .on('candidates')
      .columns(['company_id', 'created_at'])
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('candidates').execute();
    await db.schema.dropTable('companies').execute();
  },
};
