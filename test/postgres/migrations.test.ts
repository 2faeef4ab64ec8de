import { PGlite } from '@electric-sql/pglite';
import { type Kysely, NO_MIGRATIONS, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBaltraError } from '../../src/domain/errors.js';
import { CANDIDATE_SOURCES } from '../../src/domain/models/candidate.js';
import { COMPANY_TIERS } from '../../src/domain/models/company.js';
import { FUNNEL_STAGES } from '../../src/domain/models/funnel-stage.js';
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
import { BALTRA_MIGRATIONS } from '../../src/infra/postgres/migrations.js';
import { openPglite } from '../../src/infra/postgres/open-pglite.js';
import { openPostgres } from '../../src/infra/postgres/open-postgres.js';
import { describeWithPostgres, useTestDatabase } from '../support/postgres.js';

const FIRST = '2026_11_23_0001_companies_and_candidates';

const tables = async (db: Kysely<BaltraDatabase>): Promise<string[]> => {
  const { rows } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = 'public' order by table_name`.execute(db);
  return rows.map((r) => r.table_name);
};

function migrationSuite(db: () => Kysely<BaltraDatabase>): void {
  it('migrates an empty database to the latest version and reports the status', async () => {
    const applied = await migrateToLatest(db());

    expect(applied).toEqual([FIRST]);
    expect(await tables(db())).toEqual([
      'baltra_migration',
      'baltra_migration_lock',
      'candidates',
      'companies',
    ]);
    const status = await createMigrator(db()).getMigrations();
    expect(status.map((m) => m.name)).toEqual(Object.keys(BALTRA_MIGRATIONS));
    expect(status.every((m) => m.executedAt instanceof Date)).toBe(true);
  });

  it('is a no-op when already at the latest version', async () => {
    expect(await migrateToLatest(db())).toEqual([]);
  });

  it('creates the constraints and indexes the adapters rely on', async () => {
    const { rows: constraints } = await sql<{ conname: string }>`
      select conname from pg_constraint where conrelid in ('companies'::regclass, 'candidates'::regclass)
        and contype in ('p', 'f', 'u', 'c') -- PostgreSQL 18 (PGlite) also lists NOT NULL ('n')
      order by conname`.execute(db());
    const { rows: indexes } = await sql<{ indexname: string; indexdef: string }>`
      select indexname, indexdef from pg_indexes where tablename = 'candidates' order by indexname`.execute(
      db(),
    );

    expect(constraints.map((c) => c.conname)).toEqual([
      'candidates_company_fk',
      'candidates_company_meta_lead_unique',
      'candidates_pkey',
      'candidates_source_check',
      'candidates_stage_check',
      'companies_pkey',
      'companies_tier_check',
    ]);
    expect(indexes.map((i) => i.indexname)).toContain('candidates_company_stage_idx');
    expect(indexes.find((i) => i.indexname === 'candidates_company_stage_idx')?.indexdef).toContain(
      '(company_id, stage)',
    );
    expect(
      indexes.find((i) => i.indexname === 'candidates_company_created_at_idx')?.indexdef,
    ).toContain('(company_id, created_at)');
  });

  it('migrates all the way down, dropping every table, and up again', async () => {
    const down = throwIfMigrationFailed(await createMigrator(db()).migrateTo(NO_MIGRATIONS));

    expect(down).toEqual([FIRST]);
    expect(await tables(db())).toEqual(['baltra_migration', 'baltra_migration_lock']);
    expect(
      (await createMigrator(db()).getMigrations()).every((m) => m.executedAt === undefined),
    ).toBe(true);

    expect(await migrateToLatest(db())).toEqual([FIRST]);
    expect(await tables(db())).toContain('candidates');
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
    expect(await migrateToLatest(db())).toEqual([FIRST]);
  });
}

describe('migrations', () => {
  it('freeze the same tiers, sources and stages as the domain (add a migration when these change)', () => {
    expect([...TIERS_0001]).toEqual([...COMPANY_TIERS]);
    expect([...SOURCES_0001]).toEqual([...CANDIDATE_SOURCES]);
    expect([...STAGES_0001]).toEqual([...FUNNEL_STAGES]);
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

    expect(applied.flat()).toEqual([FIRST]);
  });
});
