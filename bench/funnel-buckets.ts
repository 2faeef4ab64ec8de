// FunnelService.buckets over the seeded candidates on PostgreSQL, against the same GROUP BY
// hand-written with `pg`, and against loading the rows and counting in JavaScript.
import { FunnelService } from '@baltra/sdk';
import {
  type BaltraDatabase,
  KyselyCandidateRepository,
  type KyselyUnitOfWork,
} from '@baltra/sdk/postgres';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import { compare, ratio } from './support/stats.js';

export async function benchFunnelBuckets(
  db: Kysely<BaltraDatabase>,
  uow: KyselyUnitOfWork,
  pool: pg.Pool,
  companies: readonly string[],
  candidates: number,
): Promise<string[]> {
  const company = (round: number) => companies[round % companies.length] ?? '';
  // A read needs no transaction: the repository on the database itself (one statement).
  const funnel = new FunnelService(new KyselyCandidateRepository(db));
  const medians = await compare(
    {
      sdk: (r) => funnel.buckets(company(r)),
      sdkInUnitOfWork: (r) =>
        uow.run(({ candidates: repo }) => new FunnelService(repo).buckets(company(r))),
      handWritten: (r) =>
        pool.query(
          'SELECT stage, count(*)::int AS n FROM candidates WHERE company_id = $1 GROUP BY stage',
          [company(r)],
        ),
      loadRows: async (r) => {
        const { rows } = await pool.query<{ stage: string }>(
          'SELECT * FROM candidates WHERE company_id = $1',
          [company(r)],
        );
        const counts: Record<string, number> = {};
        for (const row of rows) counts[row.stage] = (counts[row.stage] ?? 0) + 1;
        return counts;
      },
    },
    { rounds: 20, warmup: 4 },
  );
  const plan = await pool.query<{ 'QUERY PLAN': string }>(
    'EXPLAIN (ANALYZE, COSTS OFF) SELECT stage, count(*)::int AS n FROM candidates WHERE company_id = $1 GROUP BY stage',
    [company(0)],
  );
  const scan =
    plan.rows.map((r) => r['QUERY PLAN'].trim()).find((line) => /Scan/.test(line)) ?? '?';
  const sdk = medians.sdk ?? 0;
  const inUow = medians.sdkInUnitOfWork ?? 0;
  const hand = medians.handWritten ?? 0;
  const load = medians.loadRows ?? 0;
  return [
    `## FunnelService.buckets, ${candidates.toLocaleString('en')} candidates in ${companies.length} companies (median of 20 rounds)`,
    `sdk FunnelService.buckets:     ${sdk.toFixed(2)} ms`,
    `sdk inside uow.run (+BEGIN/COMMIT): ${inUow.toFixed(2)} ms (${ratio(inUow / hand)} hand-written)`,
    `hand-written pg GROUP BY:      ${hand.toFixed(2)} ms (plan: ${scan.replace(/\(actual.*$/, '').trim()})`,
    `load rows + count in JS:       ${load.toFixed(2)} ms`,
    `  target: sdk ≤ 1.10× hand-written → ${ratio(sdk / hand)} ${sdk / hand <= 1.1 ? 'MET' : 'MISSED'}`,
    `  target: ≥ 20× faster than loading rows → ${ratio(load / sdk)} ${load / sdk >= 20 ? 'MET' : 'MISSED'}`,
  ];
}
