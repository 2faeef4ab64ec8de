import type { AdSpendEntry } from '../models/ad-spend.js';
import type { ReportingPeriod } from '../models/reporting-period.js';

/**
 * Ad spend per campaign and day (Meta ad account insights in production).
 *
 * @example
 * ```ts
 * const entries = await spendSource.spend(companyId, { from, to });
 * ```
 */
export interface AdSpendSource {
  /** Entries whose day falls in the period; all in one currency per company. */
  spend(companyId: string, period: ReportingPeriod): Promise<AdSpendEntry[]>;
}
