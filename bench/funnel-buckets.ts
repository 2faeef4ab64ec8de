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
import { compareSamples, median, quantile, ratio } from './support/stats.js';

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
  const rounds = 60;
  // The SDK and the hand-written query are compared among themselves: loading 100,000 rows
  // into JavaScript leaves garbage whose collection lands in whatever runs next, and in a
  // rotation of four the contender after it was always the SDK (3 rounds in 4).
  const samples = await compareSamples(
    {
      sdk: (r) => funnel.buckets(company(r)),
      sdkInUnitOfWork: (r) =>
        uow.run(({ candidates: repo }) => new FunnelService(repo).buckets(company(r))),
      handWritten: (r) =>
        pool.query(
          'SELECT stage, count(*)::int AS n FROM candidates WHERE company_id = $1 GROUP BY stage',
          [company(r)],
        ),
    },
    { rounds, warmup: 4 },
  );
  const loading = await compareSamples(
    {
      sdk: (r) => funnel.buckets(company(r)),
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
    { rounds: 10, warmup: 2 },
  );
  const medians = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
  // Both ran in the same round, one right after the other: their ratio cancels most of the
  // machine's drift, so its median and spread say more than a ratio of two medians.
  const hands = samples.handWritten ?? [];
  const paired = (samples.sdk ?? []).map((ms, i) => ms / (hands[i] ?? ms));
  const pairedMedian = median(paired);
  const plan = await pool.query<{ 'QUERY PLAN': string }>(
    'EXPLAIN (ANALYZE, COSTS OFF) SELECT stage, count(*)::int AS n FROM candidates WHERE company_id = $1 GROUP BY stage',
    [company(0)],
  );
  const scan =
    plan.rows.map((r) => r['QUERY PLAN'].trim()).find((line) => /Scan/.test(line)) ?? '?';
  const sdk = medians.sdk ?? 0;
  const inUow = medians.sdkInUnitOfWork ?? 0;
  const hand = medians.handWritten ?? 0;
  const load = median(loading.loadRows ?? []);
  const sdkAgainstLoad = median(loading.sdk ?? []);
  return [
    `## FunnelService.buckets, ${candidates.toLocaleString('en')} candidates in ${companies.length} companies (median of ${rounds} rounds)`,
    `sdk FunnelService.buckets:     ${sdk.toFixed(2)} ms`,
    `sdk inside uow.run (+BEGIN/COMMIT): ${inUow.toFixed(2)} ms (${ratio(inUow / hand)} hand-written)`,
    `hand-written pg GROUP BY:      ${hand.toFixed(2)} ms (plan: ${scan.replace(/\(actual.*$/, '').trim()})`,
    `load rows + count in JS:       ${load.toFixed(2)} ms`,
    `  target: sdk ≤ 1.10× hand-written → ${ratio(pairedMedian)} ${pairedMedian <= 1.1 ? 'MET' : 'MISSED'} (median of per-round ratios; interquartile ${ratio(quantile(paired, 0.25))}–${ratio(quantile(paired, 0.75))}, ratio of medians ${ratio(sdk / hand)})`,
    `  target: ≥ 20× faster than loading rows → ${ratio(load / sdkAgainstLoad)} ${load / sdkAgainstLoad >= 20 ? 'MET' : 'MISSED'} (10 rounds of their own)`,
  ];
}
