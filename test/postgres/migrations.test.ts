import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { type Kysely, NO_MIGRATIONS, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBaltraError } from '../../src/domain/errors.js';
import { CANDIDATE_SOURCES } from '../../src/domain/models/candidate.js';
import { COMPANY_TIERS } from '../../src/domain/models/company.js';
import { FUNNEL_STAGES } from '../../src/domain/models/funnel-stage.js';
import { ONBOARDING_STATUSES } from '../../src/domain/models/onboarding.js';
import { VacancySchema } from '../../src/domain/models/vacancy.js';
import type { BaltraDatabase } from '../../src/infra/postgres/database-schema.js';
import {
  createMigrator,
  migrateToLatest,
  throwIfMigrationFailed,
} from '../../src/infra/postgres/migrate-to-latest.js';
import {
  SOURCES_0001,
  STAGES_0001,
  TIERS_0001,
} from '../../src/infra/postgres/migrations/0001-companies-and-candidates.js';
import {
  ONBOARDING_STATUSES_0002,
  STAGES_0002,
  VACANCY_STATUSES_0002,
} from '../../src/infra/postgres/migrations/0002-recruiting-domain.js';
import { BALTRA_MIGRATIONS } from '../../src/infra/postgres/migrations.js';
import { openPglite } from '../../src/infra/postgres/open-pglite.js';
import { openPostgres } from '../../src/infra/postgres/open-postgres.js';
import { describeWithPostgres, useTestDatabase } from '../support/postgres.js';

const FIRST = '2026_11_23_0001_companies_and_candidates';
const SECOND = '2026_11_23_0002_recruiting_domain';
const THIRD = '2026_11_23_0003_sagas';
const FOURTH = '2026_11_23_0004_rate_limits';
const FIFTH = '2026_12_06_0005_action_attempts';
const SIXTH = '2026_12_07_0006_outbox_trace_context';
const SEVENTH = '2026_12_07_0007_candidate_campaign';
const EIGHTH = '2026_12_07_0008_tenants';
const NINTH = '2026_12_07_0009_row_level_security';
const TENTH = '2026_12_07_0010_lock_leases';
const ALL_TABLES = [
  'action_attempts',
  'baltra_lock_leases',
  'baltra_migration',
  'baltra_migration_lock',
  'candidates',
  'companies',
  'idempotency_keys',
  'lead_cursors',
  'onboardings',
  'outbox',
  'quarantined_leads',
  'rate_limit_counters',
  'sagas',
  'stage_transitions',
  'tenants',
  'vacancies',
];

const tablesWithout = (...dropped: readonly string[]): string[] =>
  ALL_TABLES.filter((table) => !dropped.includes(table));

const tables = async (db: Kysely<BaltraDatabase>): Promise<string[]> => {
  const { rows } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = 'public' order by table_name`.execute(db);
  return rows.map((r) => r.table_name);
};

const indexDefinitions = async (db: Kysely<BaltraDatabase>) => {
  const { rows } = await sql<{ indexname: string; indexdef: string }>`
    select indexname, indexdef from pg_indexes where schemaname = 'public' order by indexname`.execute(
    db,
  );
  return rows;
};

/** Tables, columns (name, type, nullability, default) and index definitions, for comparisons. */
async function schemaSnapshot(db: Kysely<BaltraDatabase>) {
  const { rows: columns } = await sql<{ column: string }>`
    select table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' ||
           coalesce(column_default, '') || ' ' || is_identity as column
    from information_schema.columns where table_schema = 'public'
    order by table_name, column_name`.execute(db);
  return {
    tables: await tables(db),
    columns: columns.map((c) => c.column.trim()),
    indexes: (await indexDefinitions(db)).map((i) => i.indexdef),
  };
}

function migrationSuite(db: () => Kysely<BaltraDatabase>): void {
  it('migrates an empty database to the latest version and reports the status', async () => {
    const applied = await migrateToLatest(db());

    expect(applied).toEqual([
      FIRST,
      SECOND,
      THIRD,
      FOURTH,
      FIFTH,
      SIXTH,
      SEVENTH,
      EIGHTH,
      NINTH,
      TENTH,
    ]);
    expect(await tables(db())).toEqual(ALL_TABLES);
    const status = await createMigrator(db()).getMigrations();
    expect(status.map((m) => m.name)).toEqual(Object.keys(BALTRA_MIGRATIONS));
    expect(status.every((m) => m.executedAt instanceof Date)).toBe(true);
  });

  it('is a no-op when already at the latest version', async () => {
    expect(await migrateToLatest(db())).toEqual([]);
  });

  it('creates the constraints and indexes the adapters rely on', async () => {
    const { rows: constraints } = await sql<{ conname: string }>`
      select conname from pg_constraint join pg_class on pg_class.oid = conrelid
      join pg_namespace on pg_namespace.oid = relnamespace
      where nspname = 'public' and relname not like 'baltra_migration%'
        and contype in ('p', 'f', 'u', 'c') -- PostgreSQL 18 (PGlite) also lists NOT NULL ('n')
      order by conname`.execute(db());

    expect(constraints.map((c) => c.conname)).toEqual([
      'action_attempts_counts_check',
      'action_attempts_open_run_check',
      'action_attempts_pkey',
      'baltra_lock_leases_pkey',
      'candidates_company_fk',
      'candidates_company_meta_lead_unique',
      'candidates_pkey',
      'candidates_source_check',
      'candidates_stage_check',
      'candidates_version_check',
      'companies_pkey',
      'companies_tier_check',
      'idempotency_keys_pkey',
      'lead_cursors_company_fk',
      'lead_cursors_pkey',
      'onboardings_candidate_fk',
      'onboardings_pkey',
      'onboardings_status_check',
      'outbox_pkey',
      'quarantined_leads_company_fk',
      'quarantined_leads_company_meta_lead_unique',
      'quarantined_leads_pkey',
      'rate_limit_counters_counts_check',
      'rate_limit_counters_pkey',
      'sagas_pkey',
      'sagas_status_check',
      'stage_transitions_candidate_fk',
      'stage_transitions_from_stage_check',
      'stage_transitions_pkey',
      'stage_transitions_to_stage_check',
      'tenants_pkey',
      'tenants_status_check',
      'tenants_tier_check',
      'vacancies_company_fk',
      'vacancies_openings_check',
      'vacancies_pkey',
      'vacancies_status_check',
    ]);
    const definitions = await indexDefinitions(db());
    const index = (name: string) => definitions.find((d) => d.indexname === name)?.indexdef;
    expect(index('candidates_company_stage_idx')).toContain('(company_id, stage)');
    expect(index('candidates_company_created_at_stage_idx')).toMatch(
      /\(company_id, created_at\) INCLUDE \(stage\)/,
    );
    expect(index('candidates_company_created_at_idx')).toBeUndefined();
    expect(index('stage_transitions_company_request_unique')).toMatch(
      /UNIQUE INDEX .*\(company_id, request_id\) WHERE \(request_id IS NOT NULL\)/,
    );
    expect(index('stage_transitions_company_to_stage_at_idx')).toMatch(
      /\(company_id, to_stage, at\) INCLUDE \(candidate_id\)/,
    );
    expect(index('stage_transitions_candidate_at_idx')).toContain('(candidate_id, at)');
    expect(index('outbox_pending_idx')).toMatch(/\(sequence\) WHERE \(published_at IS NULL\)/);
    expect(index('sagas_unfinished_idx')).toMatch(/\(updated_at, id\) WHERE \(status = ANY/);
    expect(index('rate_limit_counters_minute_window_idx')).toContain('(minute_window)');
    expect(index('action_attempts_updated_at_idx')).toContain('(updated_at)');
    expect(index('quarantined_leads_company_at_idx')).toContain(
      '(company_id, quarantined_at DESC)',
    );
  });

  it('reverts 0002 alone back to exactly the schema of 0001, keeping the candidates, and applies it again', async () => {
    const companyId = randomUUID();
    await sql`insert into companies (id, name, tier) values (${companyId}, 'Acme', 'free')`.execute(
      db(),
    );
    await sql`insert into candidates (id, company_id, name, phone, source, stage)
      values (${randomUUID()}, ${companyId}, 'Ana', '+5215512345678', 'referral', 'applied')`.execute(
      db(),
    );
    const latest = await schemaSnapshot(db());

    const down = throwIfMigrationFailed(await createMigrator(db()).migrateTo(FIRST));
    const first = await schemaSnapshot(db());
    const up = throwIfMigrationFailed(await createMigrator(db()).migrateToLatest());

    expect(down).toEqual([TENTH, NINTH, EIGHTH, SEVENTH, SIXTH, FIFTH, FOURTH, THIRD, SECOND]);
    expect(first.tables).toEqual([
      'baltra_migration',
      'baltra_migration_lock',
      'candidates',
      'companies',
    ]);
    expect(first.columns.filter((c) => c.startsWith('candidates.version '))).toEqual([]);
    expect(first.indexes).toContain(
      'CREATE INDEX candidates_company_created_at_idx ON public.candidates USING btree (company_id, created_at)',
    );
    expect(up).toEqual([SECOND, THIRD, FOURTH, FIFTH, SIXTH, SEVENTH, EIGHTH, NINTH, TENTH]);
    expect(await schemaSnapshot(db())).toEqual(latest);
    const { rows } = await sql<{ version: number }>`
      select version from candidates where company_id = ${companyId}`.execute(db());
    expect(rows).toEqual([{ version: 1 }]);
    await sql`delete from candidates`.execute(db());
    await sql`delete from companies`.execute(db());
  });

  it('reverts 0010 alone, dropping only the lock leases table and its sequence, and applies it again', async () => {
    const latest = await schemaSnapshot(db());

    const down = throwIfMigrationFailed(await createMigrator(db()).migrateTo(NINTH));
    const ninth = await schemaSnapshot(db());
    const { rows: sequences } = await sql<{ n: number }>`
      select count(*)::int as n from pg_class where relname = 'baltra_lock_fencing_seq'`.execute(
      db(),
    );
    const up = throwIfMigrationFailed(await createMigrator(db()).migrateToLatest());

    expect(down).toEqual([TENTH]);
    expect(ninth.tables).toEqual(tablesWithout('baltra_lock_leases'));
    expect(ninth.columns).toEqual(
      latest.columns.filter((c) => !c.startsWith('baltra_lock_leases.')),
    );
    expect(sequences).toEqual([{ n: 0 }]);
    expect(up).toEqual([TENTH]);
    expect(await schemaSnapshot(db())).toEqual(latest);
  });

  it('reverts 0008 alone, dropping only the tenants table, and applies it again', async () => {
    const latest = await schemaSnapshot(db());

    const down = throwIfMigrationFailed(await createMigrator(db()).migrateTo(SEVENTH));
    const seventh = await schemaSnapshot(db());
    const up = throwIfMigrationFailed(await createMigrator(db()).migrateToLatest());

    expect(down).toEqual([TENTH, NINTH, EIGHTH]);
    expect(seventh.tables).toEqual(tablesWithout('tenants', 'baltra_lock_leases'));
    expect(seventh.columns).toEqual(
      latest.columns.filter(
        (c) => !c.startsWith('tenants.') && !c.startsWith('baltra_lock_leases.'),
      ),
    );
    expect(up).toEqual([EIGHTH, NINTH, TENTH]);
    expect(await schemaSnapshot(db())).toEqual(latest);
  });

  it('reverts 0007 alone, dropping only the candidates campaign column, and applies it again', async () => {
    const latest = await schemaSnapshot(db());

    const down = throwIfMigrationFailed(await createMigrator(db()).migrateTo(SIXTH));
    const sixth = await schemaSnapshot(db());
    const up = throwIfMigrationFailed(await createMigrator(db()).migrateToLatest());

    expect(down).toEqual([TENTH, NINTH, EIGHTH, SEVENTH]);
    expect(sixth.tables).toEqual(tablesWithout('tenants', 'baltra_lock_leases'));
    expect(latest.columns.filter((column) => column.startsWith('candidates.campaign_id'))).toEqual([
      expect.stringMatching(/^candidates\.campaign_id text YES /),
    ]);
    expect(sixth.columns).toEqual(
      latest.columns.filter(
        (column) =>
          !column.startsWith('candidates.campaign_id') &&
          !column.startsWith('tenants.') &&
          !column.startsWith('baltra_lock_leases.'),
      ),
    );
    expect(sixth.indexes).toEqual(
      latest.indexes.filter((index) => !/ ON public\.(tenants|baltra_lock_leases) /.test(index)),
    );
    expect(up).toEqual([SEVENTH, EIGHTH, NINTH, TENTH]);
    expect(await schemaSnapshot(db())).toEqual(latest);
  });

  it('reverts 0006 (and what follows it), dropping the outbox trace columns, and applies it again', async () => {
    const latest = await schemaSnapshot(db());

    const down = throwIfMigrationFailed(await createMigrator(db()).migrateTo(FIFTH));
    const fifth = await schemaSnapshot(db());
    const up = throwIfMigrationFailed(await createMigrator(db()).migrateToLatest());

    expect(down).toEqual([TENTH, NINTH, EIGHTH, SEVENTH, SIXTH]);
    expect(fifth.tables).toEqual(tablesWithout('tenants', 'baltra_lock_leases'));
    expect(latest.columns.filter((column) => column.startsWith('outbox.trace'))).toEqual([
      expect.stringMatching(/^outbox\.traceparent text YES /),
      expect.stringMatching(/^outbox\.tracestate text YES /),
    ]);
    expect(fifth.columns).toEqual(
      latest.columns.filter(
        (column) =>
          !column.startsWith('outbox.trace') &&
          !column.startsWith('candidates.campaign_id') &&
          !column.startsWith('tenants.') &&
          !column.startsWith('baltra_lock_leases.'),
      ),
    );
    expect(up).toEqual([SIXTH, SEVENTH, EIGHTH, NINTH, TENTH]);
    expect(await schemaSnapshot(db())).toEqual(latest);
  });

  it('reverts 0005 (and what follows it), dropping the action attempts, and applies it again', async () => {
    const latest = await schemaSnapshot(db());

    const down = throwIfMigrationFailed(await createMigrator(db()).migrateTo(FOURTH));
    const fourth = await schemaSnapshot(db());
    const up = throwIfMigrationFailed(await createMigrator(db()).migrateToLatest());

    expect(down).toEqual([TENTH, NINTH, EIGHTH, SEVENTH, SIXTH, FIFTH]);
    expect(fourth.tables).toEqual(
      tablesWithout('action_attempts', 'tenants', 'baltra_lock_leases'),
    );
    expect(fourth.indexes.filter((index) => index.includes('action_attempts'))).toEqual([]);
    expect(up).toEqual([FIFTH, SIXTH, SEVENTH, EIGHTH, NINTH, TENTH]);
    expect(await schemaSnapshot(db())).toEqual(latest);
  });

  it('reverts 0004 (and what follows it), dropping the rate limit counters, and applies it again', async () => {
    const latest = await schemaSnapshot(db());

    const down = throwIfMigrationFailed(await createMigrator(db()).migrateTo(THIRD));
    const third = await schemaSnapshot(db());
    const up = throwIfMigrationFailed(await createMigrator(db()).migrateToLatest());

    expect(down).toEqual([TENTH, NINTH, EIGHTH, SEVENTH, SIXTH, FIFTH, FOURTH]);
    expect(third.tables).toEqual(
      tablesWithout('rate_limit_counters', 'action_attempts', 'tenants', 'baltra_lock_leases'),
    );
    expect(third.indexes.filter((index) => index.includes('rate_limit'))).toEqual([]);
    expect(up).toEqual([FOURTH, FIFTH, SIXTH, SEVENTH, EIGHTH, NINTH, TENTH]);
    expect(await schemaSnapshot(db())).toEqual(latest);
  });

  it('reverts 0003 (and what follows it), dropping the sagas table, and applies it again', async () => {
    const latest = await schemaSnapshot(db());

    const down = throwIfMigrationFailed(await createMigrator(db()).migrateTo(SECOND));
    const second = await schemaSnapshot(db());
    const up = throwIfMigrationFailed(await createMigrator(db()).migrateToLatest());

    expect(down).toEqual([TENTH, NINTH, EIGHTH, SEVENTH, SIXTH, FIFTH, FOURTH, THIRD]);
    expect(second.tables).toEqual(
      tablesWithout(
        'sagas',
        'rate_limit_counters',
        'action_attempts',
        'tenants',
        'baltra_lock_leases',
      ),
    );
    expect(second.indexes.filter((index) => index.includes('sagas'))).toEqual([]);
    expect(up).toEqual([THIRD, FOURTH, FIFTH, SIXTH, SEVENTH, EIGHTH, NINTH, TENTH]);
    expect(await schemaSnapshot(db())).toEqual(latest);
  });

  it('migrates all the way down, dropping every table, and up again', async () => {
    const down = throwIfMigrationFailed(await createMigrator(db()).migrateTo(NO_MIGRATIONS));

    expect(down).toEqual([
      TENTH,
      NINTH,
      EIGHTH,
      SEVENTH,
      SIXTH,
      FIFTH,
      FOURTH,
      THIRD,
      SECOND,
      FIRST,
    ]);
    expect(await tables(db())).toEqual(['baltra_migration', 'baltra_migration_lock']);
    expect(
      (await createMigrator(db()).getMigrations()).every((m) => m.executedAt === undefined),
    ).toBe(true);

    expect(await migrateToLatest(db())).toEqual([
      FIRST,
      SECOND,
      THIRD,
      FOURTH,
      FIFTH,
      SIXTH,
      SEVENTH,
      EIGHTH,
      NINTH,
      TENTH,
    ]);
    expect(await tables(db())).toEqual(ALL_TABLES);
  });

  it('fails with MIGRATION_FAILED naming the migration, and applies nothing of it', async () => {
    throwIfMigrationFailed(await createMigrator(db()).migrateTo(NO_MIGRATIONS));
    await sql`create table candidates (id int)`.execute(db());

    const error = await migrateToLatest(db()).catch((e: unknown) => e);

    expect(isBaltraError(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'MIGRATION_FAILED',
      context: { migration: FIRST, direction: 'Up' },
    });
    expect((error as Error).message).toContain(FIRST);
    expect((error as Error).message).toContain('"candidates" already exists');
    expect(await tables(db())).not.toContain('companies'); // the migration's transaction rolled back

    await sql`drop table candidates`.execute(db());
    expect(await migrateToLatest(db())).toEqual([
      FIRST,
      SECOND,
      THIRD,
      FOURTH,
      FIFTH,
      SIXTH,
      SEVENTH,
      EIGHTH,
      NINTH,
      TENTH,
    ]);
  });
}

describe('migrations', () => {
  it('freeze the same tiers, sources and stages as the domain (add a migration when these change)', () => {
    expect([...TIERS_0001]).toEqual([...COMPANY_TIERS]);
    expect([...SOURCES_0001]).toEqual([...CANDIDATE_SOURCES]);
    expect([...STAGES_0001]).toEqual([...FUNNEL_STAGES]);
    expect([...STAGES_0002]).toEqual([...FUNNEL_STAGES]);
    expect([...VACANCY_STATUSES_0002]).toEqual(VacancySchema.shape.status.options);
    expect([...ONBOARDING_STATUSES_0002]).toEqual([...ONBOARDING_STATUSES]);
  });

  it('every migration can be undone', () => {
    for (const migration of Object.values(BALTRA_MIGRATIONS)) {
      expect(typeof migration.down).toBe('function');
    }
  });

  it('names migrations so that they sort in the order they must run', () => {
    const names = Object.keys(BALTRA_MIGRATIONS);
    expect(names).toEqual([...names].sort());
    for (const name of names) expect(name).toMatch(/^\d{4}_\d{2}_\d{2}_\d{4}_[a-z0-9_]+$/);
  });
});

describe('migrations on PGlite', () => {
  let pglite: PGlite;
  let db: Kysely<BaltraDatabase>;
  beforeAll(async () => {
    pglite = await PGlite.create();
    db = openPglite({ client: pglite });
  });
  afterAll(async () => {
    await db.destroy();
    await pglite.close();
  });

  migrationSuite(() => db);
});

describeWithPostgres('migrations on PostgreSQL', () => {
  const database = useTestDatabase();
  let db: Kysely<BaltraDatabase>;
  beforeAll(() => {
    db = openPostgres({ connectionString: database.url, poolSize: 2 });
  });
  afterAll(async () => {
    await db.destroy();
  });

  migrationSuite(() => db);

  it('lets concurrent callers migrate safely (advisory lock)', async () => {
    throwIfMigrationFailed(await createMigrator(db).migrateTo(NO_MIGRATIONS));
    const others = [1, 2, 3].map(() =>
      openPostgres({ connectionString: database.url, poolSize: 1 }),
    );

    const applied = await Promise.all(others.map((o) => migrateToLatest(o)));
    await Promise.all(others.map((o) => o.destroy()));

    expect(applied.flat()).toEqual([
      FIRST,
      SECOND,
      THIRD,
      FOURTH,
      FIFTH,
      SIXTH,
      SEVENTH,
      EIGHTH,
      NINTH,
      TENTH,
    ]);
  });
});
