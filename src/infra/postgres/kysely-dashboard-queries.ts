import { type Kysely, sql } from 'kysely';
import type { HiringStats } from '../../domain/models/dashboard-report.js';
import type { ReportingPeriod } from '../../domain/models/reporting-period.js';
import type { DashboardQueries } from '../../domain/ports/dashboard-queries.js';
import type { BaltraDatabase } from './database-schema.js';
import { isUuid } from './is-uuid.js';
import { TransactionScope } from './transaction-scope.js';

/**
 * `DashboardQueries` in SQL on PostgreSQL or PGlite. `hiringStats` is one statement: the
 * company's moves to `hired` in the period, a range of the `(company_id, to_stage, at)` index,
 * joined to their candidates by primary key, with the median time to hire computed by
 * `percentile_cont(0.5)` in the database.
 *
 * @example
 * ```ts
 * const stats = await new KyselyDashboardQueries(db).hiringStats(companyId, { from, to });
 * // { hires: 12, medianTimeToHireSeconds: 864000 }
 * ```
 */
export class KyselyDashboardQueries implements DashboardQueries {
  private readonly scope: TransactionScope;

  constructor(db: Kysely<BaltraDatabase>) {
    this.scope = TransactionScope.of(db);
  }

  async hiringStats(companyId: string, period: ReportingPeriod): Promise<HiringStats> {
    if (!isUuid(companyId)) return { hires: 0, medianTimeToHireSeconds: null };
    return this.scope.run('compute hiring stats', async (db: Kysely<BaltraDatabase>) => {
      const row = await db
        .selectFrom('stage_transitions as t')
        .innerJoin('candidates as c', 'c.id', 't.candidate_id')
        .select([
          sql<string | number>`count(*)`.as('hires'),
          sql<
            number | null
          >`percentile_cont(0.5) within group (order by extract(epoch from t.at - c.created_at))`.as(
            'median',
          ),
        ])
        .where('t.company_id', '=', companyId)
        .where('t.to_stage', '=', 'hired')
        .where('t.at', '>=', period.from)
        .where('t.at', '<', period.to)
        .executeTakeFirstOrThrow();
      return {
        hires: Number(row.hires),
        medianTimeToHireSeconds: row.median === null ? null : Number(row.median),
      };
    });
  }
}
