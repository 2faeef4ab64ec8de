import type { Money } from './ad-spend.js';
import type { FunnelBuckets } from './funnel-buckets.js';
import type { ReportingPeriod } from './reporting-period.js';

/** What `DashboardQueries.hiringStats` computes in the store. */
export interface HiringStats {
  /** Candidates whose move to `hired` happened in the period. */
  readonly hires: number;
  /** Median of (hired at − candidate created at) over those hires, in seconds; null without hires. */
  readonly medianTimeToHireSeconds: number | null;
}

/** The admin dashboard of one company for one period. */
export interface DashboardReport {
  readonly companyId: string;
  readonly period: ReportingPeriod;
  /** Funnel of the candidates created in the period. */
  readonly funnel: FunnelBuckets;
  readonly hires: number;
  readonly medianTimeToHireDays: number | null;
  /** Null when no spend source is configured. */
  readonly adSpend: Money | null;
  /** Ad spend divided by hires; null without hires or without spend. */
  readonly costPerHire: Money | null;
}
