import type pg from 'pg';

/**
 * Seeds `companies` companies with `total` candidates between them (stages weighted like a
 * real funnel, creation dates over 300 days) and a `hired` transition for every hired or
 * onboarded candidate, all in SQL so a million rows take seconds. Returns the company ids.
 */
export async function seedCandidates(
  client: pg.Pool,
  total: number,
  companies: number,
): Promise<string[]> {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO companies (id, name, tier)
     SELECT gen_random_uuid(), 'Bench company ' || g, 'enterprise' FROM generate_series(1, $1::int) g
     RETURNING id`,
    [companies],
  );
  const ids = rows.map((r) => r.id);
  await client.query(
    `INSERT INTO candidates (id, company_id, name, phone, source, stage, created_at, updated_at, version)
     SELECT gen_random_uuid(), ($2::uuid[])[1 + (g % $3::int)], 'Candidate ' || g,
            '+52155' || lpad((g % 100000000)::text, 8, '0'),
            CASE WHEN g % 5 = 0 THEN 'referral' ELSE 'meta_lead_ad' END,
            CASE WHEN w < 30 THEN 'applied' WHEN w < 48 THEN 'screening'
                 WHEN w < 60 THEN 'interview_scheduled' WHEN w < 69 THEN 'interviewed'
                 WHEN w < 73 THEN 'offered' WHEN w < 78 THEN 'hired' WHEN w < 84 THEN 'onboarded'
                 WHEN w < 95 THEN 'rejected' ELSE 'withdrawn' END,
            created, created, 1
     FROM (SELECT g, ((g::bigint * 7919) % 100)::int AS w,
                  timestamptz '2026-01-01' + (g % 300) * interval '1 day' AS created
           FROM generate_series(1, $1::int) g) s`,
    [total, ids, companies],
  );
  await client.query(
    `INSERT INTO stage_transitions (id, candidate_id, company_id, from_stage, to_stage, at, actor)
     SELECT gen_random_uuid(), id, company_id, 'offered', 'hired',
            created_at + ((abs(hashtext(id::text)) % 40) + 1) * interval '1 day', 'bench'
     FROM candidates WHERE stage IN ('hired', 'onboarded') AND company_id = ANY($1::uuid[])`,
    [ids],
  );
  for (const table of ['candidates', 'stage_transitions'])
    await vacuumUntilAllVisible(client, table);
  return ids;
}

/**
 * VACUUM until the visibility map covers the table, so the planner can use index-only scans.
 * A VACUUM racing autovacuum's ANALYZE (which holds a snapshot) can leave pages unmarked.
 */
async function vacuumUntilAllVisible(client: pg.Pool, table: string): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt += 1) {
    await client.query(`VACUUM (ANALYZE) ${table}`);
    const { rows } = await client.query<{ pages: number; visible: number }>(
      'SELECT relpages AS pages, relallvisible AS visible FROM pg_class WHERE relname = $1',
      [table],
    );
    const row = rows[0];
    if (row && row.visible >= row.pages) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`VACUUM could not mark every page of ${table} all-visible`);
}
