import { randomUUID } from 'node:crypto';
import { type Kysely, type LogEvent, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BaltraDatabase } from '../../src/infra/postgres/database-schema.js';
import { KyselyCandidateRepository } from '../../src/infra/postgres/kysely-candidate-repository.js';
import { KyselyDashboardQueries } from '../../src/infra/postgres/kysely-dashboard-queries.js';
import { migrateToLatest } from '../../src/infra/postgres/migrate-to-latest.js';
import { openPostgres } from '../../src/infra/postgres/open-postgres.js';
import { describeWithPostgres, useTestDatabase } from '../support/postgres.js';

const COMPANIES = 50;
const CANDIDATES = 100_000;

describeWithPostgres('funnel and dashboard queries on a large table (PostgreSQL)', () => {
  const database = useTestDatabase();
  const logged: LogEvent[] = [];
  let db: Kysely<BaltraDatabase>;
  const companyIds = Array.from({ length: COMPANIES }, () => randomUUID());

  beforeAll(async () => {
    db = openPostgres({
      connectionString: database.url,
      poolSize: 1,
      log: (e) => {
        logged.push(e);
      },
    });
    await migrateToLatest(db);
    await db
      .insertInto('companies')
      .values(companyIds.map((id, i) => ({ id, name: `Company ${i}`, tier: 'free' as const })))
      .execute();
    // Spread candidates over the companies and stages, and over a year of creation dates.
    await sql`
      insert into candidates (id, company_id, name, phone, source, stage, created_at, updated_at)
      select gen_random_uuid(),
             (${sql.val(companyIds)}::uuid[])[1 + i % ${COMPANIES}],
             'Candidate ' || i, '+52155' || lpad(i::text, 8, '0'), 'meta_lead_ad',
             (array['applied','screening','interview_scheduled','interviewed','offered','hired',
                    'onboarded','rejected','withdrawn'])[1 + (i / ${COMPANIES}) % 9],
             timestamptz '2026-01-01' + (i % 365) * interval '1 day', now()
      from generate_series(1, ${CANDIDATES}) as i`.execute(db);
    // Every hired or onboarded candidate moved to `hired` 1 to 60 days after applying.
    await sql`
      insert into stage_transitions (id, candidate_id, company_id, from_stage, to_stage, at, actor)
      select gen_random_uuid(), id, company_id, 'offered', 'hired',
             created_at + (1 + abs(hashtext(id::text)) % 60) * interval '1 day', 'system'
      from candidates where stage in ('hired', 'onboarded')`.execute(db);
    // Index-only scans need the visibility map; a concurrent autovacuum snapshot can keep VACUUM
    // from marking every page all-visible on the first pass.
    for (const table of ['candidates', 'stage_transitions']) {
      for (let attempt = 0; attempt < 20; attempt += 1) {
        await sql`vacuum analyze ${sql.table(table)}`.execute(db);
        const { rows } = await sql<{ relpages: number; relallvisible: number }>`
          select relpages, relallvisible from pg_class where relname = ${table}`.execute(db);
        if (rows[0] && rows[0].relallvisible >= rows[0].relpages) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }, 120_000);

  afterAll(async () => {
    await db?.destroy();
  });

  async function plan(event: LogEvent): Promise<string> {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const result = await client.query<{ 'QUERY PLAN': string }>(`explain ${event.query.sql}`, [
        ...event.query.parameters,
      ]);
      return result.rows.map((r) => r['QUERY PLAN']).join('\n');
    } finally {
      await client.end();
    }
  }

  it('counts one company of many correctly, from the (company_id, stage) index alone', async () => {
    const repository = new KyselyCandidateRepository(db);
    logged.length = 0;

    const counts = await repository.countByStage(companyIds[0] as string);

    const perCompany = CANDIDATES / COMPANIES;
    expect(Object.values(counts).reduce((sum, n) => sum + (n ?? 0), 0)).toBe(perCompany);
    expect(Object.keys(counts)).toHaveLength(9);
    expect(logged).toHaveLength(1);
    const explained = await plan(logged[0] as LogEvent);
    expect(explained).toMatch(/Index Only Scan using candidates_company_stage_idx/);
    expect(explained).not.toMatch(/Seq Scan/);
  });

  it('uses an index, not a full scan, with a period filter', async () => {
    const repository = new KyselyCandidateRepository(db);
    logged.length = 0;

    const counts = await repository.countByStage(companyIds[1] as string, {
      createdFrom: new Date('2026-03-01T00:00:00Z'),
      createdTo: new Date('2026-04-01T00:00:00Z'),
    });

    expect(Object.values(counts).reduce((sum, n) => sum + (n ?? 0), 0)).toBeGreaterThan(0);
    const explained = await plan(logged[0] as LogEvent);
    expect(explained).toMatch(/Index Only Scan using candidates_company_created_at_stage_idx/);
    expect(explained).not.toMatch(/Seq Scan/);
  });

  it('computes hiring stats from a range of the (company_id, to_stage, at) index, as the hand-written SQL does', async () => {
    const companyId = companyIds[2] as string;
    const period = { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-07-01T00:00:00Z') };
    logged.length = 0;

    const stats = await new KyselyDashboardQueries(db).hiringStats(companyId, period);
    const queries = [...logged];

    const { rows } = await sql<{ hires: string; median: number | null }>`
      select count(*) as hires,
             percentile_cont(0.5) within group (order by extract(epoch from t.at - c.created_at)) as median
      from stage_transitions t join candidates c on c.id = t.candidate_id
      where t.company_id = ${companyId} and t.to_stage = 'hired'
        and t.at >= ${period.from} and t.at < ${period.to}`.execute(db);
    expect(stats.hires).toBeGreaterThan(0);
    expect(stats).toEqual({
      hires: Number(rows[0]?.hires),
      medianTimeToHireSeconds: rows[0]?.median,
    });
    expect(queries).toHaveLength(1);
    const explained = await plan(queries[0] as LogEvent);
    expect(explained).toMatch(/Index Only Scan using stage_transitions_company_to_stage_at_idx/);
    expect(explained).toMatch(/Index Scan using candidates_pkey/);
    expect(explained).not.toMatch(/Seq Scan/);
  });
});
