import type { ReportingPeriod } from '../models/reporting-period.js';

/** A company as a multi-company report run lists it. */
export interface ReportCompany {
  readonly id: string;
  readonly name: string;
}

/**
 * The read-side queries reports need beyond the dashboard and the funnel, computed by the
 * store: the companies to report on, the time to hire of each hire in a period, and those
 * hires per campaign.
 *
 * @example
 * ```ts
 * const seconds = await queries.hireDurations(companyId, { from, to });
 * ```
 */
export interface ReportQueries {
  /** Every company, by name. */
  listCompanies(): Promise<ReportCompany[]>;
  /**
   * Seconds from creation to the move to `hired` of each candidate hired in the period (the
   * hires `DashboardQueries.hiringStats` counts), in ascending order.
   */
  hireDurations(companyId: string, period: ReportingPeriod): Promise<number[]>;
  /**
   * The same hires counted per the candidate's campaign (`Candidate.campaignId`), one row per
   * campaign, `campaignId` null for the hires without one; no row for a campaign without hires.
   */
  hiresByCampaign(
    companyId: string,
    period: ReportingPeriod,
  ): Promise<{ campaignId: string | null; hires: number }[]>;
}
