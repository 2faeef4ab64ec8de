import { type Kysely, type Migration, sql } from 'kysely';

// Frozen copies, as in 0001: a migration must create the same schema forever, so it never
// reads the domain's lists (a test compares these with the domain's).
export const STAGES_0002 = [
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
export const VACANCY_STATUSES_0002 = ['open', 'closed'] as const;
export const ONBOARDING_STATUSES_0002 = ['started', 'completed', 'failed'] as const;

function oneOf(column: string, values: readonly string[]) {
  return sql<boolean>`${sql.ref(column)} in (${sql.join(values.map((value) => sql.lit(value)))})`;
}

/**
 * The rest of the recruiting domain: `candidates.version` (optimistic concurrency),
 * `vacancies`, `stage_transitions`, `outbox`, `lead_cursors`, `quarantined_leads`,
 * `onboardings` and `idempotency_keys`, with the indexes of the dashboard queries. `down`
 * drops them and restores 0001's schema exactly.
 *
 * @example
 * ```ts
 * const migrations = { '2026_11_23_0002_recruiting_domain': recruitingDomain };
 * ```
 */
export const recruitingDomain: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    // A constant default needs no table rewrite (PostgreSQL 11+): cheap on a big table.
    await db.schema
      .alterTable('candidates')
      .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
      .execute();
    await db.schema
      .alterTable('candidates')
      .addCheckConstraint('candidates_version_check', sql`version >= 1`)
      .execute();
    // The dashboard funnel counts a company's candidates created in a period per stage; with
    // `stage` included, that is an index-only range scan. Replaces 0001's (company_id, created_at).
    await sql`create index candidates_company_created_at_stage_idx
      on candidates (company_id, created_at) include (stage)`.execute(db);
    await db.schema.dropIndex('candidates_company_created_at_idx').execute();

    await db.schema
      .createTable('vacancies')
      .addColumn('id', 'uuid', (col) => col.primaryKey())
      .addColumn('company_id', 'uuid', (col) => col.notNull())
      .addColumn('title', 'text', (col) => col.notNull())
      .addColumn('city', 'text')
      .addColumn('openings', 'integer', (col) => col.notNull())
      .addColumn('status', 'text', (col) => col.notNull())
      .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
      .addForeignKeyConstraint('vacancies_company_fk', ['company_id'], 'companies', ['id'])
      .addCheckConstraint('vacancies_openings_check', sql`openings between 1 and 10000`)
      .addCheckConstraint('vacancies_status_check', oneOf('status', VACANCY_STATUSES_0002))
      .execute();
    await db.schema
      .createIndex('vacancies_company_idx')
      .on('vacancies')
      .column('company_id')
      .execute();

    await db.schema
      .createTable('stage_transitions')
      .addColumn('id', 'uuid', (col) => col.primaryKey())
      // Insertion order, to list a candidate's moves in order even when two share a timestamp.
      .addColumn('sequence', 'bigint', (col) => col.notNull().generatedAlwaysAsIdentity())
      .addColumn('candidate_id', 'uuid', (col) => col.notNull())
      .addColumn('company_id', 'uuid', (col) => col.notNull())
      .addColumn('from_stage', 'text')
      .addColumn('to_stage', 'text', (col) => col.notNull())
      .addColumn('at', 'timestamptz', (col) => col.notNull())
      .addColumn('actor', 'text', (col) => col.notNull())
      .addColumn('request_id', 'text')
      .addForeignKeyConstraint('stage_transitions_candidate_fk', ['candidate_id'], 'candidates', [
        'id',
      ])
      .addCheckConstraint(
        'stage_transitions_from_stage_check',
        sql`from_stage is null or ${oneOf('from_stage', STAGES_0002)}`,
      )
      .addCheckConstraint('stage_transitions_to_stage_check', oneOf('to_stage', STAGES_0002))
      .execute();
    await db.schema
      .createIndex('stage_transitions_company_request_unique')
      .on('stage_transitions')
      .columns(['company_id', 'request_id'])
      .unique()
      .where(sql.ref('request_id'), 'is not', null)
      .execute();
    // Hires of a company in a period: `company_id = $1 and to_stage = 'hired' and at in [$2, $3)`
    // is one range of this index; `candidate_id` is included for the join to `candidates`.
    await sql`create index stage_transitions_company_to_stage_at_idx
      on stage_transitions (company_id, to_stage, at) include (candidate_id)`.execute(db);
    // A candidate's history in order; also serves the foreign key.
    await db.schema
      .createIndex('stage_transitions_candidate_at_idx')
      .on('stage_transitions')
      .columns(['candidate_id', 'at'])
      .execute();

    // No foreign key: events are facts that outlive what they describe, and the relay reads
    // them without joins.
    await db.schema
      .createTable('outbox')
      .addColumn('sequence', 'bigint', (col) => col.notNull().generatedAlwaysAsIdentity())
      .addColumn('id', 'uuid', (col) => col.primaryKey())
      .addColumn('type', 'text', (col) => col.notNull())
      .addColumn('aggregate_type', 'text', (col) => col.notNull())
      .addColumn('aggregate_id', 'text', (col) => col.notNull())
      .addColumn('company_id', 'uuid', (col) => col.notNull())
      .addColumn('occurred_at', 'timestamptz', (col) => col.notNull())
      .addColumn('payload', 'jsonb', (col) => col.notNull())
      .addColumn('published_at', 'timestamptz')
      .execute();
    // The relay reads `published_at is null order by sequence limit n`: this index holds only
    // the pending entries, so it stays small however long the outbox grows.
    await db.schema
      .createIndex('outbox_pending_idx')
      .on('outbox')
      .column('sequence')
      .where(sql.ref('published_at'), 'is', null)
      .execute();

    await db.schema
      .createTable('lead_cursors')
      .addColumn('company_id', 'uuid', (col) => col.notNull())
      .addColumn('source_key', 'text', (col) => col.notNull())
      .addColumn('position', 'text')
      .addColumn('updated_at', 'timestamptz', (col) => col.notNull())
      .addPrimaryKeyConstraint('lead_cursors_pkey', ['company_id', 'source_key'])
      .addForeignKeyConstraint('lead_cursors_company_fk', ['company_id'], 'companies', ['id'])
      .execute();

    await db.schema
      .createTable('quarantined_leads')
      .addColumn('id', 'uuid', (col) => col.primaryKey())
      .addColumn('sequence', 'bigint', (col) => col.notNull().generatedAlwaysAsIdentity())
      .addColumn('company_id', 'uuid', (col) => col.notNull())
      .addColumn('meta_lead_id', 'text', (col) => col.notNull())
      .addColumn('source_key', 'text', (col) => col.notNull())
      .addColumn('reasons', sql`text[]`, (col) => col.notNull())
      .addColumn('lead', 'jsonb', (col) => col.notNull())
      .addColumn('quarantined_at', 'timestamptz', (col) => col.notNull())
      .addForeignKeyConstraint('quarantined_leads_company_fk', ['company_id'], 'companies', ['id'])
      .addUniqueConstraint('quarantined_leads_company_meta_lead_unique', [
        'company_id',
        'meta_lead_id',
      ])
      .execute();
    await sql`create index quarantined_leads_company_at_idx
      on quarantined_leads (company_id, quarantined_at desc)`.execute(db);

    await db.schema
      .createTable('onboardings')
      .addColumn('candidate_id', 'uuid', (col) => col.primaryKey())
      .addColumn('company_id', 'uuid', (col) => col.notNull())
      .addColumn('status', 'text', (col) => col.notNull())
      .addColumn('execution_name', 'text', (col) => col.notNull())
      .addColumn('execution_id', 'text', (col) => col.notNull())
      .addColumn('failure_reason', 'text')
      .addColumn('started_at', 'timestamptz', (col) => col.notNull())
      .addColumn('finished_at', 'timestamptz')
      .addForeignKeyConstraint('onboardings_candidate_fk', ['candidate_id'], 'candidates', ['id'])
      .addCheckConstraint('onboardings_status_check', oneOf('status', ONBOARDING_STATUSES_0002))
      .execute();

    await db.schema
      .createTable('idempotency_keys')
      .addColumn('key', 'text', (col) => col.primaryKey())
      .addColumn('result', 'jsonb')
      .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
      .addColumn('completed_at', 'timestamptz')
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of [
      'idempotency_keys',
      'onboardings',
      'quarantined_leads',
      'lead_cursors',
      'outbox',
      'stage_transitions',
      'vacancies',
    ]) {
      await db.schema.dropTable(table).execute();
    }
    await db.schema
      .createIndex('candidates_company_created_at_idx')
      .on('candidates')
      .columns(['company_id', 'created_at'])
      .execute();
    await db.schema.dropIndex('candidates_company_created_at_stage_idx').execute();
    await db.schema.alterTable('candidates').dropColumn('version').execute();
  },
};
