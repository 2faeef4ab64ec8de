import type { DashboardReport } from '../domain/models/dashboard-report.js';
import type { ReportingPeriod } from '../domain/models/reporting-period.js';
import type { AdSpendSource } from '../domain/ports/ad-spend-source.js';
import type { UnitOfWork } from '../domain/ports/unit-of-work.js';
import { AdminDashboardService } from '../domain/services/admin-dashboard-service.js';
import { warnDeprecated } from './warn-deprecated.js';

/**
 * @deprecated Use `new AdminDashboardService(uow, adSpendSource).report(companyId, period)`,
 * or `app.get(TOKENS.AdminDashboardService)`. The dashboard folder's metrics of a company for
 * a period: funnel, hires, median time to hire, ad spend and cost per hire.
 *
 * @example
 * ```ts
 * const metrics = await getDashboardMetrics(uow, companyId, { from, to }); // warns once: BALTRA_DEP014
 * metrics.medianTimeToHireDays;
 * ```
 */
export function getDashboardMetrics(
  unitOfWork: UnitOfWork,
  companyId: string,
  period: ReportingPeriod,
  adSpendSource?: AdSpendSource,
): Promise<DashboardReport> {
  warnDeprecated('BALTRA_DEP014', 'getDashboardMetrics()', 'AdminDashboardService.report()');
  return new AdminDashboardService(unitOfWork, adSpendSource).report(companyId, period);
}
