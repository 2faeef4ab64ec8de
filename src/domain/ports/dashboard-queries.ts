import type { HiringStats } from '../models/dashboard-report.js';
import type { ReportingPeriod } from '../models/reporting-period.js';

/**
 * Read-side aggregates for dashboards, computed by the store (SQL), never by loading rows.
 *
 * @example
 * ```ts
 * const stats = await uow.run(({ dashboards }) => dashboards.hiringStats(companyId, period));
 * ```
 */
export interface DashboardQueries {
  /** Hires in the period (moves to `hired` whose time falls in it) and the median time to hire. */
  hiringStats(companyId: string, period: ReportingPeriod): Promise<HiringStats>;
}
