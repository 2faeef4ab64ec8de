// AdminDashboardService.report for one company over the seeded candidates, against the same
// two aggregates hand-written with `pg`.
import { AdminDashboardService } from '@baltra/sdk';
import type { KyselyUnitOfWork } from '@baltra/sdk/postgres';
import type pg from 'pg';
import { compare, ratio } from './support/stats.js';

const FROM = new Date('2026-01-01T00:00:00Z');
const TO = new Date('2027-01-01T00:00:00Z');

export async function benchAdminDashboard(
  uow: KyselyUnitOfWork,
  pool: pg.Pool,
  companies: readonly string[],
  candidates: number,
): Promise<string[]> {
  const service = new AdminDashboardService(uow);
  const company = (round: number) => companies[round % companies.length] ?? '';
  const medians = await compare(
    {
      sdk: (r) => service.report(company(r), { from: FROM, to: TO }),
      handWritten: async (r) => {
        const params = [company(r), FROM, TO];
        await pool.query(
          `SELECT stage, count(*)::int AS n FROM candidates
           WHERE company_id = $1 AND created_at >= $2 AND created_at < $3 GROUP BY stage`,
          params,
        );
        await pool.query(
          `SELECT count(*)::int AS hires,
                  percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM t.at - c.created_at)) AS median
           FROM stage_transitions t JOIN candidates c ON c.id = t.candidate_id
           WHERE t.company_id = $1 AND t.to_stage = 'hired' AND t.at >= $2 AND t.at < $3`,
          params,
        );
      },
    },
    { rounds: 20, warmup: 4 },
  );
  const sdk = medians.sdk ?? 0;
  const hand = medians.handWritten ?? 0;
  return [
    `## AdminDashboardService.report, one company of ${companies.length} (${candidates.toLocaleString('en')} candidates in all), median of 20 rounds`,
    `sdk:                 ${sdk.toFixed(2)} ms`,
    `hand-written pg SQL: ${hand.toFixed(2)} ms`,
    `  target: sdk ≤ 1.2× hand-written → ${ratio(sdk / hand)} ${sdk / hand <= 1.2 ? 'MET' : 'MISSED'}`,
  ];
}
