import { type Kysely, sql } from 'kysely';
import type { ReportingPeriod } from '../../domain/models/reporting-period.js';
import type { ReportCompany, ReportQueries } from '../../domain/reporting/report-queries.js';
import type { BaltraDatabase } from '../postgres/database-schema.js';
import { isUuid } from '../postgres/is-uuid.js';
import { TransactionScope } from '../postgres/transaction-scope.js';

/**
 * `ReportQueries` in SQL on PostgreSQL or PGlite: the companies by name, and each hire's time
 * to hire computed by the database over the same rows as `hiringStats` (moves to `hired` in
 * the period, a range of the `(company_id, to_stage, at)` index, joined to their candidates),
 * and the same hires counted per candidate campaign.
 *
 * @example
 * ```ts
 * const queries = new KyselyReportQueries(app.get(TOKENS.Database));
 * const seconds = await queries.hireDurations(companyId, { from, to });
 * ```
 */
export class KyselyReportQueries implements ReportQueries {
  private readonly scope: TransactionScope;

  constructor(db: Kysely<BaltraDatabase>) {
    this.scope = TransactionScope.of(db);
  }

  async listCompanies(): Promise<ReportCompany[]> {
    return this.scope.run('list companies', async (db: Kysely<BaltraDatabase>) =>
      db.selectFrom('companies').select(['id', 'name']).orderBy('name').orderBy('id').execute(),
    );
  }

  async hireDurations(companyId: string, period: ReportingPeriod): Promise<number[]> {
    if (!isUuid(companyId)) return [];
    return this.scope.run('compute hire durations', async (db: Kysely<BaltraDatabase>) => {
      const rows = await db
        .selectFrom('stage_transitions as t')
        .innerJoin('candidates as c', 'c.id', 't.candidate_id')
        .select(sql<string | number>`extract(epoch from t.at - c.created_at)`.as('seconds'))
        .where('t.company_id', '=', companyId)
        .where('t.to_stage', '=', 'hired')
        .where('t.at', '>=', period.from)
        .where('t.at', '<', period.to)
        .orderBy('seconds')
        .execute();
      return rows.map((row) => Number(row.seconds));
    });
  }

  async hiresByCampaign(
    companyId: string,
    period: ReportingPeriod,
  ): Promise<{ campaignId: string | null; hires: number }[]> {
    if (!isUuid(companyId)) return [];
    return this.scope.run('count hires per campaign', async (db: Kysely<BaltraDatabase>) => {
      const rows = await db
        .selectFrom('stage_transitions as t')
        .innerJoin('candidates as c', 'c.id', 't.candidate_id')
        .select(['c.campaign_id', sql<string | number>`count(*)`.as('hires')])
        .where('t.company_id', '=', companyId)
        .where('t.to_stage', '=', 'hired')
        .where('t.at', '>=', period.from)
        .where('t.at', '<', period.to)
        .groupBy('c.campaign_id')
        .orderBy('c.campaign_id')
        .execute();
      return rows.map((row) => ({ campaignId: row.campaign_id, hires: Number(row.hires) }));
    });
  }
}
